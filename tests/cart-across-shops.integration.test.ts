// Issue 25, item 4: one cart across shops. A checkout places one order per
// shop in ONE transaction: every shop's stock is reserved and every slot
// booked, or nothing is, whichever shop refuses; a repeated submit places
// nothing twice; two carts racing over the same shops neither deadlock nor
// oversell; the checkout's page is reached only with its key.
import "./support/stripe-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { checkoutKey, checkoutSummary, placeCart } from "../server/services/orders/place-cart";
import { saveCart, savedCarts } from "../server/services/orders/cart";
import { placeCartSchema, type PlaceCartInput } from "../server/schemas/orders";
import { domainRefusal } from "./support/refusal";
import { isDomainError } from "../server/services/errors";

type Shop = Awaited<ReturnType<typeof createShop>>;
let bakery: Shop;
let books: Shop;
let bread: string;
let novel: string;

async function variantOf(shopId: string, title: string) {
  const product = await createProduct(shopId, productInput({ title }));
  return (await inShop(shopId, (tx) => tx.variant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } }))).id;
}

const reserved = (shop: Shop, variantId: string) =>
  inShop(
    shop.id,
    async (tx) => (await tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: shop.locationId }, select: { reserved: true } })).reserved,
  );

const ordersWith = (shop: Shop, clientRef: string) => inShop(shop.id, (tx) => tx.order.count({ where: { clientRef } }));

function cart(over: { bread?: number; novel?: number; payment?: "pay_at_pickup" | "card_online"; clientRef?: string; flip?: boolean } = {}): PlaceCartInput {
  const parts = [
    {
      shopSlug: bakery.slug,
      items: [{ variantId: bread, quantity: over.bread ?? 1 }],
      fulfilment: "pickup" as const,
      locationId: bakery.locationId,
    },
    {
      shopSlug: books.slug,
      items: [{ variantId: novel, quantity: over.novel ?? 1 }],
      fulfilment: "pickup" as const,
      locationId: books.locationId,
    },
  ];
  return {
    clientRef: over.clientRef ?? crypto.randomUUID(),
    orders: over.flip ? parts.reverse() : parts,
    payment: over.payment ?? "pay_at_pickup",
    name: "Cora Cart",
    email: "cora@example.test",
  };
}

const refusal = domainRefusal;

beforeAll(async () => {
  bakery = await createShop({ name: "Cart Bakery" });
  books = await createShop({ name: "Cart Books" });
  bread = await variantOf(bakery.id, "Rye loaf");
  novel = await variantOf(books.id, "A novel");
  await receiveStock(bakery.id, bakery.ownerId, { variantId: bread, locationId: bakery.locationId, quantity: 50 });
  await receiveStock(books.id, books.ownerId, { variantId: novel, locationId: books.locationId, quantity: 5 });
});
afterAll(async () => {});

describe("a checkout across shops", () => {
  it("places one order per shop, sharing a checkout whose page lists both (with its key only)", async () => {
    const before = [await reserved(bakery, bread), await reserved(books, novel)];
    const placed = await placeCart(null, cart({ bread: 2 }));
    expect(placed.orders.map((o) => o.shopId)).toEqual([bakery.id, books.id]);
    expect(placed.orders.every((o) => o.status === "confirmed")).toBe(true);
    expect([await reserved(bakery, bread), await reserved(books, novel)]).toEqual([before[0]! + 2, before[1]! + 1]);
    const summary = await checkoutSummary(placed.checkoutId, placed.key);
    expect(summary.orders.map((o) => o.shop.name).sort()).toEqual(["Cart Bakery", "Cart Books"]);
    expect(summary.orders.map((o) => o.id).sort()).toEqual(placed.orders.map((o) => o.orderId).sort());
    // Another checkout's key, or a made-up one, finds nothing.
    const other = await placeCart(null, cart());
    expect((await refusal(checkoutSummary(placed.checkoutId, other.key))).code).toBe("not_found");
    expect((await refusal(checkoutSummary(placed.checkoutId, "x".repeat(43)))).code).toBe("not_found");
    expect(checkoutKey(placed.checkoutId)).toBe(placed.key);
  });

  it("is all or nothing: a shop short of stock leaves no order and no reservation at the other", async () => {
    const clientRef = crypto.randomUUID();
    const before = [await reserved(bakery, bread), await reserved(books, novel)];
    const error = await refusal(placeCart(null, cart({ novel: 99, clientRef })));
    expect(error.message).toMatch(/^Only \d+ × A novel left at Cart Books: lower the quantity/);
    expect([await reserved(bakery, bread), await reserved(books, novel)]).toEqual(before);
    expect([await ordersWith(bakery, clientRef), await ordersWith(books, clientRef)]).toEqual([0, 0]);
  });

  it("puts a shop's field error under that shop's part of the form, naming the shop", async () => {
    const input = cart();
    input.orders[1]!.locationId = bakery.locationId; // the other shop's place
    const error = await refusal(placeCart(null, input));
    expect(error.fieldErrors).toEqual({ "orders.1.locationId": "Cart Books: Choose one of the shop's pickup places" });
    expect(await ordersWith(bakery, input.clientRef)).toBe(0);
  });

  it("answers a repeated submit with the orders the first one placed, reserving nothing twice", async () => {
    const input = cart();
    const first = await placeCart(null, input);
    const after = [await reserved(bakery, bread), await reserved(books, novel)];
    const again = await placeCart(null, input);
    expect(again.orders.map((o) => o.orderId)).toEqual(first.orders.map((o) => o.orderId));
    expect(again.checkoutId).toBe(first.checkoutId);
    expect([await reserved(bakery, bread), await reserved(books, novel)]).toEqual(after);
  });

  it("two carts racing for the last book over the same shops, in opposite order: one gets it, the other leaves nothing", async () => {
    const left = 5 - (await reserved(books, novel));
    // Take all but one.
    if (left > 1) await placeCart(null, cart({ novel: left - 1 }));
    const bakeryBefore = await reserved(bakery, bread);
    const racers = [cart(), cart({ flip: true })];
    const results = await Promise.allSettled(racers.map((r) => placeCart(null, r)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isDomainError(lost.reason) ? lost.reason.message : String(lost.reason)).toMatch(/Cart Books/);
    expect(await reserved(books, novel)).toBe(5);
    expect(await reserved(bakery, bread)).toBe(bakeryBefore + 1);
  });

  it("refuses card payment when one shop cannot take cards, naming it", async () => {
    await connectShopAccount(bakery.id, "acct_cartbakery01");
    const error = await refusal(placeCart(null, cart({ payment: "card_online" })));
    expect(error.fieldErrors?.payment).toBe("Card payment is not available at Cart Books at the moment: choose pay at pickup");
    // With both shops taking cards: one order per shop, each awaiting its own payment on its shop's account.
    await connectShopAccount(books.id, "acct_cartbooks0001");
    await receiveStock(books.id, books.ownerId, { variantId: novel, locationId: books.locationId, quantity: 5 });
    const placed = await placeCart(null, cart({ payment: "card_online", bread: 3 }));
    const summary = await checkoutSummary(placed.checkoutId, placed.key);
    expect(summary.orders.map((o) => [o.shop.name, o.status, o.paymentMethod])).toEqual([
      ["Cart Bakery", "pending_payment", "card_online"],
      ["Cart Books", "pending_payment", "card_online"],
    ]);
  });

  it("refuses hostile carts at the schema: the same shop twice, too many shops, no shops", () => {
    const twice = cart();
    twice.orders[1] = { ...twice.orders[0]! };
    expect(placeCartSchema.safeParse(twice).success).toBe(false);
    const many = cart();
    many.orders = Array.from({ length: 6 }, (_, i) => ({ ...many.orders[0]!, shopSlug: `shop-${i}-x` }));
    expect(placeCartSchema.safeParse(many).error?.issues[0]?.message).toBe("At most 5 shops in one checkout");
    expect(placeCartSchema.safeParse({ ...cart(), orders: [] }).error?.issues[0]?.message).toBe("Your cart is empty");
    expect(placeCartSchema.safeParse({ ...cart(), orders: { 0: cart().orders[0] } }).success).toBe(false);
  });

  it("refuses another shop's item put in a shop's part, placing nothing anywhere", async () => {
    const input = cart();
    input.orders[0]!.items = [{ variantId: novel, quantity: 1 }]; // a book in the bakery's part
    const error = await refusal(placeCart(null, input));
    expect(error.code).not.toBe("conflict");
    expect([await ordersWith(bakery, input.clientRef), await ordersWith(books, input.clientRef)]).toEqual([0, 0]);
  });
});

describe("a signed-in customer's cart across shops", () => {
  it("reads their own carts at every shop, never another person's", async () => {
    const cora = await createUser({ name: "Cora" });
    const dan = await createUser({ name: "Dan" });
    await saveCart(bakery.slug, cora.id, [{ variantId: bread, quantity: 2 }]);
    await saveCart(books.slug, cora.id, [{ variantId: novel, quantity: 1 }]);
    await saveCart(books.slug, dan.id, [{ variantId: novel, quantity: 3 }]);
    expect(await savedCarts(cora.id)).toEqual([
      { shopSlug: bakery.slug, items: [{ variantId: bread, quantity: 2 }] },
      { shopSlug: books.slug, items: [{ variantId: novel, quantity: 1 }] },
    ]);
    expect(await savedCarts(dan.id)).toEqual([{ shopSlug: books.slug, items: [{ variantId: novel, quantity: 3 }] }]);
    // An emptied cart is not a shop in the cart.
    await saveCart(bakery.slug, cora.id, []);
    expect((await savedCarts(cora.id)).map((c) => c.shopSlug)).toEqual([books.slug]);
  });
});
