import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { inShop } from "../../db/client.server";
import { formatMoney } from "../../schemas/money";
import { lockOrder } from "../orders/core";
import { recordCardPayment } from "../orders/transitions";
import { badRequest, notFound } from "../errors";
import { stripeClient } from "./client";
import { commissionOn, commissionPlan } from "./commission";
import { chargeableAccount } from "./connect";
import { stripeMinimum } from "./minimums";

/** Stripe accepts a Checkout Session's expires_at from 30 minutes to 24 hours after creation; a minute's margin each side. */
export function sessionExpiry(orderExpiresAt: Date | null, nowMs = Date.now()): number {
  const now = Math.floor(nowMs / 1000);
  const wanted = Math.floor((orderExpiresAt?.getTime() ?? nowMs) / 1000);
  return Math.min(Math.max(wanted, now + 31 * 60), now + 24 * 3600 - 60);
}

/** Refused before Stripe is called: card payments below Stripe's minimum for the currency. */
export function belowCardMinimum(total: number, currency: string): string | null {
  const min = stripeMinimum(currency);
  if (min === null) return `Card payment is not available in ${currency}`;
  return total < min ? `Card payments start at ${formatMoney(min, currency)}: choose pay at pickup for this order` : null;
}

/**
 * Stripe Checkout for an order awaiting card payment, as a direct charge on
 * the shop's own account with the platform's commission as the
 * application fee (docs/decisions/0015). One line for the order's total
 * (tax and delivery included), the order and shop ids in the metadata,
 * cards only (the one method whose whole life cycle we handle), and an
 * expiry Stripe accepts.
 *
 * Never a second payable session for one order: the order row is locked
 * while the session is made, an open session is reused, and a session
 * already complete is never followed by a new one (if it is paid, the
 * payment is recorded now, in case its webhook has not been handled yet).
 * The idempotency key names the exact parameters, so a retry replays and a
 * changed request never reuses a key (Stripe refuses that).
 */
export async function checkoutUrl(shopId: string, orderId: string, returnTo: { success: string; cancel: string }): Promise<string> {
  const stripe = stripeClient();
  const account = await chargeableAccount(shopId);
  if (!stripe || !account) throw badRequest("Card payment is not available for this shop at the moment: choose pay at pickup");
  // The row lock spans the Stripe call (a second tab waits, then reuses the session); recording a payment takes the lock itself, after.
  const made = await inShop(
    shopId,
    async (tx): Promise<{ url: string } | { paid: Stripe.Checkout.Session }> => {
      const order = await lockOrder(tx, shopId, orderId);
      if (!order) throw notFound("Order");
      const details = await tx.order.findFirstOrThrow({
        where: { id: orderId },
        select: { number: true, stripeSessionId: true, shop: { select: { name: true, currency: true } } },
      });
      if (details.stripeSessionId) {
        const previous = await stripe.checkout.sessions.retrieve(details.stripeSessionId, {}, { stripeAccount: account });
        if (previous.status === "open" && previous.url && order.status === "pending_payment") return { url: previous.url };
        if (previous.status === "complete") return previous.payment_status === "paid" ? { paid: previous } : { url: returnTo.success };
      }
      if (order.status !== "pending_payment") throw badRequest("This order is not waiting for a payment");
      const tooSmall = belowCardMinimum(order.total, order.currency);
      if (tooSmall) throw badRequest(tooSmall);
      const plan = await commissionPlan(shopId, order.currency, tx);
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: "payment",
        allowed_payment_method_types: ["card"],
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: order.currency.toLowerCase(),
              unit_amount: order.total,
              product_data: { name: `Order #${details.number} at ${details.shop.name}` },
            },
          },
        ],
        client_reference_id: order.id,
        ...(order.contactEmail ? { customer_email: order.contactEmail } : {}),
        metadata: { orderId: order.id, shopId },
        payment_intent_data: { application_fee_amount: commissionOn(order.total, plan), metadata: { orderId: order.id, shopId } },
        success_url: returnTo.success,
        cancel_url: returnTo.cancel,
        expires_at: sessionExpiry(order.expiresAt),
      };
      const fingerprint = createHash("sha256").update(JSON.stringify(params)).digest("base64url").slice(0, 22);
      const session = await stripe.checkout.sessions.create(params, { stripeAccount: account, idempotencyKey: `checkout:${order.id}:${fingerprint}` });
      await tx.order.update({ where: { shopId_id: { shopId, id: order.id } }, data: { stripeSessionId: session.id }, select: { id: true } });
      if (!session.url) throw new Error("Stripe returned a session without a URL");
      return { url: session.url };
    },
    { timeout: 30_000 },
  );
  if ("url" in made) return made.url;
  await recordPaidSession(shopId, account, made.paid);
  return returnTo.success;
}

/** A paid Checkout Session, recorded once on its order (webhook job or the back button, whichever comes first). */
export async function recordPaidSession(
  shopId: string,
  account: string | null,
  session: Pick<Stripe.Checkout.Session, "id" | "amount_total" | "payment_intent" | "metadata">,
) {
  const stripe = stripeClient();
  const orderId = session.metadata?.orderId;
  if (!orderId) return "no order in the metadata";
  const piId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (!piId) return "no payment intent";
  // The fee Stripe actually took, read from the PaymentIntent (the Session does not carry it).
  const pi = stripe && account ? await stripe.paymentIntents.retrieve(piId, {}, { stripeAccount: account }) : null;
  return recordCardPayment(shopId, orderId, {
    amount: pi?.amount_received ?? session.amount_total ?? 0,
    paymentIntent: piId,
    applicationFee: pi?.application_fee_amount ?? 0,
    sessionId: session.id,
    account,
  });
}
