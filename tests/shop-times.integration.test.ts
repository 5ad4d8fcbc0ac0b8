// Issue 18, broken today 5: order pages showed UTC while receipts showed the
// shop's time. Every time a person sees is in the shop's zone; customers
// see the zone named.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, productInput } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { orderAccessKey } from "../server/auth/tokens";
import { formatShopTime } from "../app/lib/time";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let owner: string;
let orderId: string;
let createdAt: Date;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  shop = await createShop({ timezone: "Europe/Paris" });
  owner = await server.cookieFor(shop.ownerId);
  const product = await createProduct(shop.id, productInput());
  const variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 5 });
  const placed = await placeOrder(shop.slug, null, {
    clientRef: crypto.randomUUID(),
    items: [{ variantId, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Zoe Zone",
    email: "zoe@example.test",
  });
  orderId = placed.orderId;
  // 12:00 UTC on a winter day: 13:00 in Paris.
  createdAt = new Date("2026-01-15T12:00:00Z");
  await inShop(shop.id, (tx) => tx.$executeRaw`UPDATE orders SET created_at = ${createdAt} WHERE id = ${orderId}::uuid`);
});
afterAll(() => server.close());

describe("times on order pages", () => {
  it("the staff order page shows the shop's time, not UTC", async () => {
    const html = (await page(server.base, `/shop/${shop.slug}/orders/${orderId}`, { cookie: owner })).text;
    expect(formatShopTime(createdAt, "Europe/Paris")).toContain("13:00");
    expect(html).toContain(formatShopTime(createdAt, "Europe/Paris"));
    expect(html).not.toContain(formatShopTime(createdAt, "UTC"));
  });

  it("the orders list shows the shop's time", async () => {
    const html = (await page(server.base, `/shop/${shop.slug}/orders`, { cookie: owner })).text;
    expect(html).toContain("13:00");
    expect(html).not.toContain(formatShopTime(createdAt, "UTC"));
  });

  it("the customer's order page names the zone", async () => {
    const html = (await page(server.base, `/orders/${orderId}?key=${orderAccessKey(orderId)}`)).text;
    expect(html).toContain("13:00 (Paris time)");
  });
});
