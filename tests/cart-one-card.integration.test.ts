// Issue 25, item 4's payment: a checkout across shops is paid with ONE card
// entry. The card is kept on the platform (Checkout in setup mode) and each
// shop's order is charged on that shop's own Stripe account with a copy of
// the card (decision 0032). Proven against the Stripe stand-in, which
// checks every parameter against the SDK's types: the commission reaches
// the platform as each charge's application fee; a decline at one shop
// leaves only that order to pay; a bank asking for authentication charges
// nothing silently; the webhook pays the orders when the customer never
// comes back; the return page and the webhook together charge each order
// once; an order's own Checkout left open is closed first.
import { standinOptions } from "./support/stripe-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { connectShopAccount, createShop, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeCart } from "../server/services/orders/place-cart";
import { cartCardUrl, chargeCheckoutCard } from "../server/services/payments/cart-card";
import { checkoutUrl, handleStripeEvent } from "../server/services/payments/stripe";
import { commissionOn, commissionPlan } from "../server/services/payments/commission";
import { stripeClient } from "../server/services/payments/client";
import { domainRefusal } from "./support/refusal";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { startTestServer } from "./support/http";

type Shop = Awaited<ReturnType<typeof createShop>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let stripe: StripeStandin;
let bakery: Shop;
let books: Shop;
const accounts = new Map<string, string>();
const variants = new Map<string, string>();
const back = { success: "http://localhost/ok?session={CHECKOUT_SESSION_ID}", cancel: "http://localhost/cancel" };
const sessionOf = (url: string) => url.split("/pay/")[1]!;

const refusal = domainRefusal;

/** A card checkout across the two shops: a €4.20 loaf, a €12.90 novel. */
const placeCardCart = () =>
  placeCart(null, {
    clientRef: randomUUID(),
    payment: "card_online",
    name: "Cora Card",
    email: "cora.card@example.test",
    orders: [bakery, books].map((s) => ({
      shopSlug: s.slug,
      items: [{ variantId: variants.get(s.id)!, quantity: 1 }],
      fulfilment: "pickup" as const,
      locationId: s.locationId,
    })),
  });

const orderOf = (shop: Shop, orderId: string) =>
  inShop(shop.id, (tx) =>
    tx.order.findFirstOrThrow({
      where: { id: orderId },
      select: { status: true, total: true, paid: true, stripePaymentId: true, stripeAccount: true, applicationFee: true, currency: true },
    }),
  );
const shopOf = (shopId: string) => (shopId === bakery.id ? bakery : books);
const intentsOf = (checkoutId: string) => [...stripe.intents.values()].filter((pi) => (pi.metadata as { checkoutId?: string }).checkoutId === checkoutId);

beforeAll(async () => {
  server = await startTestServer();
  stripe = await startStripeStandin(standinOptions(server.base));
  bakery = await createShop({ name: "Card Bakery" });
  books = await createShop({ name: "Card Books" });
  for (const [s, price] of [
    [bakery, 420],
    [books, 1290],
  ] as const) {
    const account = (await stripe.connectedAccount()).id as string;
    await connectShopAccount(s.id, account);
    accounts.set(s.id, account);
    const p = await createProduct(s.id, productInput({ variants: [{ optionValues: [], sku: `K-${randomUUID().slice(0, 8)}`, price, taxClass: "standard" }] }));
    const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
    await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity: 50 });
    variants.set(s.id, v.id);
  }
});
afterAll(async () => {
  await stripe?.close();
  await server?.close();
});

describe("one card for a checkout across shops", () => {
  it("keeps the card once on the platform, then charges each shop's order on its own account with its commission", async () => {
    const placed = await placeCardCart();
    const url = await cartCardUrl(placed.checkoutId, placed.key, back);
    const session = stripe.sessions.get(sessionOf(url))!;
    // A setup session on the platform, for this checkout, saying what each shop will charge.
    expect(session).toMatchObject({ mode: "setup", metadata: { checkoutId: placed.checkoutId }, payment_intent: null });
    expect((session.custom_text as { submit: { message: string } }).submit.message).toBe(
      "Right after, each shop charges its own order to this card: €4.20 to Card Bakery, €12.90 to Card Books.",
    );
    expect(stripe.customers.get(String(session.customer))).toMatchObject({ email: "cora.card@example.test", metadata: { checkoutId: placed.checkoutId } });

    await stripe.completeSetupAndNotify(session.id as string, "4242424242424242", false);
    const outcomes = await chargeCheckoutCard(placed.checkoutId, session.id as string);
    expect(outcomes.map((o) => o.outcome)).toEqual(["paid", "paid"]);
    for (const p of placed.orders) {
      const shop = shopOf(p.shopId);
      const o = await orderOf(shop, p.orderId);
      const plan = await commissionPlan(shop.id, o.currency);
      expect(o).toMatchObject({ status: "paid", paid: o.total, stripeAccount: accounts.get(shop.id), applicationFee: commissionOn(o.total, plan) });
      // The charge is the shop's own: found on its account, not on the other shop's.
      const pi = await stripeClient()!.paymentIntents.retrieve(o.stripePaymentId!, {}, { stripeAccount: accounts.get(shop.id)! });
      expect(pi).toMatchObject({ amount: o.total, status: "succeeded", application_fee_amount: commissionOn(o.total, plan) });
      const elsewhere = accounts.get(shop.id === bakery.id ? books.id : bakery.id)!;
      await expect(stripeClient()!.paymentIntents.retrieve(o.stripePaymentId!, {}, { stripeAccount: elsewhere })).rejects.toThrow(/No such payment_intent/);
    }
    // With every order paid, the platform no longer keeps the customer's email and card.
    expect(stripe.customers.has(String(session.customer))).toBe(false);
    // Back again (a reload of the return page): nothing is charged twice.
    expect((await chargeCheckoutCard(placed.checkoutId, session.id as string)).map((o) => o.outcome)).toEqual(["skipped", "skipped"]);
    expect(intentsOf(placed.checkoutId)).toHaveLength(2);
  });

  it("a card declined at one shop leaves only that order to pay, on its own page; the other shop keeps its payment", async () => {
    const placed = await placeCardCart();
    const sid = sessionOf(await cartCardUrl(placed.checkoutId, placed.key, back));
    await stripe.completeSetupAndNotify(sid, "4242424242424242", false);
    stripe.declineNextCharge("insufficient_funds");
    const outcomes = await chargeCheckoutCard(placed.checkoutId, sid);
    expect(outcomes.map((o) => o.outcome)).toEqual(["declined", "paid"]);
    // An order still to pay: the card entry is kept for "pay all" again.
    expect(stripe.customers.has(String(stripe.sessions.get(sid)!.customer))).toBe(true);
    expect(outcomes[0]!.detail).toBe("Your card was declined.");
    const [first, second] = outcomes.map((o) => ({
      p: placed.orders.find((p) => p.orderId === o.orderId)!,
      shop: shopOf(placed.orders.find((p) => p.orderId === o.orderId)!.shopId),
    }));
    expect((await orderOf(first!.shop, first!.p.orderId)).status).toBe("pending_payment");
    expect((await orderOf(second!.shop, second!.p.orderId)).status).toBe("paid");
    // The declined order is paid on its shop's own Checkout page afterwards.
    const own = await checkoutUrl(first!.shop.id, first!.p.orderId, { success: "http://localhost/ok", cancel: "http://localhost/no" });
    expect(stripe.sessions.get(sessionOf(own))).toMatchObject({ mode: "payment", amount_total: (await orderOf(first!.shop, first!.p.orderId)).total });
  });

  it("a bank that asks for authentication: nothing is charged behind the customer's back; each order waits for its own page", async () => {
    const placed = await placeCardCart();
    const sid = sessionOf(await cartCardUrl(placed.checkoutId, placed.key, back));
    await stripe.completeSetupAndNotify(sid, "4000002760003184", false);
    const outcomes = await chargeCheckoutCard(placed.checkoutId, sid);
    expect(outcomes.map((o) => o.outcome)).toEqual(["authentication", "authentication"]);
    for (const p of placed.orders) expect((await orderOf(shopOf(p.shopId), p.orderId)).status).toBe("pending_payment");
    expect(intentsOf(placed.checkoutId).map((pi) => pi.status)).toEqual(["requires_payment_method", "requires_payment_method"]);
  });

  it("pays the orders from the webhook when the customer never comes back, and the two paths together charge each order once", async () => {
    const placed = await placeCardCart();
    const sid = sessionOf(await cartCardUrl(placed.checkoutId, placed.key, back));
    // The stand-in posts checkout.session.completed to the platform endpoint, as Stripe does.
    await stripe.completeSetupAndNotify(sid);
    const stored = await baseDb.stripeEvent.findFirstOrThrow({
      where: { type: "checkout.session.completed", payload: { path: ["data", "object", "id"], equals: sid } },
    });
    expect(stored.shopId).toBeNull();
    // The webhook's job and the return page at the same moment.
    const [job, page] = await Promise.all([handleStripeEvent(stored.id), chargeCheckoutCard(placed.checkoutId, sid)]);
    // Whichever comes second finds each order paid, or replays the same PaymentIntent (one idempotency key per order and card).
    expect(job).toMatch(/^checkout card: (paid|skipped), (paid|skipped)$/);
    expect(page.map((o) => o.outcome).every((o) => o === "paid" || o === "skipped")).toBe(true);
    expect(intentsOf(placed.checkoutId)).toHaveLength(2);
    for (const p of placed.orders) expect((await orderOf(shopOf(p.shopId), p.orderId)).status).toBe("paid");
    const duplicates = await Promise.all(placed.orders.map((p) => inShop(p.shopId, (tx) => tx.duplicatePayment.count({ where: { orderId: p.orderId } }))));
    expect(duplicates).toEqual([0, 0]);
    // Each charge's own payment_intent.succeeded (Connect endpoint) finds its order already paid.
    const events = await baseDb.stripeEvent.findMany({
      where: { type: "payment_intent.succeeded", shopId: { in: [bakery.id, books.id] } },
      orderBy: { receivedAt: "desc" },
      take: 2,
    });
    for (const e of events) expect(await handleStripeEvent(e.id)).toBe("already paid");
  });

  it("closes an order's own Checkout left open before charging the card; one already paid there is recorded, not charged again", async () => {
    const placed = await placeCardCart();
    const [a, b] = [...placed.orders].sort((x, y) => x.orderId.localeCompare(y.orderId));
    const openA = sessionOf(await checkoutUrl(a!.shopId, a!.orderId, { success: "http://localhost/ok", cancel: "http://localhost/no" }));
    const paidB = sessionOf(await checkoutUrl(b!.shopId, b!.orderId, { success: "http://localhost/ok", cancel: "http://localhost/no" }));
    await stripe.payAndNotify(paidB, false); // paid at Stripe, its webhook not handled yet
    const sid = sessionOf(await cartCardUrl(placed.checkoutId, placed.key, back));
    await stripe.completeSetupAndNotify(sid, "4242424242424242", false);
    const outcomes = await chargeCheckoutCard(placed.checkoutId, sid);
    expect(Object.fromEntries(outcomes.map((o) => [o.orderId, [o.outcome, o.detail]]))).toEqual({
      [a!.orderId]: ["paid", "paid"],
      [b!.orderId]: ["paid", "paid on its own page"],
    });
    expect(stripe.sessions.get(openA)!.status).toBe("expired");
    // Only order A was charged with the kept card; B's one payment is its own session's.
    expect(intentsOf(placed.checkoutId).map((pi) => (pi.metadata as { orderId: string }).orderId)).toEqual([a!.orderId]);
    expect((await orderOf(shopOf(b!.shopId), b!.orderId)).stripePaymentId).toBe(stripe.sessions.get(paidB)!.payment_intent);
  });

  it("refuses a card entry that is not finished, not this checkout's, or unknown, charging nothing", async () => {
    const placed = await placeCardCart();
    const other = await placeCardCart();
    const sid = sessionOf(await cartCardUrl(placed.checkoutId, placed.key, back));
    expect((await refusal(chargeCheckoutCard(placed.checkoutId, sid))).message).toBe("The card was not saved: nothing was charged. Try again.");
    await stripe.completeSetupAndNotify(sid, "4242424242424242", false);
    expect((await refusal(chargeCheckoutCard(other.checkoutId, sid))).message).toBe("This card entry is not for this checkout");
    expect((await refusal(chargeCheckoutCard(placed.checkoutId, "cs_test_nosuchsession"))).message).toBe("This card entry is not known: try again");
    expect(intentsOf(placed.checkoutId)).toHaveLength(0);
    expect(intentsOf(other.checkoutId)).toHaveLength(0);
    // With the wrong key, no card page is made at all.
    expect((await refusal(cartCardUrl(placed.checkoutId, other.key, back))).code).toBe("not_found");
  });

  it("is not offered once every order is paid, and names a shop that stopped taking cards", async () => {
    const placed = await placeCardCart();
    const sid = sessionOf(await cartCardUrl(placed.checkoutId, placed.key, back));
    await stripe.completeSetupAndNotify(sid, "4242424242424242", false);
    await chargeCheckoutCard(placed.checkoutId, sid);
    expect((await refusal(cartCardUrl(placed.checkoutId, placed.key, back))).message).toBe("Every order of this checkout is already paid or closed");
    const later = await placeCardCart();
    await inShop(books.id, (tx) => tx.shopStripeAccount.update({ where: { shopId: books.id }, data: { chargesEnabled: false }, select: { shopId: true } }));
    try {
      expect((await refusal(cartCardUrl(later.checkoutId, later.key, back))).message).toBe(
        "Card Books cannot take card payments at the moment: pay that order at pickup",
      );
    } finally {
      await inShop(books.id, (tx) => tx.shopStripeAccount.update({ where: { shopId: books.id }, data: { chargesEnabled: true }, select: { shopId: true } }));
    }
  });
});
