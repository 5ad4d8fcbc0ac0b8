import Stripe from "stripe";
import { z } from "zod";
import { baseDb, inShop } from "../../db/client.server";
import { env } from "../../env.server";
import { logger } from "../../logger";
import { badRequest, notFound } from "../errors";
import { formatMoney } from "../../schemas/money";
import type { ShopTx } from "../../db/tenancy";
import type { OrderStatus } from "../../db/generated/client.ts";
import { recordStatus } from "../orders/core";
import { recordEvent } from "../outbox/record";
import { recordCardPayment } from "../orders/transitions";
import { publishOrderChange } from "../orders/live";

let client: Stripe | null = null;

/** The Stripe SDK, pointed at STRIPE_API_URL when set (the local stand-in); null without a key. */
export function stripeClient(): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  if (!client) {
    const api = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : null;
    client = new Stripe(env.STRIPE_SECRET_KEY, {
      maxNetworkRetries: 2,
      timeout: 10_000,
      ...(api ? { host: api.hostname, port: api.port || (api.protocol === "https:" ? 443 : 80), protocol: api.protocol.replace(":", "") as "http" | "https" } : {}),
    });
  }
  return client;
}

/**
 * Stripe Checkout for an order awaiting card payment: one line for the
 * order's total (tax and delivery included, so the amounts always agree),
 * the order and shop ids in the metadata for the webhook, and a session
 * that lapses with the order (Stripe's minimum is 30 minutes). Reuses the
 * open session if there is one.
 */
export async function checkoutUrl(shopId: string, orderId: string, returnTo: { success: string; cancel: string }): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw badRequest("Card payment is not available at the moment");
  const order = await inShop(shopId, (tx) =>
    tx.order.findFirst({
      where: { id: orderId },
      select: { id: true, number: true, status: true, total: true, currency: true, contactEmail: true, expiresAt: true, stripeSessionId: true, shop: { select: { name: true } } },
    }),
  );
  if (!order) throw notFound("Order");
  if (order.status !== "pending_payment") throw badRequest("This order is not waiting for a payment");
  if (order.stripeSessionId) {
    const open = await stripe.checkout.sessions.retrieve(order.stripeSessionId);
    if (open.status === "open" && open.url) return open.url;
  }
  const expiresAt = Math.max(Math.floor((order.expiresAt?.getTime() ?? Date.now()) / 1000), Math.floor(Date.now() / 1000) + 31 * 60);
  const session = await stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{
        quantity: 1,
        price_data: { currency: order.currency.toLowerCase(), unit_amount: order.total, product_data: { name: `Order #${order.number} at ${order.shop.name}` } },
      }],
      client_reference_id: order.id,
      customer_email: order.contactEmail ?? undefined,
      metadata: { orderId: order.id, shopId },
      payment_intent_data: { metadata: { orderId: order.id, shopId } },
      success_url: returnTo.success,
      cancel_url: returnTo.cancel,
      expires_at: expiresAt,
    },
    { idempotencyKey: `checkout:${order.id}:${order.stripeSessionId ?? "first"}` },
  );
  await inShop(shopId, (tx) =>
    tx.order.update({ where: { shopId_id: { shopId, id: order.id } }, data: { stripeSessionId: session.id }, select: { id: true } }),
  );
  if (!session.url) throw new Error("Stripe returned a session without a URL");
  return session.url;
}

/**
 * The webhook endpoint's work: verify the signature with the real scheme,
 * store the event once by its id and hand it to a job in the same
 * transaction. A replayed or duplicated event is acknowledged and changes
 * nothing. Returns false for a bad signature.
 */
export async function receiveStripeWebhook(raw: Buffer, signature: string | undefined): Promise<{ ok: boolean; duplicate?: boolean; message?: string }> {
  if (!env.STRIPE_WEBHOOK_SECRET || !env.STRIPE_SECRET_KEY) return { ok: false, message: "Stripe is not configured" };
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(raw, signature ?? "", env.STRIPE_WEBHOOK_SECRET);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const object = event.data.object as { metadata?: Record<string, string> | null };
  const shopId = uuidOrNull(object.metadata?.shopId);
  const stored = await baseDb.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO stripe_events (id, type, shop_id, payload) VALUES (${event.id}, ${event.type}, ${shopId}::uuid, ${JSON.stringify(event)}::jsonb)
      ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return false;
    await recordEvent(tx, { type: "stripe.event", payload: { stripeEventId: event.id }, shopId });
    return true;
  });
  return { ok: true, duplicate: !stored };
}

/** Metadata is ours, but it is still text from outside: only a well-formed id is used. */
const uuidOrNull = (v: string | undefined) => (v && z.uuid().safeParse(v).success ? v : null);

type SessionObject = { id: string; payment_status: string; amount_total: number | null; payment_intent: string | { id: string } | null; metadata: Record<string, string> | null };
type RefundObject = { id: string; status: string | null; failure_reason?: string | null; metadata: Record<string, string> | null };

/** The `webhooks` job: acts on a stored Stripe event once. */
export async function handleStripeEvent(stripeEventId: string): Promise<string> {
  const stored = await baseDb.stripeEvent.findUnique({ where: { id: stripeEventId } });
  if (!stored) throw new Error(`Stripe event ${stripeEventId} is not stored`);
  if (stored.processedAt) return `already processed: ${stored.result}`;
  const event = stored.payload as unknown as Stripe.Event;
  let result = "ignored";
  if (event.type === "checkout.session.completed" || event.type === "checkout.session.async_payment_succeeded") {
    const s = event.data.object as unknown as SessionObject;
    const orderId = uuidOrNull(s.metadata?.orderId);
    const shopId = stored.shopId;
    if (s.payment_status !== "paid") result = `not paid yet (${s.payment_status})`;
    else if (!orderId || !shopId) result = "no order in the metadata";
    else {
      const pi = typeof s.payment_intent === "string" ? s.payment_intent : s.payment_intent?.id ?? s.id;
      result = await recordCardPayment(shopId, orderId, { amount: s.amount_total ?? 0, paymentIntent: pi });
    }
  } else if (event.type === "refund.updated" || event.type === "refund.created") {
    const r = event.data.object as unknown as RefundObject;
    result = await settleRefund(stored.shopId, r.id, r.status, r.failure_reason);
  }
  await baseDb.stripeEvent.update({ where: { id: stripeEventId }, data: { processedAt: new Date(), result } });
  return result;
}

/**
 * Stripe's word on a refund we asked for. A refund can fail after it was
 * reported pending, or even succeeded (Stripe's test card 4000 0000 0000
 * 5126 does exactly that): the money is then back in the shop's balance,
 * not with the customer. The refund is marked failed, its amount leaves
 * the reports, the order's history says so, and the shop's managers are
 * told to pay the customer back another way.
 */
async function settleRefund(shopId: string | null, stripeRefundId: string, status: string | null, failureReason?: string | null) {
  if (!shopId) return "no shop in the metadata";
  const next = status === "succeeded" ? "succeeded" : status === "failed" || status === "canceled" ? "failed" : null;
  if (!next) return `refund ${status}`;
  const changed = await inShop(shopId, async (tx) => {
    // A failed refund stays failed: a late "succeeded" does not undo it.
    const refund = await tx.refund.findFirst({
      where: { stripeId: stripeRefundId, status: next === "failed" ? { not: "failed" } : "pending" },
      select: { id: true, orderId: true, amount: true, order: { select: { status: true, currency: true, number: true } } },
    });
    if (!refund) return null;
    await tx.refund.update({ where: { shopId_id: { shopId, id: refund.id } }, data: { status: next }, select: { id: true } });
    if (next === "failed") await refundFailed(tx, shopId, { ...refund, reason: failureReason ?? status ?? "failed" });
    return refund;
  });
  // Open order boards show the refund's new state (and a failure's note) without a reload.
  if (changed) await publishOrderChange(shopId, { orderId: changed.orderId, number: changed.order.number, status: "refund", isNew: false });
  return `refund ${next} (${changed ? 1 : 0} updated)`;
}

/** A card refund that did not reach the customer: see settleRefund. */
async function refundFailed(tx: ShopTx, shopId: string, refund: { id: string; orderId: string; amount: number; reason: string; order: { status: OrderStatus; currency: string } }) {
  const note = `The card refund of ${formatMoney(refund.amount, refund.order.currency)} failed at Stripe (${refund.reason}): the customer has not been paid back. Pay them another way.`;
  // The status stays (refunded or partly: the shop still owes it); the
  // history says why, and the reports hear of it, as with any refund.
  await recordStatus(tx, shopId, refund.orderId, refund.order.status, refund.order.status, { userId: null, label: "Stripe" }, note);
  await recordEvent(tx, { type: "refund.failed", payload: { orderId: refund.orderId, refundId: refund.id }, shopId });
}

/**
 * The `refund.stripe` job: asks Stripe for a refund recorded as pending.
 * The refund's id is the idempotency key, so a retried job never refunds
 * twice.
 */
export async function sendStripeRefund(shopId: string, refundId: string): Promise<string> {
  const stripe = stripeClient();
  if (!stripe) throw new Error("STRIPE_SECRET_KEY is not set: the refund stays pending");
  const refund = await inShop(shopId, (tx) =>
    tx.refund.findFirst({ where: { id: refundId }, select: { id: true, amount: true, status: true, stripeId: true, orderId: true, order: { select: { stripePaymentId: true, number: true, status: true, currency: true } } } }),
  );
  if (!refund) return "refund not found";
  if (refund.stripeId) return `already sent: ${refund.stripeId}`;
  if (!refund.order.stripePaymentId) throw new Error(`Order #${refund.order.number} has no Stripe payment to refund`);
  const sent = await stripe.refunds.create(
    { payment_intent: refund.order.stripePaymentId, amount: refund.amount, metadata: { refundId, orderId: refund.orderId, shopId } },
    { idempotencyKey: `refund:${refundId}` },
  );
  const status = sent.status === "succeeded" ? "succeeded" : sent.status === "failed" || sent.status === "canceled" ? "failed" : "pending";
  await inShop(shopId, async (tx) => {
    await tx.refund.updateMany({ where: { id: refundId }, data: { stripeId: sent.id, status } });
    if (status === "failed") await refundFailed(tx, shopId, { ...refund, reason: sent.failure_reason ?? sent.status ?? "failed" });
  });
  await publishOrderChange(shopId, { orderId: refund.orderId, number: refund.order.number, status: "refund", isNew: false });
  if (status === "failed") logger.warn("stripe refund failed", { shopId, refundId, stripeRefund: sent.id });
  return `${sent.id}: ${status}`;
}

/**
 * Card orders whose Stripe state and ours disagree: money received for an
 * order we think unpaid, an order we think paid without the money, or
 * refunded amounts that differ. Checks the shop's last 100 card orders.
 */
export async function reconciliation(shopId: string) {
  const stripe = stripeClient();
  if (!stripe) return { configured: false, checked: 0, mismatches: [] };
  const orders = await inShop(shopId, (tx) =>
    tx.order.findMany({
      where: { paymentMethod: "card_online", stripeSessionId: { not: null } },
      orderBy: { id: "desc" },
      take: 100,
      select: { id: true, number: true, status: true, total: true, paid: true, refunded: true, currency: true, stripeSessionId: true, stripePaymentId: true },
    }),
  );
  const mismatches = [];
  for (const o of orders) {
    const session = await stripe.checkout.sessions.retrieve(o.stripeSessionId!);
    const piId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
    let received = 0;
    let refunded = 0;
    if (piId) {
      const pi = await stripe.paymentIntents.retrieve(piId, { expand: ["latest_charge"] });
      received = pi.amount_received ?? 0;
      const charge = pi.latest_charge as Stripe.Charge | string | null;
      refunded = charge && typeof charge !== "string" ? charge.amount_refunded : 0;
    }
    const problems: string[] = [];
    if (received !== o.paid) problems.push(`Stripe received ${received}, Nearshop recorded ${o.paid} paid`);
    if (refunded !== o.refunded) problems.push(`Stripe refunded ${refunded}, Nearshop recorded ${o.refunded}`);
    if (problems.length) mismatches.push({ ...o, stripe: { sessionStatus: session.status, paymentStatus: session.payment_status, received, refunded }, problems });
  }
  return { configured: true, checked: orders.length, mismatches };
}
