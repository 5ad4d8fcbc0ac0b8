import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { STRIPE_API_VERSION } from "../server/services/payments/client";

// The stand-in as the real `stripe` SDK sees it: Connect's Stripe-Account
// header, strict parameters, idempotency, and the money of a direct charge
// with an application fee (fee, refunds, balance, payouts, disputes).
let standin: StripeStandin;
let stripe: Stripe;
const soon = () => Math.floor(Date.now() / 1000) + 3600;
const session = (fee?: number) => ({
  mode: "payment" as const,
  allowed_payment_method_types: ["card" as const],
  line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 2000, product_data: { name: "Order #1" } } }],
  success_url: "http://localhost/ok",
  expires_at: soon(),
  ...(fee === undefined ? {} : { payment_intent_data: { application_fee_amount: fee, metadata: { orderId: "o1" } } }),
});

beforeAll(async () => {
  standin = await startStripeStandin();
  const u = new URL(standin.url);
  stripe = new Stripe("sk_test_standin", { apiVersion: STRIPE_API_VERSION, host: u.hostname, port: u.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(() => standin.close());

describe("the Stripe stand-in, through the SDK", () => {
  it("pins the API version the SDK's types describe", () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  });

  it("refuses unknown parameters, NUL bytes and out-of-range values as Stripe does", async () => {
    await expect(stripe.checkout.sessions.create({ ...session(), payment_method_types: ["card"] } as never)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "parameter_unknown",
      param: "payment_method_types",
    });
    await expect(stripe.checkout.sessions.create({ ...session(), client_reference_id: "a\0b" })).rejects.toMatchObject({ param: "client_reference_id" });
    await expect(stripe.checkout.sessions.create({ ...session(), expires_at: Math.floor(Date.now() / 1000) + 600 })).rejects.toThrow(/at least 30 minutes/);
    await expect(stripe.checkout.sessions.create({ ...session(), expires_at: Math.floor(Date.now() / 1000) + 2 * 86_400 })).rejects.toThrow(
      /less than 24 hours/,
    );
    await expect(
      stripe.checkout.sessions.create({
        ...session(),
        line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 49, product_data: { name: "x" } } }],
      }),
    ).rejects.toMatchObject({ code: "amount_too_small" });
    await expect(
      stripe.checkout.sessions.create({
        ...session(),
        line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 2 ** 33, product_data: { name: "x" } } }],
      }),
    ).rejects.toMatchObject({ code: "parameter_invalid_integer" });
    // An application fee needs a connected account (a direct charge).
    await expect(stripe.checkout.sessions.create(session(100))).rejects.toThrow(/Stripe-Account header/);
  });

  it("answers a key reused with other parameters with Stripe's idempotency error, and replays the same request", async () => {
    const a = await stripe.checkout.sessions.create(session(), { idempotencyKey: "same-key" });
    const b = await stripe.checkout.sessions.create(session(), { idempotencyKey: "same-key" });
    expect(b.id).toBe(a.id);
    await expect(stripe.checkout.sessions.create({ ...session(), client_reference_id: "other" }, { idempotencyKey: "same-key" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
    });
  });

  it("keeps each account's objects to itself", async () => {
    const shopA = await standin.connectedAccount();
    const shopB = await standin.connectedAccount();
    const s = await stripe.checkout.sessions.create(session(200), { stripeAccount: shopA.id as string });
    await expect(stripe.checkout.sessions.retrieve(s.id, {}, { stripeAccount: shopB.id as string })).rejects.toMatchObject({ code: "resource_missing" });
    await expect(stripe.checkout.sessions.retrieve(s.id)).rejects.toMatchObject({ code: "resource_missing" });
    await expect(stripe.balance.retrieve({}, { stripeAccount: "acct_test_nobody" })).rejects.toMatchObject({ statusCode: 403 });
  });

  it("onboards an account through an account link", async () => {
    const account = await stripe.accounts.create({ type: "standard", country: "FR", email: "owner@example.test", metadata: { shopId: "s1" } });
    expect(account).toMatchObject({ charges_enabled: false, details_submitted: false });
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: "account_onboarding",
      refresh_url: "http://localhost/refresh",
      return_url: "http://localhost/return",
    });
    const page = await fetch(link.url);
    expect(await page.text()).toContain("Submit test details");
    const done = await fetch(link.url, { method: "POST", body: new URLSearchParams({ outcome: "complete" }), redirect: "manual" });
    expect(done.headers.get("location")).toBe("http://localhost/return");
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ charges_enabled: true, payouts_enabled: true, details_submitted: true });
    // A used link sends the browser to refresh_url for a new one.
    expect((await fetch(link.url, { redirect: "manual" })).headers.get("location")).toBe("http://localhost/refresh");
  });

  it("takes a direct charge with an application fee, refunds it in part with the fee's share, pays out and disputes", async () => {
    const shop = (await standin.connectedAccount()).id as string;
    const s = await stripe.checkout.sessions.create(session(200), { stripeAccount: shop });
    await standin.payAndNotify(s.id);
    const paid = await stripe.checkout.sessions.retrieve(s.id, {}, { stripeAccount: shop });
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid" });
    const pi = await stripe.paymentIntents.retrieve(String(paid.payment_intent), { expand: ["latest_charge"] }, { stripeAccount: shop });
    const charge = pi.latest_charge as Stripe.Charge;
    const fee = await stripe.applicationFees.retrieve(String(charge.application_fee));
    expect(fee).toMatchObject({ amount: 200, account: shop, amount_refunded: 0 });

    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500, refund_application_fee: true }, { stripeAccount: shop });
    expect(refund.status).toBe("succeeded");
    expect((await stripe.applicationFees.retrieve(fee.id)).amount_refunded).toBe(50); // a quarter of the payment, a quarter of the fee
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1501 }, { stripeAccount: shop })).rejects.toMatchObject({ code: "amount_too_large" });

    const pending = await stripe.balance.retrieve({}, { stripeAccount: shop });
    // 2000 - Stripe's 55 - fee 200, then -500 refunded +50 fee back (available at once).
    expect(pending.pending).toEqual([{ amount: 1745, currency: "eur", source_types: { card: 1745 } }]);
    expect(pending.available).toEqual([{ amount: -450, currency: "eur", source_types: { card: -450 } }]);
    standin.settle(shop);
    const po = await standin.payout(shop);
    expect(po.amount).toBe(1295);
    const payouts = await stripe.payouts.list({ limit: 10 }, { stripeAccount: shop });
    expect(payouts.data.map((p) => [p.id, p.status])).toEqual([[po.id, "paid"]]);
    const settled = await stripe.balanceTransactions.list({ payout: po.id as string, limit: 100 }, { stripeAccount: shop });
    expect(settled.data.map((t) => t.type).sort()).toEqual(["charge", "payout", "refund"]);

    const opened = await standin.openDispute(pi.id);
    const dispute = opened.data.object as unknown as Stripe.Dispute;
    expect(opened).toMatchObject({ type: "charge.dispute.created", account: shop });
    expect(await stripe.disputes.retrieve(dispute.id, {}, { stripeAccount: shop })).toMatchObject({ status: "needs_response", amount: 2000 });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 100 }, { stripeAccount: shop })).rejects.toMatchObject({ code: "charge_disputed" });

    // The dispute took €20.00 and its fee from a balance that had been paid out: the
    // balance is negative, and Stripe makes no payout of a negative balance.
    standin.settle(shop);
    const after = await stripe.balance.retrieve({}, { stripeAccount: shop });
    expect(after.available[0]!.amount).toBeLessThan(0);
    await expect(standin.payout(shop)).rejects.toThrow(/No payout: .* available eur balance is -\d+/);
    expect((await stripe.payouts.list({ limit: 10 }, { stripeAccount: shop })).data.map((p) => p.id)).toEqual([po.id]);
  });

  it("produces the states Stripe produces: unpaid completion, expiry, refunds pending / requiring action / failed, failed payouts", async () => {
    const shop = (await standin.connectedAccount()).id as string;
    const a = await stripe.checkout.sessions.create(session(100), { stripeAccount: shop });
    expect((await standin.completeUnpaid(a.id)).data.object).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect((await standin.asyncPayment(a.id, "failed")).type).toBe("checkout.session.async_payment_failed");
    const b = await stripe.checkout.sessions.create(session(100), { stripeAccount: shop });
    expect(await stripe.checkout.sessions.expire(b.id, {}, { stripeAccount: shop })).toMatchObject({ status: "expired" });
    await expect(stripe.checkout.sessions.expire(b.id, {}, { stripeAccount: shop })).rejects.toThrow(/status of "expired"/);

    const c = await stripe.checkout.sessions.create(session(100), { stripeAccount: shop });
    await standin.payAndNotify(c.id, false);
    const pi = String((await stripe.checkout.sessions.retrieve(c.id, {}, { stripeAccount: shop })).payment_intent);
    standin.nextRefund("requires_action");
    expect((await stripe.refunds.create({ payment_intent: pi, amount: 100 }, { stripeAccount: shop })).status).toBe("requires_action");
    standin.nextRefund("pending");
    const p = await stripe.refunds.create({ payment_intent: pi, amount: 100 }, { stripeAccount: shop });
    expect(p.status).toBe("pending");
    expect((await standin.setRefundStatus(p.id, "failed")).data.object).toMatchObject({ status: "failed", failure_reason: "expired_or_canceled_card" });

    standin.settle(shop);
    const po = await standin.payout(shop);
    expect((await standin.failPayout(po.id as string)).data.object).toMatchObject({ status: "failed", failure_code: "account_closed" });
  });

  it("keeps a card in setup mode and clones it to a connected account as Connect does, refusing what Stripe refuses", async () => {
    const shop = (await standin.connectedAccount()).id as string;
    const other = (await standin.connectedAccount()).id as string;
    const customer = await stripe.customers.create({ email: "c@example.test", metadata: { checkoutId: "k1" } });
    const setup = { mode: "setup" as const, customer: customer.id, success_url: "http://localhost/ok", expires_at: soon() };
    // Setup mode takes no line items and needs the card type (or a currency).
    await expect(stripe.checkout.sessions.create({ ...setup, allowed_payment_method_types: ["card"], line_items: session().line_items })).rejects.toThrow(
      /line_items/,
    );
    await expect(stripe.checkout.sessions.create(setup)).rejects.toMatchObject({ param: "currency" });
    const s = await stripe.checkout.sessions.create({ ...setup, allowed_payment_method_types: ["card"] });
    expect(s).toMatchObject({ mode: "setup", status: "open", payment_status: "no_payment_required", amount_total: null });
    await standin.completeSetupAndNotify(s.id, "4242424242424242", false);
    const done = await stripe.checkout.sessions.retrieve(s.id, { expand: ["setup_intent"] });
    const seti = done.setup_intent as Stripe.SetupIntent;
    expect(seti.status).toBe("succeeded");
    const pm = String(seti.payment_method);
    // Cloning needs the account's header, and the customer the card is attached to.
    await expect(stripe.paymentMethods.create({ customer: customer.id, payment_method: pm })).rejects.toThrow(/Stripe-Account/);
    await expect(stripe.paymentMethods.create({ payment_method: pm }, { stripeAccount: shop })).rejects.toMatchObject({ param: "customer" });
    const copy = await stripe.paymentMethods.create({ customer: customer.id, payment_method: pm }, { stripeAccount: shop });
    expect(copy.id).not.toBe(pm);
    // The copy is the shop's: another account cannot charge it.
    const charge = { amount: 1290, currency: "eur", payment_method: copy.id, confirm: true, application_fee_amount: 100 };
    await expect(stripe.paymentIntents.create(charge, { stripeAccount: other })).rejects.toThrow(/No such payment_method/);
    await expect(stripe.paymentIntents.create({ ...charge, confirm: false, error_on_requires_action: true }, { stripeAccount: shop })).rejects.toThrow(
      /error_on_requires_action can only be used when confirm=true/,
    );
    await expect(stripe.paymentIntents.create({ ...charge, payment_method_types: ["card"] } as never, { stripeAccount: shop })).rejects.toMatchObject({
      code: "parameter_unknown",
    });
    await expect(stripe.paymentIntents.create({ ...charge, application_fee_amount: 2000 }, { stripeAccount: shop })).rejects.toThrow(/application fee/);
    const pi = await stripe.paymentIntents.create(charge, { stripeAccount: shop });
    expect(pi).toMatchObject({ status: "succeeded", amount_received: 1290, application_fee_amount: 100 });
    // A decline is a card error carrying the PaymentIntent, as the SDK reports it.
    standin.declineNextCharge("insufficient_funds");
    const declined = await stripe.paymentIntents.create(charge, { stripeAccount: shop }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ code: "card_declined", decline_code: "insufficient_funds", payment_intent: { status: "requires_payment_method" } });
  });
});
