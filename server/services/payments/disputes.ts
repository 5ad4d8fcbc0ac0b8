import { z } from "zod";
import { parseRows } from "../../db/rows";
import type Stripe from "stripe";
import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { formatMoney } from "../../schemas/money";
import { recordStatus } from "../orders/core";
import { recordEvent } from "../outbox/record";

/** Stripe's dispute statuses after which nothing changes any more. */
export const CLOSED_DISPUTE = ["won", "lost", "warning_closed", "prevented"];

/**
 * A chargeback, as Stripe reports it (charge.dispute.created, .updated,
 * .closed, .funds_withdrawn, .funds_reinstated), recorded once per dispute:
 * the order is marked (its `disputed` amount counts the money taken back
 * while the dispute is open or lost), its history says so, and the shop's
 * managers are told once, with the amount and the deadline to respond.
 * Events may come in any order or twice: a closed dispute stays closed,
 * and the notice goes out only when the dispute is first recorded. A
 * dispute whose payment is not recorded yet waits with no order; the
 * payment links it when it comes (linkEarlyDisputes).
 */
export async function recordDispute(
  shopId: string,
  d: Pick<Stripe.Dispute, "id" | "amount" | "currency" | "reason" | "status" | "payment_intent" | "evidence_details">,
) {
  const pi = typeof d.payment_intent === "string" ? d.payment_intent : (d.payment_intent?.id ?? null);
  const dueBy = d.evidence_details?.due_by ? new Date(d.evidence_details.due_by * 1000) : null;
  const closed = CLOSED_DISPUTE.includes(d.status);
  return inShop(shopId, async (tx) => {
    const order = pi ? await tx.order.findFirst({ where: { stripePaymentId: pi }, select: { id: true, status: true, currency: true } }) : null;
    const [row] = parseRows(
      z.object({ id: z.string(), inserted: z.boolean() }),
      await tx.$queryRaw`
      INSERT INTO card_disputes (shop_id, id, stripe_id, order_id, payment_intent, amount, currency, reason, status, due_by, closed_at, updated_at)
      VALUES (${shopId}::uuid, gen_random_uuid(), ${d.id}, ${order?.id ?? null}::uuid, ${pi}, ${d.amount}::int, ${d.currency.toUpperCase()}, ${d.reason}, ${d.status},
              ${dueBy}, ${closed ? new Date() : null}, now())
      ON CONFLICT (stripe_id) DO UPDATE SET
        status = CASE WHEN card_disputes.status = ANY(${CLOSED_DISPUTE}::text[]) THEN card_disputes.status ELSE EXCLUDED.status END,
        closed_at = coalesce(card_disputes.closed_at, EXCLUDED.closed_at),
        due_by = coalesce(EXCLUDED.due_by, card_disputes.due_by),
        order_id = coalesce(card_disputes.order_id, EXCLUDED.order_id),
        updated_at = now()
      RETURNING id, (xmax = 0) AS inserted`,
    );
    if (!row) throw new Error("dispute not recorded");
    if (order) await syncOrderDisputed(tx, shopId, order.id);
    if (row.inserted && order) {
      await recordStatus(
        tx,
        shopId,
        order.id,
        order.status as never,
        order.status as never,
        { userId: null, label: "Stripe" },
        `The customer's bank disputed ${formatMoney(d.amount, order.currency)} of this card payment (${d.reason.replace(/_/g, " ")})${dueBy ? `; respond in your Stripe dashboard by ${dueBy.toISOString().slice(0, 10)}` : ""}`,
      );
    }
    if (row.inserted) await recordEvent(tx, { type: "dispute.opened", payload: { disputeId: row.id }, shopId });
    return `dispute ${d.status}${row.inserted ? " (new)" : ""}`;
  });
}

/** The order's disputed amount: money taken back by disputes still open or lost. */
async function syncOrderDisputed(tx: ShopTx, shopId: string, orderId: string) {
  await tx.$executeRaw`
    UPDATE orders SET disputed = coalesce((
      SELECT sum(amount) FROM card_disputes WHERE shop_id = ${shopId}::uuid AND order_id = ${orderId}::uuid AND status NOT IN ('won', 'warning_closed', 'prevented')), 0), updated_at = now()
    WHERE shop_id = ${shopId}::uuid AND id = ${orderId}::uuid`;
}

/** Disputes recorded before their payment (events out of order) join the order once the payment is recorded. */
export async function linkEarlyDisputes(tx: ShopTx, shopId: string, orderId: string, paymentIntent: string) {
  const linked = await tx.$executeRaw`
    UPDATE card_disputes SET order_id = ${orderId}::uuid, updated_at = now()
    WHERE shop_id = ${shopId}::uuid AND payment_intent = ${paymentIntent} AND order_id IS NULL`;
  if (linked) await syncOrderDisputed(tx, shopId, orderId);
}

/** Open disputes first (by deadline), then the last closed ones. */
export async function listDisputes(shopId: string) {
  return inShop(shopId, (tx) =>
    tx.cardDispute.findMany({
      orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { dueBy: "asc" }],
      take: 50,
      select: {
        id: true,
        stripeId: true,
        amount: true,
        currency: true,
        reason: true,
        status: true,
        dueBy: true,
        closedAt: true,
        createdAt: true,
        orderId: true,
      },
    }),
  );
}
