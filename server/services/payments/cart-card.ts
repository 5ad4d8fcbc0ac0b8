import { createHash } from "node:crypto";
import Stripe from "stripe";
import { z } from "zod";
import { baseDb, inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { formatMoney } from "../../schemas/money";
import { lockOrder } from "../orders/core";
import { checkoutSummary } from "../orders/place-cart";
import { recordCardPayment } from "../orders/transitions";
import { badRequest } from "../errors";
import { belowCardMinimum, recordPaidSession, sessionExpiry } from "./checkout";
import { stripeClient } from "./client";
import { commissionOn, commissionPlan } from "./commission";
import { chargeableAccount } from "./connect";

// One card entry for a checkout across shops (docs/decisions/0032, after
// 0015). The card is kept once on the platform (Stripe Checkout in setup
// mode, on a Customer made for this checkout); each shop's order is then
// charged on that shop's own account with a copy of the card (Connect's
// PaymentMethod cloning), as a direct charge with the platform's
// commission. Each order keeps its own state: a shop whose charge is
// declined, or whose bank asks the customer to confirm, is paid on its own
// page afterwards; nothing is taken back from the shops already paid.

const CheckoutRow = z.object({ shopId: z.string(), orderId: z.string() });

/** What happened to one order of the checkout when the kept card was used. */
export type CardOutcome = { orderId: string; outcome: "paid" | "declined" | "authentication" | "unavailable" | "skipped"; detail: string };

/** Where the customer enters their card once for every order of the checkout still waiting for a card payment. */
export async function cartCardUrl(checkoutId: string, key: string, returnTo: { success: string; cancel: string }): Promise<string> {
  const stripe = stripeClient();
  const summary = await checkoutSummary(checkoutId, key);
  const unpaid = summary.orders.filter((o) => o.status === "pending_payment");
  if (!unpaid.length) throw badRequest("Every order of this checkout is already paid or closed");
  if (!stripe) throw badRequest("Card payment is not available at the moment: pay each order at pickup");
  for (const o of unpaid) {
    if (!(await chargeableAccount(o.shopId))) throw badRequest(`${o.shop.name} cannot take card payments at the moment: pay that order at pickup`);
    const tooSmall = belowCardMinimum(o.total, o.currency);
    if (tooSmall) throw badRequest(`${o.shop.name}: ${tooSmall}`);
  }
  const contact = await inShop(unpaid[0]!.shopId, (tx) =>
    tx.order.findFirstOrThrow({ where: { id: unpaid[0]!.id }, select: { contactEmail: true, contactName: true, expiresAt: true } }),
  );
  const customer = await stripe.customers.create(
    {
      ...(contact.contactEmail ? { email: contact.contactEmail } : {}),
      ...(contact.contactName ? { name: contact.contactName } : {}),
      metadata: { checkoutId },
    },
    { idempotencyKey: `cart-customer:${checkoutId}` },
  );
  const earliest = unpaid.map((o) => o.expiresAt).reduce<Date | null>((a, b) => (b && (!a || b < a) ? b : a), null);
  const amounts = unpaid.map((o) => `${formatMoney(o.total, o.currency)} to ${o.shop.name}`).join(", ");
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "setup",
    customer: customer.id,
    allowed_payment_method_types: ["card"],
    metadata: { checkoutId },
    setup_intent_data: { metadata: { checkoutId }, description: `Nearshop checkout of ${unpaid.length} orders` },
    custom_text: { submit: { message: `Right after, each shop charges its own order to this card: ${amounts}.`.slice(0, 1200) } },
    success_url: returnTo.success,
    cancel_url: returnTo.cancel,
    expires_at: sessionExpiry(earliest),
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(params)).digest("base64url").slice(0, 22);
  const session = await stripe.checkout.sessions.create(params, { idempotencyKey: `cart-card:${checkoutId}:${fingerprint}` });
  if (!session.url) throw new Error("Stripe returned a session without a URL");
  return session.url;
}

/**
 * Charges each order of the checkout still waiting for a card payment with
 * the card kept by a completed setup session. Run from the page Stripe
 * sends the customer back to and from the session's webhook, in either
 * order or both at once: each order is charged under its row lock with an
 * idempotency key naming the order and the card's SetupIntent, so an order
 * is charged once, and a second payment (never expected) would be refunded
 * by recordCardPayment.
 */
export async function chargeCheckoutCard(checkoutId: string, sessionId: string): Promise<CardOutcome[]> {
  const stripe = stripeClient();
  if (!stripe) throw badRequest("Card payment is not available at the moment");
  const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ["setup_intent"] }).catch((error: unknown) => {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) throw badRequest("This card entry is not known: try again");
    throw error;
  });
  if (session.mode !== "setup" || session.metadata?.checkoutId !== checkoutId) throw badRequest("This card entry is not for this checkout");
  const setup = session.setup_intent;
  if (session.status !== "complete" || !setup || typeof setup === "string" || setup.status !== "succeeded")
    throw badRequest("The card was not saved: nothing was charged. Try again.");
  const paymentMethod = typeof setup.payment_method === "string" ? setup.payment_method : setup.payment_method?.id;
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (!paymentMethod || !customer) throw new Error(`Setup session ${session.id} has no card or no customer`);
  const rows = parseRows(CheckoutRow, await baseDb.$queryRaw`SELECT shop_id AS "shopId", order_id AS "orderId" FROM checkout_orders(${checkoutId}::uuid)`);
  const outcomes: CardOutcome[] = [];
  for (const r of rows) outcomes.push(await chargeOrder(stripe, r.shopId, r.orderId, { checkoutId, paymentMethod, customer, setupIntent: setup.id }));
  // Nothing left to charge: the card and email kept on the platform for this checkout go (the shops' charges keep their own copy).
  if (outcomes.every((o) => o.outcome === "paid" || o.outcome === "skipped")) await forgetCustomer(stripe, customer);
  return outcomes;
}

async function forgetCustomer(stripe: Stripe, customer: string) {
  try {
    await stripe.customers.del(customer);
  } catch (error) {
    // Already gone (the return page and the webhook both finished): nothing to do.
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404)) throw error;
  }
}

async function chargeOrder(
  stripe: Stripe,
  shopId: string,
  orderId: string,
  card: { checkoutId: string; paymentMethod: string; customer: string; setupIntent: string },
): Promise<CardOutcome> {
  const account = await chargeableAccount(shopId);
  if (!account) return { orderId, outcome: "unavailable", detail: "the shop cannot take card payments at the moment" };
  const step = await inShop(
    shopId,
    async (tx) => {
      const order = await lockOrder(tx, shopId, orderId);
      if (!order || order.status !== "pending_payment")
        return { kind: "done" as const, done: "skipped" as const, detail: `not waiting for a payment (${order?.status ?? "gone"})` };
      const details = await tx.order.findFirstOrThrow({
        where: { id: orderId },
        select: { number: true, stripeSessionId: true, shop: { select: { name: true } } },
      });
      // The order's own Checkout page may be open in another tab: closed first, or, if it was paid there, recorded instead.
      if (details.stripeSessionId) {
        const own = await stripe.checkout.sessions.retrieve(details.stripeSessionId, {}, { stripeAccount: account });
        if (own.status === "complete" && own.payment_status === "paid") return { kind: "own" as const, own };
        if (own.status === "open") await stripe.checkout.sessions.expire(own.id, {}, { stripeAccount: account });
      }
      const plan = await commissionPlan(shopId, order.currency, tx);
      const copy = await stripe.paymentMethods.create(
        { customer: card.customer, payment_method: card.paymentMethod },
        { stripeAccount: account, idempotencyKey: `cart-clone:${orderId}:${card.setupIntent}` },
      );
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: order.total,
            currency: order.currency.toLowerCase(),
            payment_method: copy.id,
            allowed_payment_method_types: ["card"],
            confirm: true,
            // A bank that asks the customer to confirm: not here, on the order's own Checkout page after.
            error_on_requires_action: true,
            application_fee_amount: commissionOn(order.total, plan),
            description: `Order #${details.number} at ${details.shop.name}`,
            metadata: { orderId, shopId, checkoutId: card.checkoutId },
            ...(order.contactEmail ? { receipt_email: order.contactEmail } : {}),
          },
          { stripeAccount: account, idempotencyKey: `cart-pay:${orderId}:${card.setupIntent}:${order.total}` },
        );
        return { kind: "charged" as const, intent };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          return error.code === "authentication_required"
            ? { kind: "done" as const, done: "authentication" as const, detail: "your bank asks you to confirm this payment" }
            : { kind: "done" as const, done: "declined" as const, detail: error.message ?? "the card was declined" };
        }
        throw error;
      }
    },
    { timeout: 30_000 },
  );
  if (step.kind === "own") {
    await recordPaidSession(shopId, account, step.own);
    return { orderId, outcome: "paid", detail: "paid on its own page" };
  }
  if (step.kind === "done") return { orderId, outcome: step.done, detail: step.detail };
  const pi = step.intent;
  if (pi.status !== "succeeded") return { orderId, outcome: "declined", detail: `the payment is ${pi.status}` };
  await recordCardPayment(shopId, orderId, { amount: pi.amount_received, paymentIntent: pi.id, applicationFee: pi.application_fee_amount ?? 0, account });
  return { orderId, outcome: "paid", detail: "paid" };
}

/** A PaymentIntent of a checkout across shops succeeded (its webhook): recorded on its order, in case the customer's page never came back. */
export async function recordCheckoutIntent(shopId: string, account: string | null, pi: Stripe.PaymentIntent) {
  const orderId = pi.metadata?.orderId;
  if (!orderId || !z.uuid().safeParse(orderId).success) return "no order in the metadata";
  if (pi.status !== "succeeded") return `not paid (${pi.status})`;
  return recordCardPayment(shopId, orderId, { amount: pi.amount_received, paymentIntent: pi.id, applicationFee: pi.application_fee_amount ?? 0, account });
}
