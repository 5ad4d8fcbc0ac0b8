import { parseRows } from "../../db/rows";
import Stripe from "stripe";
import { domainErrorOf } from "../errors";
import { z } from "zod";
import { baseDb, inShop } from "../../db/client.server";
import { env } from "../../env.server";
import { logger } from "../../logger";
import { formatMoney } from "../../schemas/money";
import type { ShopTx } from "../../db/tenancy";
import type { OrderStatus } from "../../db/generated/client.ts";
import { recordStatus } from "../orders/core";
import { recordEvent } from "../outbox/record";
import { publishOrderChange } from "../orders/live";
import { stripeClient } from "./client";
import { recordPaidSession } from "./checkout";
import { chargeCheckoutCard, recordCheckoutIntent } from "./cart-card";
import { commissionPlan } from "./commission";
import { recordAccountUpdate } from "./connect";
import { recordDispute } from "./disputes";
import { payoutFailed, recordOutsideRefund, syncFeeRefunded } from "./refunds-outside";
import { withAuditActor } from "../audit/actor";

export { stripeClient } from "./client";

export { checkoutUrl } from "./checkout";

/**
 * A webhook endpoint's work: verify the signature with the endpoint's own
 * secret, store the event once by its id and hand it to a job in the same
 * transaction. A replayed or duplicated event is acknowledged and changes
 * nothing. The platform endpoint's events name their shop in our metadata;
 * the Connect endpoint's events name the connected account, and the shop
 * is the one that account belongs to. Returns ok: false for a bad signature.
 */
export async function receiveStripeWebhook(
  raw: Buffer,
  signature: string | undefined,
  endpoint: "platform" | "connect" = "platform",
): Promise<{ ok: boolean; duplicate?: boolean; message?: string }> {
  const secret = endpoint === "connect" ? env.STRIPE_CONNECT_WEBHOOK_SECRET : env.STRIPE_WEBHOOK_SECRET;
  if (!secret || !env.STRIPE_SECRET_KEY) return { ok: false, message: "Stripe is not configured" };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(raw, signature ?? "", secret);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const account = endpoint === "connect" ? (event.account ?? null) : null;
  if (endpoint === "connect" && !account) return { ok: false, message: "A Connect event names its account" };
  const object = event.data.object as { metadata?: Record<string, string> | null };
  const stored = await baseDb.$transaction(async (tx) => {
    const shopId = account
      ? (parseRows(z.object({ shop: z.string().nullable() }), await tx.$queryRaw`SELECT stripe_account_shop(${account}) AS shop`)[0]?.shop ?? null)
      : uuidOrNull(object.metadata?.shopId);
    const inserted = await tx.$executeRaw`
      INSERT INTO stripe_events (id, type, shop_id, account, payload) VALUES (${event.id}, ${event.type}, ${shopId}::uuid, ${account}, ${JSON.stringify(event)}::jsonb)
      ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return false;
    await recordEvent(tx, { type: "stripe.event", payload: { stripeEventId: event.id }, shopId });
    return true;
  });
  return { ok: true, duplicate: !stored };
}

/** Metadata is ours, but it is still text from outside: only a well-formed id is used. */
const uuidOrNull = (v: string | undefined) => (v && z.uuid().safeParse(v).success ? v : null);

/** The `webhooks` job: acts on a stored Stripe event once. */
export async function handleStripeEvent(stripeEventId: string): Promise<string> {
  const stored = await baseDb.stripeEvent.findUnique({ where: { id: stripeEventId } });
  if (!stored) throw new Error(`Stripe event ${stripeEventId} is not stored`);
  if (stored.processedAt) return `already processed: ${stored.result}`;
  const event = stored.payload as unknown as Stripe.Event;
  // What the event changes (an order paid, a refund settled, the account's
  // state) is in the shop's audit log as the system, naming the event.
  const system = { userId: null, ip: "", userAgent: `Stripe ${event.type} ${event.id}`, source: "system" } as const;
  const result = stored.shopId
    ? await withAuditActor(system, () => actOn(stored.shopId!, stored.account, event))
    : await withAuditActor(system, () => actOnPlatform(event));
  await baseDb.stripeEvent.update({ where: { id: stripeEventId }, data: { processedAt: new Date(), result } });
  return result;
}

/** A platform event about no one shop: the card kept for a checkout across shops (decision 0032), which pays each shop's order. */
async function actOnPlatform(event: Stripe.Event): Promise<string> {
  if (event.type !== "checkout.session.completed") return "no shop for this event";
  const s = event.data.object;
  const checkoutId = uuidOrNull(s.metadata?.checkoutId);
  if (s.mode !== "setup" || !checkoutId) return "no shop for this event";
  try {
    const outcomes = await chargeCheckoutCard(checkoutId, s.id);
    return `checkout card: ${outcomes.map((o) => o.outcome).join(", ") || "no orders"}`;
  } catch (error) {
    const domain = domainErrorOf(error);
    if (domain) return `checkout card not used: ${domain.message}`;
    throw error;
  }
}

async function actOn(shopId: string, account: string | null, event: Stripe.Event): Promise<string> {
  switch (event.type) {
    case "payment_intent.succeeded": {
      // Only a checkout across shops charges a PaymentIntent itself; a shop's own Checkout is recorded from its session.
      const pi = event.data.object;
      if (!uuidOrNull(pi.metadata?.checkoutId)) return "ignored";
      try {
        return await recordCheckoutIntent(shopId, account, pi);
      } catch (error) {
        if (domainErrorOf(error)?.code === "not_found") return "no such order in this shop";
        throw error;
      }
    }
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const s = event.data.object;
      if (s.payment_status !== "paid") return `not paid yet (${s.payment_status})`;
      if (!uuidOrNull(s.metadata?.orderId)) return "no order in the metadata";
      try {
        return await recordPaidSession(shopId, account, s);
      } catch (error) {
        if (domainErrorOf(error)?.code === "not_found") return "no such order in this shop";
        throw error;
      }
    }
    case "checkout.session.async_payment_failed":
      // Only cards are offered (allowed_payment_method_types), whose result is known at once.
      return "delayed payment failed: the order stays unpaid until it expires";
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
      return settleRefund(shopId, account, event.data.object);
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
      return recordDispute(shopId, event.data.object);
    case "account.updated":
      return recordAccountUpdate(shopId, event.data.object, event.created);
    case "payout.failed":
      return payoutFailed(shopId, event.data.object);
    default:
      return "ignored";
  }
}

/**
 * Stripe's word on a refund. Ours (metadata.refundId, or the Stripe id we
 * stored) follows Stripe's status: pending and requires_action are kept
 * with their date so staff see a refund that waits; a refund can fail
 * after it was reported pending or even succeeded (Stripe's test card
 * 4000 0000 0000 5126 does that): the money is then back in the shop's
 * balance, not with the customer, so it is marked failed, leaves the
 * reports, the order's history says so and the managers are told to pay
 * the customer back another way. A refund we never asked for was made in
 * the shop's Stripe dashboard: recorded against its order once
 * (refunds_stripe_id_key), so the refundable amount is what Stripe says.
 */
async function settleRefund(shopId: string, account: string | null, r: Stripe.Refund) {
  const duplicateId = uuidOrNull(r.metadata?.duplicateId);
  if (duplicateId) {
    // The automatic refund of a second payment (refundDuplicatePayment): its row follows Stripe.
    const n = await inShop(shopId, (tx) => tx.duplicatePayment.updateMany({ where: { id: duplicateId }, data: { refundId: r.id, refundStatus: r.status } }));
    return `duplicate payment refund ${r.status} (${n.count})`;
  }
  const ourId = uuidOrNull(r.metadata?.refundId);
  const changed = await inShop(shopId, async (tx) => {
    const refund = await tx.refund.findFirst({
      where: ourId ? { id: ourId } : { stripeId: r.id },
      select: {
        id: true,
        orderId: true,
        amount: true,
        status: true,
        stripeId: true,
        stripeStatus: true,
        order: { select: { status: true, currency: true, number: true } },
      },
    });
    if (!refund) return null;
    // A failed refund stays failed: a late "succeeded" does not undo it.
    if (refund.status === "failed") return { ...refund, next: "failed (unchanged)" };
    const status = r.status === "succeeded" ? "succeeded" : r.status === "failed" || r.status === "canceled" ? "failed" : "pending";
    await tx.refund.update({
      where: { shopId_id: { shopId, id: refund.id } },
      data: { status, stripeId: r.id, ...(refund.stripeStatus !== r.status ? { stripeStatus: r.status, stripeStatusAt: new Date() } : {}) },
      select: { id: true },
    });
    if (status === "failed") await refundFailed(tx, shopId, { ...refund, reason: r.failure_reason ?? r.status ?? "failed" });
    return { ...refund, next: status };
  });
  if (!changed) {
    if (ourId) return "refund not found in this shop";
    return recordOutsideRefund(shopId, account, r);
  }
  await syncFeeRefunded(shopId, changed.orderId);
  // Open order boards show the refund's new state (and a failure's note) without a reload.
  await publishOrderChange(shopId, { orderId: changed.orderId, number: changed.order.number, status: "refund", isNew: false });
  return `refund ${changed.next}: Stripe says ${r.status}`;
}

/** A card refund that did not reach the customer: see settleRefund. */
async function refundFailed(
  tx: ShopTx,
  shopId: string,
  refund: { id: string; orderId: string; amount: number; reason: string; order: { status: OrderStatus; currency: string } },
) {
  const note = `The card refund of ${formatMoney(refund.amount, refund.order.currency)} failed at Stripe (${refund.reason}): the customer has not been paid back. Pay them another way.`;
  // The status stays (refunded or partly: the shop still owes it); the
  // history says why, and the reports hear of it, as with any refund.
  await recordStatus(tx, shopId, refund.orderId, refund.order.status, refund.order.status, { userId: null, label: "Stripe" }, note);
  await recordEvent(tx, { type: "refund.failed", payload: { orderId: refund.orderId, refundId: refund.id }, shopId });
}

/** Stripe keeps an idempotency key about 24 hours: a refund first tried longer ago than this is looked up before it is sent again. */
const KEY_LIFETIME_MS = 23 * 3600_000;

/**
 * The `refund.stripe` job: asks Stripe for a refund recorded as pending, on
 * the shop's account, giving the commission back in proportion unless the
 * shop's plan keeps it. The refund's id is the idempotency key, so a
 * retried job never refunds twice; once the key may have expired at
 * Stripe, the refunds already made on the payment are searched for ours
 * first.
 */
export async function sendStripeRefund(shopId: string, refundId: string): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw new Error("STRIPE_SECRET_KEY is not set: the refund stays pending");
  const refund = await inShop(shopId, (tx) =>
    tx.refund.findFirst({
      where: { id: refundId },
      select: {
        id: true,
        amount: true,
        status: true,
        stripeId: true,
        orderId: true,
        createdAt: true,
        order: { select: { stripePaymentId: true, stripeAccount: true, applicationFee: true, number: true, status: true, currency: true } },
      },
    }),
  );
  if (!refund) return "refund not found";
  if (refund.stripeId) return `already sent: ${refund.stripeId}`;
  if (!refund.order.stripePaymentId) throw new Error(`Order #${refund.order.number} has no Stripe payment to refund`);
  const options = { ...(refund.order.stripeAccount ? { stripeAccount: refund.order.stripeAccount } : {}) };
  let sent: Stripe.Refund | undefined;
  if (Date.now() - refund.createdAt.getTime() > KEY_LIFETIME_MS) {
    const made = await stripe.refunds.list({ payment_intent: refund.order.stripePaymentId, limit: 100 }, options);
    sent = made.data.find((r) => r.metadata?.refundId === refundId);
  }
  if (!sent) {
    const plan = await commissionPlan(shopId, refund.order.currency);
    const returnFee = Boolean(refund.order.stripeAccount) && refund.order.applicationFee > 0 && plan.refundsReturnFee;
    sent = await stripe.refunds.create(
      {
        payment_intent: refund.order.stripePaymentId,
        amount: refund.amount,
        metadata: { refundId, orderId: refund.orderId, shopId },
        ...(returnFee ? { refund_application_fee: true } : {}),
      },
      { ...options, idempotencyKey: `refund:${refundId}` },
    );
  }
  const status = sent.status === "succeeded" ? "succeeded" : sent.status === "failed" || sent.status === "canceled" ? "failed" : "pending";
  const got = sent;
  await inShop(shopId, async (tx) => {
    const n = await tx.refund.updateMany({
      where: { id: refundId, stripeId: null },
      data: { stripeId: got.id, status, stripeStatus: got.status, stripeStatusAt: new Date() },
    });
    if (n.count && status === "failed") await refundFailed(tx, shopId, { ...refund, reason: got.failure_reason ?? got.status ?? "failed" });
  });
  await syncFeeRefunded(shopId, refund.orderId);
  await publishOrderChange(shopId, { orderId: refund.orderId, number: refund.order.number, status: "refund", isNew: false });
  if (status === "failed") logger.warn("stripe refund failed", { shopId, refundId, stripeRefund: sent.id });
  return `${sent.id}: ${status}`;
}

/**
 * Card orders whose Stripe state and ours disagree: money received for an
 * order we think unpaid, an order we think paid without the money,
 * refunded amounts that differ, money taken back by disputes, and second
 * payments for one order (refunded automatically, listed until Stripe
 * confirms the refund). Checks the shop's last 100 card orders, each on
 * the account its payment was made on.
 */
export async function reconciliation(shopId: string) {
  const stripe = stripeClient();
  if (!stripe) return { configured: false, checked: 0, mismatches: [], duplicates: [] };
  const account = (await inShop(shopId, (tx) => tx.shopStripeAccount.findFirst({ select: { accountId: true } })))?.accountId ?? null;
  const { orders, duplicates } = await inShop(shopId, async (tx) => ({
    orders: await tx.order.findMany({
      where: { paymentMethod: "card_online", stripeSessionId: { not: null } },
      orderBy: { id: "desc" },
      take: 100,
      select: {
        id: true,
        number: true,
        status: true,
        total: true,
        paid: true,
        refunded: true,
        disputed: true,
        currency: true,
        stripeSessionId: true,
        stripePaymentId: true,
        stripeAccount: true,
      },
    }),
    duplicates: await tx.duplicatePayment.findMany({
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, orderId: true, amount: true, currency: true, refundId: true, refundStatus: true, createdAt: true, paymentIntent: true },
    }),
  }));
  const mismatches = [];
  for (const o of orders) {
    // Sessions made since Connect live on the shop's account; older ones on the platform.
    const on = o.stripeAccount ?? (o.stripePaymentId ? null : account);
    const options = on ? { stripeAccount: on } : {};
    const session = await stripe.checkout.sessions.retrieve(o.stripeSessionId!, {}, options).catch(() => null);
    if (!session) continue;
    const piId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
    let received = 0;
    let refunded = 0;
    let disputed = 0;
    if (piId) {
      const pi = await stripe.paymentIntents.retrieve(piId, { expand: ["latest_charge"] }, options);
      received = pi.amount_received ?? 0;
      const charge = pi.latest_charge as Stripe.Charge | string | null;
      refunded = charge && typeof charge !== "string" ? charge.amount_refunded : 0;
      if (charge && typeof charge !== "string" && charge.disputed) {
        const ds = await stripe.disputes.list({ payment_intent: piId, limit: 10 }, options);
        disputed = ds.data.filter((d) => !["won", "warning_closed", "prevented"].includes(d.status)).reduce((a, d) => a + d.amount, 0);
      }
    }
    const problems: string[] = [];
    if (received !== o.paid) problems.push(`Stripe received ${received}, Nearshop recorded ${o.paid} paid`);
    if (refunded !== o.refunded) problems.push(`Stripe refunded ${refunded}, Nearshop recorded ${o.refunded}`);
    if (disputed !== o.disputed) problems.push(`Stripe says ${disputed} was taken back by disputes, Nearshop recorded ${o.disputed}`);
    if (problems.length)
      mismatches.push({ ...o, stripe: { sessionStatus: session.status, paymentStatus: session.payment_status, received, refunded, disputed }, problems });
  }
  return { configured: true, checked: orders.length, mismatches, duplicates };
}
