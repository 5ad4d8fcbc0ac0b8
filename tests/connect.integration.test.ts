import { STRIPE_CONNECT_WEBHOOK_SECRET, standinOptions } from "./support/stripe-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { addMember, connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { refundOrder } from "../server/services/orders/refunds";
import { transitionOrder } from "../server/services/orders/transitions";
import { cartView } from "../server/services/orders/cart";
import { checkoutUrl, handleStripeEvent, reconciliation, sendStripeRefund } from "../server/services/payments/stripe";
import { sessionExpiry } from "../server/services/payments/checkout";
import { accountState, connectStripeAccount } from "../server/services/payments/connect";
import { setShopPlan } from "../server/services/payments/admin";
import { refundDuplicatePayment } from "../server/services/payments/refunds-outside";
import { balanceAndPayouts, payoutTransactions } from "../server/services/payments/payouts";
import { stripeClient } from "../server/services/payments/client";
import { handleNotification } from "../jobs/notifications";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { startTestServer } from "./support/http";
import type { PlaceOrderInput } from "../server/schemas/orders";

// Issue 19 through the real `stripe` SDK against the stand-in: onboarding,
// commission, and every bullet of "card money is never taken twice or lost".
let server: Awaited<ReturnType<typeof startTestServer>>;
let stripe: StripeStandin;
let shop: Awaited<ReturnType<typeof createShop>>;
let account: string;
const owner = () => ({ userId: shop.ownerId, label: "Owner (owner)" });
const back = { success: "http://localhost/ok", cancel: "http://localhost/cancel" };

async function variant(price: number, quantity = 5, s = shop) {
  const p = await createProduct(s.id, productInput({ variants: [{ optionValues: [], sku: `C-${randomUUID().slice(0, 8)}`, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity });
  return v.id;
}
const cardOrder = async (price = 2000, s = shop) => {
  const variantId = await variant(price, 5, s);
  const input: PlaceOrderInput = {
    clientRef: randomUUID(),
    items: [{ variantId, quantity: 1 }],
    fulfilment: "pickup",
    locationId: s.locationId,
    payment: "card_online",
    name: "Cleo",
    email: "cleo@example.test",
  };
  return placeOrder(s.slug, null, input);
};
const order = (orderId: string) =>
  inShop(shop.id, (tx) =>
    tx.order.findFirstOrThrow({ where: { id: orderId }, include: { events: { orderBy: { createdAt: "asc" } }, refunds: { orderBy: { createdAt: "asc" } } } }),
  );
/** The last stored event of a type, handled by the job as the worker would. */
const handled = async (event: { id: string }) => handleStripeEvent(event.id);
const sessionOf = (url: string) => url.split("/pay/")[1]!;
async function paidOrder(price = 2000) {
  const placed = await cardOrder(price);
  const url = await checkoutUrl(shop.id, placed.orderId, back);
  await handled(await stripe.payAndNotify(sessionOf(url)));
  return placed;
}
async function complete(orderId: string) {
  for (const to of ["preparing", "ready_for_pickup", "completed"] as const) await transitionOrder(shop.id, owner(), { orderId, to });
}

beforeAll(async () => {
  server = await startTestServer();
  stripe = await startStripeStandin(standinOptions(server.base));
  shop = await createShop({ name: "Connected Shop" });
  account = (await stripe.connectedAccount()).id as string;
  await connectShopAccount(shop.id, account);
});
afterAll(async () => {
  await stripe.close();
  await server.close();
});

describe("onboarding (Account Links)", () => {
  it("creates the shop's account once, sends the owner to Stripe, and offers card only once the account can take charges", async () => {
    const fresh = await createShop({ name: "Fresh Shop" });
    const variantId = await variant(1500, 5, fresh);
    expect((await cartView(fresh.slug, [{ variantId, quantity: 1 }])).cardPayments).toBe(false);
    await expect(cardOrder(1500, fresh)).rejects.toThrow(/Card payment is not available at .* at the moment/);
    expect(await accountState(fresh.id)).toMatchObject({ status: "not_connected", accountId: null });

    const first = await connectStripeAccount(fresh, { email: "owner@example.test" });
    const again = await connectStripeAccount(fresh, { email: "owner@example.test" });
    const row = await inShop(fresh.id, (tx) => tx.shopStripeAccount.findFirstOrThrow({ select: { accountId: true } }));
    expect([...stripe.accounts.values()].filter((a) => (a.metadata as { shopId?: string }).shopId === fresh.id)).toHaveLength(1);
    expect(first.url).not.toBe(again.url); // a fresh single-use link per click
    expect(await accountState(fresh.id)).toMatchObject({ status: "incomplete", headline: "Finish connecting your Stripe account to take card payments." });

    // The owner submits the details at Stripe and comes back; account.updated reaches the Connect endpoint.
    const done = await fetch(again.url, { method: "POST", body: new URLSearchParams({ outcome: "complete" }), redirect: "manual" });
    expect(done.headers.get("location")).toBe(`${new URL(`/shop/${fresh.slug}/payments?connected=1`, process.env.APP_URL ?? "http://localhost:3000")}`);
    const updated = await baseDb.stripeEvent.findFirstOrThrow({ where: { type: "account.updated", account: row.accountId }, orderBy: { receivedAt: "desc" } });
    expect(updated.shopId).toBe(fresh.id);
    expect(await handleStripeEvent(updated.id)).toBe("account updated (1)");
    const state = await accountState(fresh.id);
    expect(state).toMatchObject({
      status: "active",
      lines: ["Details submitted to Stripe.", "Card payments: on. Customers can pay by card.", "Payouts: on. Stripe pays your balance into your bank account."],
    });
    expect((await cartView(fresh.slug, [{ variantId, quantity: 1 }])).cardPayments).toBe(true);

    // Stripe restricts the account: card is no longer offered, and the shop reads what Stripe needs and by when.
    await handled(await stripe.restrictAccount(row.accountId));
    const restricted = await accountState(fresh.id);
    expect(restricted).toMatchObject({ status: "restricted", headline: "Stripe needs more information about your account." });
    expect(restricted.due).toEqual(["an identity document"]);
    expect(restricted.deadline).toBeInstanceOf(Date);
    expect((await cartView(fresh.slug, [{ variantId, quantity: 1 }])).cardPayments).toBe(false);
  });
});

describe("commission", () => {
  it("charges the platform default as the application fee and records gross, fee and net on the order", async () => {
    const placed = await paidOrder(2000);
    const session = [...stripe.sessions.values()].find((s) => (s.metadata as { orderId?: string }).orderId === placed.orderId)!;
    expect(session.payment_intent_data).toMatchObject({ application_fee_amount: 75 }); // 2.5 % + €0.25 (the EUR default)
    expect(
      stripe.fees.get(String(stripe.charges.get(String(stripe.intents.get(String(session.payment_intent))!.latest_charge))!.application_fee)),
    ).toMatchObject({ amount: 75, account });
    expect(await order(placed.orderId)).toMatchObject({ paid: 2000, applicationFee: 75, applicationFeeRefunded: 0, stripeAccount: account });
  });

  it("returns the fee in proportion with a partial refund, unless the shop's plan keeps it", async () => {
    const placed = await paidOrder(2000);
    await complete(placed.orderId);
    const part = await refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 500, lines: [], restock: false });
    expect(await sendStripeRefund(shop.id, part.refundId)).toMatch(/: succeeded$/);
    const o = await order(placed.orderId);
    expect(o.applicationFeeRefunded).toBe(19); // 75 × 500 / 2000, rounded as Stripe does
    expect(o.refunds.map((r) => [r.amount, r.feeReturned])).toEqual([[500, 19]]);

    const other = await createShop({ name: "Keeps Fee Shop" });
    await setShopPlan(shop.ownerId, { shopId: other.id, percentBp: 500, fixed: 0, refundsReturnFee: false, note: "" });
    await connectShopAccount(other.id, (await stripe.connectedAccount()).id as string);
    const keep = await cardOrder(2000, other);
    const url = await checkoutUrl(other.id, keep.orderId, back);
    expect(stripe.sessions.get(sessionOf(url))!.payment_intent_data).toMatchObject({ application_fee_amount: 100 });
    await handled(await stripe.payAndNotify(sessionOf(url)));
    const full = await refundOrder(other.id, { userId: other.ownerId, label: "Owner" }, { orderId: keep.orderId, amount: 2000, lines: [], restock: false });
    await sendStripeRefund(other.id, full.refundId);
    const kept = await inShop(other.id, (tx) =>
      tx.order.findFirstOrThrow({ where: { id: keep.orderId }, select: { applicationFee: true, applicationFeeRefunded: true } }),
    );
    expect(kept).toEqual({ applicationFee: 100, applicationFeeRefunded: 0 });
  });
});

describe("card money is never taken twice or lost", () => {
  it("a second payment for one order is refunded automatically, said on the order, and found by reconciliation", async () => {
    const placed = await cardOrder(2000);
    const first = await checkoutUrl(shop.id, placed.orderId, back);
    // A second payable session for the same order (left open elsewhere): made on the account directly.
    const sdk = stripeClient()!;
    const second = await sdk.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [{ quantity: 1, price_data: { currency: "eur", unit_amount: 2000, product_data: { name: "again" } } }],
        metadata: { orderId: placed.orderId, shopId: shop.id },
        payment_intent_data: { application_fee_amount: 75 },
        success_url: back.success,
        expires_at: sessionExpiry(null),
      },
      { stripeAccount: account },
    );
    expect(await handled(await stripe.payAndNotify(sessionOf(first)))).toBe("paid");
    expect(await handled(await stripe.payAndNotify(second.id))).toBe("duplicate: refunding");
    const dup = await inShop(shop.id, (tx) => tx.duplicatePayment.findFirstOrThrow({ where: { orderId: placed.orderId } }));
    expect(await refundDuplicatePayment(shop.id, dup.id)).toMatch(/^re_test_\w+: succeeded$/);
    expect(await refundDuplicatePayment(shop.id, dup.id)).toMatch(/^already refunded/);
    const refund = [...stripe.refunds.values()].find((r) => (r.metadata as { duplicateId?: string }).duplicateId === dup.id)!;
    expect(refund).toMatchObject({ amount: 2000, reason: "duplicate" });
    const o = await order(placed.orderId);
    expect(o).toMatchObject({ paid: 2000, refunded: 0, status: "paid" });
    expect(o.events.map((e) => e.note)).toContain(
      "A second card payment of €20.00 was made for this order: it is being refunded to the customer automatically",
    );
    const rec = await reconciliation(shop.id);
    expect(rec.duplicates.find((d) => d.orderId === placed.orderId)).toMatchObject({ amount: 2000, refundStatus: "succeeded" });
  });

  it("a paid session is never followed by a new one: the back button before the webhook records the payment instead", async () => {
    const placed = await cardOrder(2000);
    const url = await checkoutUrl(shop.id, placed.orderId, back);
    const late = await stripe.payAndNotify(sessionOf(url), false); // paid at Stripe, webhook not delivered yet
    const sessions = stripe.sessions.size;
    expect(await checkoutUrl(shop.id, placed.orderId, back)).toBe(back.success);
    expect(stripe.sessions.size).toBe(sessions);
    expect(await order(placed.orderId)).toMatchObject({ status: "paid", paid: 2000, applicationFee: 75 });
    await stripe.sendEvent(late);
    const stored = await baseDb.stripeEvent.findUniqueOrThrow({ where: { id: late.id } });
    expect(await handleStripeEvent(stored.id)).toBe("already paid");
    // Two tabs at once get the same open session.
    const other = await cardOrder(2000);
    const [a, b] = await Promise.all([checkoutUrl(shop.id, other.orderId, back), checkoutUrl(shop.id, other.orderId, back)]);
    expect(a).toBe(b);
  });

  it("Checkout Sessions expire within what Stripe accepts, whatever the shop's unpaid-order time", () => {
    const now = Date.UTC(2026, 11, 2, 12);
    expect(sessionExpiry(new Date(now + 5 * 60_000), now)).toBe(now / 1000 + 31 * 60);
    expect(sessionExpiry(new Date(now + 3 * 86_400_000), now)).toBe(now / 1000 + 24 * 3600 - 60);
    expect(sessionExpiry(new Date(now + 2 * 3600_000), now)).toBe(now / 1000 + 2 * 3600);
  });

  it("never reuses an idempotency key with other parameters, and checks Stripe before resending a refund whose key may have expired", async () => {
    const placed = await cardOrder(2000);
    const url = await checkoutUrl(shop.id, placed.orderId, back);
    await stripe.expireSession(sessionOf(url));
    // The order's expiry moved (another unpaid-order time): a new session, with a new key, no idempotency_error.
    await inShop(shop.id, (tx) =>
      tx.order.update({
        where: { shopId_id: { shopId: shop.id, id: placed.orderId } },
        data: { expiresAt: new Date(Date.now() + 3600_000) },
        select: { id: true },
      }),
    );
    const again = await checkoutUrl(shop.id, placed.orderId, back);
    expect(again).not.toBe(url);
    await handled(await stripe.payAndNotify(sessionOf(again)));
    await complete(placed.orderId);

    const r = await refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 300, lines: [], restock: false });
    // Sent once, but our answer was lost (a crash), and a day later the key is gone at Stripe.
    const sdk = stripeClient()!;
    const sent = await sdk.refunds.create(
      {
        payment_intent: (await order(placed.orderId)).stripePaymentId!,
        amount: 300,
        metadata: { refundId: r.refundId, orderId: placed.orderId, shopId: shop.id },
      },
      { stripeAccount: account, idempotencyKey: `refund:${r.refundId}` },
    );
    stripe.forgetIdempotencyKeys();
    await inShop(shop.id, (tx) =>
      tx.refund.update({
        where: { shopId_id: { shopId: shop.id, id: r.refundId } },
        data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
        select: { id: true },
      }),
    );
    expect(await sendStripeRefund(shop.id, r.refundId)).toBe(`${sent.id}: succeeded`);
    expect([...stripe.refunds.values()].filter((x) => (x.metadata as { refundId?: string }).refundId === r.refundId)).toHaveLength(1);
  });

  it("refuses amounts below Stripe's minimum before Stripe is called, with a message", async () => {
    const sessions = stripe.sessions.size;
    await expect(cardOrder(40)).rejects.toThrow("Card payments start at €0.50: choose pay at pickup for this order");
    const variantId = await variant(40);
    expect((await cartView(shop.slug, [{ variantId, quantity: 1 }])).cardMinimum).toBe("Card payments start at €0.50: choose pay at pickup for this order");
    expect(stripe.sessions.size).toBe(sessions);
  });

  it("offers cards only, and shows a refund that waits at Stripe (pending, requires_action) to staff", async () => {
    const placed = await paidOrder(2000);
    const session = [...stripe.sessions.values()].find((s) => (s.metadata as { orderId?: string }).orderId === placed.orderId)!;
    expect(session.allowed_payment_method_types).toEqual(["card"]);
    await complete(placed.orderId);
    stripe.nextRefund("requires_action");
    const r = await refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 200, lines: [], restock: false });
    expect(await sendStripeRefund(shop.id, r.refundId)).toMatch(/: pending$/);
    const row = (await order(placed.orderId)).refunds[0]!;
    expect(row).toMatchObject({ status: "pending", stripeStatus: "requires_action" });
    expect(row.stripeStatusAt).toBeInstanceOf(Date);
  });
});

describe("Connect webhooks", () => {
  it("records a refund made in the shop's Stripe dashboard once, even when it arrives before its payment", async () => {
    const placed = await cardOrder(2000);
    const url = await checkoutUrl(shop.id, placed.orderId, back);
    const paid = await stripe.payAndNotify(sessionOf(url), false);
    const pi = String(stripe.sessions.get(sessionOf(url))!.payment_intent);
    const { event } = await stripe.dashboardRefund(pi, 700);
    // The refund event first: its payment is not recorded yet, so the job fails and will retry.
    await expect(handleStripeEvent(event.id)).rejects.toThrow(/not recorded yet/);
    await stripe.sendEvent(paid);
    await handleStripeEvent(paid.id);
    expect(await handleStripeEvent(event.id)).toMatch(/^refund made outside Nearshop recorded/);
    expect(await handleStripeEvent(event.id)).toMatch(/^already processed/);
    const o = await order(placed.orderId);
    expect(o).toMatchObject({ refunded: 700 });
    expect(o.refunds.map((r) => [r.amount, r.outsideNearshop, r.status])).toEqual([[700, true, "succeeded"]]);
    // Staff can refund only what is left.
    await complete(placed.orderId);
    await expect(refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 1400, lines: [], restock: false })).rejects.toThrow(/At most €13.00/);
    // The same refund delivered again by Stripe is stored once.
    const payload = JSON.stringify(event);
    const res = await fetch(`${server.base}/webhooks/stripe-connect`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": stripe.signed(payload, STRIPE_CONNECT_WEBHOOK_SECRET) },
      body: payload,
    });
    expect(await res.json()).toEqual({ received: true, duplicate: true });
  });

  it("marks a disputed order, tells the managers with amount and deadline, records the outcome; replay and disorder change nothing twice", async () => {
    const manager = await createUser();
    await addMember(shop.id, manager.id, "manager");
    // The manager chose English; the owner chose nothing, so gets the shop's language (French).
    await baseDb.user.update({ where: { id: manager.id }, data: { locale: "en" } });
    const placed = await cardOrder(2000);
    const url = await checkoutUrl(shop.id, placed.orderId, back);
    const paid = await stripe.payAndNotify(sessionOf(url), false);
    const pi = String(stripe.sessions.get(sessionOf(url))!.payment_intent);
    const opened = await stripe.openDispute(pi, { dueInDays: 7 });
    // The dispute before the payment is recorded: kept, then joined to the order when the payment comes.
    expect(await handleStripeEvent(opened.id)).toBe("dispute needs_response (new)");
    await stripe.sendEvent(paid);
    await handleStripeEvent(paid.id);
    let o = await order(placed.orderId);
    expect(o.disputed).toBe(2000);
    const notice = (await baseDb.outboxEvent.findMany({ where: { type: "dispute.opened", shopId: shop.id } })).at(-1)!;
    const job = { eventId: notice.id, shopId: shop.id, payload: notice.payload };
    await handleNotification("dispute.opened", job);
    await handleNotification("dispute.opened", job);
    const notes = await inShop(shop.id, (tx) => tx.notification.findMany({ where: { eventId: notice.id }, select: { userId: true, title: true, body: true } }));
    expect(notes.map((n) => n.userId).sort()).toEqual([manager.id, shop.ownerId].sort());
    const toManager = notes.find((n) => n.userId === manager.id)!;
    const toOwner = notes.find((n) => n.userId === shop.ownerId)!;
    expect(toManager.title).toBe(`Card payment disputed: €20.00 on order #${o.number}`);
    expect(toManager.body).toMatch(
      /^The customer's bank took back €20\.00 \(fraud\)\. Respond in your Stripe dashboard by \d+ \w+ \d{4}, \d\d:\d\d \(Paris time\), or the money stays/,
    );
    expect(toOwner.title).toMatch(new RegExp(`^Paiement par carte contesté\\s: 20,00\\s€ sur la commande n° ${o.number}$`));
    expect(toOwner.body).toMatch(
      /^La banque du client a repris 20,00\s€ \(fraude\)\. Répondez dans votre tableau de bord Stripe avant le \d+ \p{L}+\.? \d{4}(,| à) \d\d:\d\d \(heure de Paris\), sinon/u,
    );
    expect(await baseDb.emailDelivery.count({ where: { eventId: notice.id } })).toBe(2);

    // Closed (won), then a late "created" replayed: stays won, the money counts as back.
    const d = opened.data.object as { id: string };
    const closed = await stripe.closeDispute(d.id, "won", false);
    await stripe.sendEvent(closed);
    expect(await handleStripeEvent(closed.id)).toBe("dispute won");
    const replay = await stripe.deliver("charge.dispute.created", { ...opened.data.object, status: "needs_response" }, account);
    expect(await handleStripeEvent(replay.id)).toBe("dispute needs_response");
    o = await order(placed.orderId);
    expect(o.disputed).toBe(0);
    expect(await inShop(shop.id, (tx) => tx.cardDispute.findMany({ where: { orderId: placed.orderId }, select: { status: true } }))).toEqual([
      { status: "won" },
    ]);
    expect(
      await baseDb.outboxEvent.count({
        where: {
          type: "dispute.opened",
          payload: { path: ["disputeId"], equals: (await inShop(shop.id, (tx) => tx.cardDispute.findFirstOrThrow({ where: { orderId: placed.orderId } }))).id },
        },
      }),
    ).toBe(1);
  });

  it("shows balance and payouts with the orders each settled, and tells the owner of a failed payout", async () => {
    const placed = await paidOrder(3000);
    stripe.settle(account);
    const po = await stripe.payout(account);
    const view = await balanceAndPayouts(shop.id);
    expect(view!.payouts[0]).toMatchObject({ id: po.id, status: "paid", currency: "EUR" });
    const lines = await payoutTransactions(shop.id, po.id as string);
    expect(lines.find((l) => l.order?.id === placed.orderId)).toMatchObject({ type: "charge", amount: 3000 });
    // Another shop never sees this payout.
    const other = await createShop({ name: "Other Payouts Shop" });
    await connectShopAccount(other.id, (await stripe.connectedAccount()).id as string);
    await expect(payoutTransactions(other.id, po.id as string)).rejects.toThrow(/No such payout/);

    const failed = await stripe.failPayout(po.id as string);
    expect(await handleStripeEvent(failed.id)).toMatch(/failed: owner told/);
    const notice = (await baseDb.outboxEvent.findMany({ where: { type: "payout.failed", shopId: shop.id } })).at(-1)!;
    await handleNotification("payout.failed", { eventId: notice.id, shopId: shop.id, payload: notice.payload });
    const notes = await inShop(shop.id, (tx) => tx.notification.findMany({ where: { eventId: notice.id }, select: { userId: true, title: true } }));
    expect(notes).toEqual([
      {
        userId: shop.ownerId,
        // The owner chose no language: the shop's (French).
        title: `Le virement de ${new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(Number(po.amount) / 100)} a échoué`,
      },
    ]);
  });

  it("a late or replayed account.updated older than the state held changes nothing", async () => {
    const late = await createShop({ name: "Late Events Shop" });
    const acct = (await stripe.connectedAccount()).id as string;
    await connectShopAccount(late.id, acct);
    const row = () => inShop(late.id, (tx) => tx.shopStripeAccount.findFirstOrThrow({ select: { chargesEnabled: true, currentlyDue: true, stateAt: true } }));
    // Stripe restricted the account a minute ago, and enabled it again since; the events arrive the other way round.
    const restricted = await stripe.restrictAccount(acct, ["individual.verification.document"], 7, false);
    const older = { ...restricted, created: restricted.created - 60 };
    const a = stripe.accounts.get(acct)!;
    Object.assign(a, {
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { ...(a.requirements as object), currently_due: [], past_due: [], disabled_reason: null },
    });
    const enabled = await stripe.deliver("account.updated", a, acct);
    expect(await handleStripeEvent(enabled.id)).toBe("account updated (1)");
    expect(await row()).toEqual({ chargesEnabled: true, currentlyDue: [], stateAt: new Date(enabled.created * 1000) });

    await stripe.sendEvent(older);
    expect(await handleStripeEvent(older.id)).toMatch(/^account state from .* is older than the one held .*: ignored$/);
    expect(await row()).toMatchObject({ chargesEnabled: true, currentlyDue: [] });
    // The same event replayed (Stripe retries for days) is stored once and handled once.
    await stripe.sendEvent(older);
    expect(await baseDb.stripeEvent.count({ where: { id: older.id } })).toBe(1);
    expect(await row()).toMatchObject({ chargesEnabled: true });

    // A fresh read from Stripe (the Payments page) is newer than an event made before it.
    const before = await stripe.deliver("account.updated", { ...a, charges_enabled: false }, acct, false);
    const stale = { ...before, created: before.created - 5 };
    expect(await accountState(late.id)).toMatchObject({ status: "active" });
    await stripe.sendEvent(stale);
    expect(await handleStripeEvent(stale.id)).toMatch(/ignored$/);
    expect(await row()).toMatchObject({ chargesEnabled: true });

    // A newer event still applies.
    const now = await stripe.restrictAccount(acct, ["external_account"], 3);
    expect(await handleStripeEvent(now.id)).toBe("account updated (1)");
    expect(await row()).toMatchObject({ chargesEnabled: false, currentlyDue: ["external_account"] });
  });

  it("refuses a Connect event signed with the platform endpoint's secret, and an account event for an account no shop has", async () => {
    const event = await stripe.deliver("account.updated", { id: "acct_test_nobody", object: "account" }, "acct_test_nobody", false);
    const payload = JSON.stringify(event);
    const wrong = await fetch(`${server.base}/webhooks/stripe-connect`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": stripe.signed(payload) },
      body: payload,
    });
    expect(wrong.status).toBe(400);
    const right = await fetch(`${server.base}/webhooks/stripe-connect`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": stripe.signed(payload, STRIPE_CONNECT_WEBHOOK_SECRET) },
      body: payload,
    });
    expect(right.status).toBe(200);
    expect(await handleStripeEvent(event.id)).toBe("no shop for this event");
  });
});
