import { z } from "zod";
import { IdRow, parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { baseDb, inShop } from "../../db/client.server";
import type { OrderStatus } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { badRequest, notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import { formatMoney } from "../../schemas/money";
import { linkEarlyDisputes } from "../payments/disputes";
import { countTowardsCustomer, lockOrder, moveStock, orderLines, recordStatus, type Actor, type LockedOrder } from "./core";
import { publishOrderChange } from "./live";
import { assertTransition, HOLDS_RESERVATION } from "./states";

type Change = { order: LockedOrder; to: OrderStatus; actor: Actor; note?: string; tender?: "cash" | "card_terminal" };

/**
 * Moves a locked order to `to` with what that means for stock and money:
 * cancelling releases its reservation; completing turns the reservation
 * into a sale (taking the payment first for a pay-at-pickup order); the
 * change is recorded with who and when, and the customer is told when the
 * order is ready.
 */
/** The statuses the customer is emailed about, each with its event. */
const CUSTOMER_TOLD: Partial<Record<string, "order.ready_for_pickup" | "order.out_for_delivery" | "order.cancelled">> = {
  ready_for_pickup: "order.ready_for_pickup",
  out_for_delivery: "order.out_for_delivery",
  cancelled: "order.cancelled",
};

async function applyTransition(tx: ShopTx, shopId: string, c: Change) {
  const { order, to, actor } = c;
  assertTransition(order, to);
  const lines = await orderLines(tx, order.id);
  if (to === "cancelled" && HOLDS_RESERVATION.has(order.status)) {
    await moveStock(tx, shopId, "release", order, lines, actor.userId);
  }
  let paid = order.paid;
  if (to === "completed") {
    if (order.paid < order.total) {
      if (!c.tender) throw badRequest("This order is not paid yet: choose how the customer paid (cash or card terminal)");
      await tx.payment.create({
        data: { shopId, orderId: order.id, kind: c.tender, amount: order.total - order.paid, locationId: order.locationId, staffId: actor.userId },
        select: { id: true },
      });
      paid = order.total;
    }
    await moveStock(tx, shopId, "sell_reserved", order, lines, actor.userId);
  }
  await tx.$executeRaw`
    UPDATE orders SET status = ${to}::"OrderStatus", paid = ${paid}::int, updated_at = now(),
      completed_at = CASE WHEN ${to} = 'completed' THEN now() ELSE completed_at END,
      -- A card order's payment time ends when it is paid; a pay-at-pickup
      -- order's hold runs until it is collected or cancelled.
      expires_at = CASE WHEN ${to} IN ('pending_payment', 'confirmed', 'preparing', 'ready_for_pickup') THEN expires_at ELSE NULL END
    WHERE shop_id = ${shopId}::uuid AND id = ${order.id}::uuid`;
  await recordStatus(tx, shopId, order.id, order.status, to, actor, c.note ?? "");
  const told = CUSTOMER_TOLD[to];
  if (told) await recordEvent(tx, { type: told, payload: { orderId: order.id }, shopId });
}

/** A staff member moves an order on (board or order page). */
export async function transitionOrder(
  shopId: string,
  actor: Actor,
  input: { orderId: string; to: OrderStatus; note?: string; tender?: "cash" | "card_terminal" },
) {
  const result = await inShop(shopId, async (tx) => {
    const order = await lockOrder(tx, shopId, input.orderId);
    if (!order) throw notFound("Order");
    await applyTransition(tx, shopId, { order, to: input.to, actor, note: input.note, tender: input.tender });
    return { orderId: order.id, number: order.number, status: input.to };
  });
  await publishOrderChange(shopId, { ...result, isNew: false });
  return result;
}

/** An order to be paid at pickup that nobody has paid or collected yet. */
const uncollectedPickup = (o: LockedOrder) =>
  o.paymentMethod === "pay_at_pickup" && o.paid === 0 && ["confirmed", "preparing", "ready_for_pickup"].includes(o.status);

/**
 * The unpaid-order timer (a delayed job, and a sweep as a safety net): a
 * card order still awaiting payment after its time, or an order to be paid
 * at pickup that nobody collected within the shop's hold, is cancelled and
 * its stock released. Anything else (paid meanwhile, collected, already
 * cancelled) is left alone.
 */
export async function expireOrder(shopId: string, orderId: string, now = new Date()): Promise<"expired" | "not due" | "nothing to do"> {
  const result = await inShop(shopId, async (tx) => {
    const order = await lockOrder(tx, shopId, orderId);
    if (!order || (order.status !== "pending_payment" && !uncollectedPickup(order))) return { outcome: "nothing to do" as const };
    if (!order.expiresAt || order.expiresAt > now) return { outcome: "not due" as const };
    const note = order.status === "pending_payment" ? "Not paid in time: stock released" : "Not collected in time: stock released";
    await applyTransition(tx, shopId, { order, to: "cancelled", actor: { userId: null, label: "system" }, note });
    return { outcome: "expired" as const, number: order.number };
  });
  if (result.outcome === "expired") await publishOrderChange(shopId, { orderId, number: result.number, status: "cancelled", isNew: false });
  return result.outcome;
}

/** Orders whose payment time has passed, across shops, for the sweep. */
export async function overdueOrders(limit = 500) {
  return baseDb.$queryRaw`
    SELECT shop_id AS "shopId", order_id AS "orderId" FROM overdue_orders(${limit}::int)`.then((rows) =>
    parseRows(z.object({ shopId: z.string(), orderId: z.string() }), rows),
  );
}

/**
 * A card payment arrived (the Stripe webhook job). Paid in time: the order
 * becomes paid and the shop and customer are told. Paid after it expired:
 * the stock is reserved again if it is still there; if not, the payment is
 * refunded in full and the order stays cancelled.
 */
export async function recordCardPayment(
  shopId: string,
  orderId: string,
  payment: { amount: number; paymentIntent: string; applicationFee?: number; sessionId?: string; account?: string | null },
): Promise<"paid" | "already paid" | "duplicate: refunding" | "refund: stock gone" | "refund: amount differs"> {
  const result = await inShop(shopId, async (tx) => {
    const order = await lockOrder(tx, shopId, orderId);
    if (!order) throw notFound("Order");
    if (order.stripePaymentId === payment.paymentIntent) return { outcome: "already paid" as const };
    if (order.paid > 0 && order.stripePaymentId) {
      // A second card payment for an order already paid (two tabs, the back
      // button, a session left open): recorded, said, and given back.
      const [dup] = parseRows(
        IdRow,
        await tx.$queryRaw`
        INSERT INTO duplicate_payments (shop_id, id, order_id, payment_intent, session_id, amount, currency)
        VALUES (${shopId}::uuid, ${uuidv7()}::uuid, ${orderId}::uuid, ${payment.paymentIntent}, ${payment.sessionId ?? ""}, ${payment.amount}::int, ${order.currency})
        ON CONFLICT (payment_intent) DO NOTHING RETURNING id`,
      );
      if (!dup) return { outcome: "already paid" as const };
      await recordStatus(
        tx,
        shopId,
        orderId,
        order.status,
        order.status,
        { userId: null, label: "Stripe" },
        `A second card payment of ${formatMoney(payment.amount, order.currency)} was made for this order: it is being refunded to the customer automatically`,
      );
      await recordEvent(tx, { type: "refund.duplicate", payload: { duplicateId: dup.id }, shopId });
      return { outcome: "duplicate: refunding" as const };
    }
    // The money is in: recorded whatever happens to the order next.
    await tx.payment.create({
      data: { shopId, orderId, kind: "stripe", amount: payment.amount, reference: payment.paymentIntent, locationId: order.locationId },
      select: { id: true },
    });
    await tx.$executeRaw`
      UPDATE orders SET paid = ${payment.amount}::int, stripe_payment_id = ${payment.paymentIntent},
             application_fee = ${payment.applicationFee ?? 0}::int, stripe_account = ${payment.account ?? null}, updated_at = now()
      WHERE shop_id = ${shopId}::uuid AND id = ${orderId}::uuid`;
    const refund = async (why: string) => {
      const refundId = uuidv7();
      await tx.refund.create({
        data: { shopId, id: refundId, orderId, kind: "stripe", amount: payment.amount, status: "pending", reason: why, locationId: order.locationId },
        select: { id: true },
      });
      await tx.$executeRaw`UPDATE orders SET refunded = ${payment.amount}::int, status = 'refunded' WHERE shop_id = ${shopId}::uuid AND id = ${orderId}::uuid`;
      await recordStatus(tx, shopId, orderId, order.status, "refunded", { userId: null, label: "Stripe" }, why);
      await recordEvent(tx, { type: "refund.stripe", payload: { refundId }, shopId });
    };
    if (payment.amount !== order.total) {
      await refund(`Paid ${payment.amount} instead of ${order.total}: refunded`);
      return { outcome: "refund: amount differs" as const };
    }
    if (order.status === "cancelled") {
      const lines = await orderLines(tx, orderId);
      try {
        await tx.$executeRaw`SAVEPOINT rereserve`;
        await moveStock(tx, shopId, "reserve", order, lines, null);
        await tx.$executeRaw`RELEASE SAVEPOINT rereserve`;
      } catch {
        await tx.$executeRaw`ROLLBACK TO SAVEPOINT rereserve`;
        await refund("Paid after the order expired and the stock was sold: refunded");
        return { outcome: "refund: stock gone" as const };
      }
      await recordStatus(tx, shopId, orderId, "cancelled", "pending_payment", { userId: null, label: "Stripe" }, "Paid after expiry: stock reserved again");
      order.status = "pending_payment";
    }
    // A chargeback that arrived before this payment was recorded now finds its order.
    await linkEarlyDisputes(tx, shopId, orderId, payment.paymentIntent);
    await applyTransition(tx, shopId, { order: { ...order, paid: payment.amount }, to: "paid", actor: { userId: null, label: "Stripe" } });
    await countTowardsCustomer(tx, shopId, order.customerId, payment.amount);
    await recordEvent(tx, { type: "order.placed", payload: { orderId }, shopId });
    return { outcome: "paid" as const, number: order.number };
  });
  if (result.outcome === "paid") await publishOrderChange(shopId, { orderId, number: result.number, status: "paid", isNew: true });
  return result.outcome;
}
