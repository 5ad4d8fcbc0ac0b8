// Issue 25, items 2 and 3: customers see only pickup points; checkout offers
// the next pickup slots from the hours, full ones left out; the slot's
// capacity holds under concurrent checkouts; the board and the order show
// the slot; an unpaid pay-at-pickup order expires at its slot's end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, productInput } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { createLocation } from "../server/services/inventory/locations";
import { setOpeningHours, setPickupSettings } from "../server/services/locations/settings";
import { placeOrder } from "../server/services/orders/place";
import { cartView } from "../server/services/orders/cart";
import { expireOrder } from "../server/services/orders/transitions";
import { productPage, shopPage } from "../server/services/search/storefront";
import { orderAccessKey } from "../server/auth/tokens";
import { formatSlot } from "../app/lib/time";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

const ZONE = "Europe/Paris";
const allDay = [{ opensMinute: 0, closesMinute: 1440 }];
let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let owner: string;
let variantId: string;
let backRoomId: string;

const order = (email: string, extra: { locationId?: string; pickupSlot?: string; payment?: "pay_at_pickup" } = {}) =>
  placeOrder(shop.slug, null, {
    clientRef: crypto.randomUUID(),
    items: [{ variantId, quantity: 1 }],
    fulfilment: "pickup",
    locationId: extra.locationId ?? shop.locationId,
    pickupSlot: extra.pickupSlot,
    payment: "pay_at_pickup",
    name: "Racer",
    email,
  });
const slotsNow = async () => (await cartView(shop.slug, [{ variantId, quantity: 1 }])).locations.find((l) => l.id === shop.locationId)!.slots;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  shop = await createShop({ name: "Slot Bakery", timezone: ZONE });
  owner = await server.cookieFor(shop.ownerId);
  const product = await createProduct(shop.id, productInput({ title: "Sourdough" }));
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 100 });
  // Open round the clock, so slots exist whatever time the test runs.
  await setOpeningHours(shop.id, {
    locationId: shop.locationId,
    hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  await setPickupSettings(shop.id, {
    locationId: shop.locationId,
    pickupPoint: true,
    publicName: "Bakery counter",
    prepMinutes: 30,
    slotMinutes: 15,
    slotCapacity: 2,
  });
  const backRoom = await createLocation(shop.id, {
    name: "Back room",
    addressLine1: "Yard",
    city: "Paris",
    postalCode: "75001",
    country: "FR",
    latitude: 48.86,
    longitude: 2.34,
  });
  backRoomId = backRoom.id;
  await setPickupSettings(shop.id, { locationId: backRoomId, pickupPoint: false, publicName: null, prepMinutes: 30, slotMinutes: 30, slotCapacity: 5 });
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: backRoomId, quantity: 10 });
});
afterAll(() => server.close());

describe("internal locations are never shown to customers", () => {
  it("the shop page, the product page and checkout list only the pickup point, by its public name", async () => {
    const shopView = await shopPage(shop.slug);
    expect(shopView.locations.map((l) => l.name)).toEqual(["Bakery counter"]);
    expect(shopView.open).toMatchObject({ open: true, zone: ZONE });
    const product = await productPage(shop.slug, (await inShop(shop.id, (tx) => tx.product.findFirstOrThrow({ select: { handle: true } }))).handle);
    expect(product.locations.map((l) => l.name)).toEqual(["Bakery counter"]);
    const cart = await cartView(shop.slug, [{ variantId, quantity: 1 }]);
    expect(cart.locations.map((l) => l.name)).toEqual(["Bakery counter"]);
    const html = (await page(server.base, `/s/${shop.slug}`)).text.replace(/<!-- -->/g, "");
    expect(html).toContain('<strong translate="no">Bakery counter</strong>');
    expect(html).toMatch(/Open now · closes at \d\d:\d\d/);
    expect(html).not.toContain("Back room");
  });

  it("an order naming the back room as its pickup place is refused, and nothing is reserved there", async () => {
    await expect(order("sneaky@example.test", { locationId: backRoomId })).rejects.toThrow("Choose one of the shop's pickup places");
    const level = await inShop(shop.id, (tx) => tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: backRoomId } }));
    expect(level.reserved).toBe(0);
  });
});

describe("pickup slots at checkout", () => {
  it("offers slots from the preparation time on, each as long as set", async () => {
    const slots = await slotsNow();
    expect(slots.length).toBeGreaterThan(3);
    const first = new Date(slots[0]!.start).getTime();
    expect(first).toBeGreaterThanOrEqual(Date.now() + 30 * 60_000 - 1000);
    expect(first).toBeLessThan(Date.now() + 45 * 60_000 + 1000);
    expect(new Date(slots[0]!.end).getTime() - first).toBe(15 * 60_000);
    expect(slots[0]!.left).toBe(2);
  });

  it("an order needs a slot when the place has hours, and one that is offered", async () => {
    await expect(order("noslot@example.test")).rejects.toThrow("Choose a pickup time at Bakery counter");
    await expect(order("odd@example.test", { pickupSlot: new Date(Date.now() + 3_600_000 + 7 * 60_000).toISOString() })).rejects.toThrow(
      "That pickup time is not offered at Bakery counter any more",
    );
  });

  it("two customers racing for the last place: exactly one gets it, and a full slot is no longer offered", async () => {
    const slot = (await slotsNow())[1]!;
    await order("first@example.test", { pickupSlot: slot.start });
    expect((await slotsNow()).find((s) => s.start === slot.start)?.left).toBe(1);
    // Real concurrent transactions on their own connections.
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => order(`racer-${i}@example.test`, { pickupSlot: slot.start })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(String(r.reason)).toContain("That pickup time has just filled up: choose another");
    const inSlot = await inShop(shop.id, (tx) => tx.order.count({ where: { pickupSlotStart: new Date(slot.start), status: { not: "cancelled" } } }));
    expect(inSlot).toBe(2);
    expect((await slotsNow()).map((s) => s.start)).not.toContain(slot.start);
  });
});

describe("the slot on the order, the board, and expiry", () => {
  let orderId: string;
  let slot: { start: string; end: string };

  beforeAll(async () => {
    slot = (await slotsNow())[3]!;
    orderId = (await order("shown@example.test", { pickupSlot: slot.start })).orderId;
  });

  it("is stored on the order, and shown on the board, the staff order page and the customer's page in the shop's zone", async () => {
    const o = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: orderId }, select: { pickupSlotStart: true, pickupSlotEnd: true } }));
    expect(o.pickupSlotStart?.toISOString()).toBe(slot.start);
    expect(o.pickupSlotEnd?.toISOString()).toBe(slot.end);
    const text = formatSlot(slot.start, slot.end, ZONE);
    const board = (await page(server.base, `/shop/${shop.slug}/orders`, { cookie: owner })).text.replace(/<!-- -->/g, "");
    expect(board).toContain(`Pickup ${text}`);
    const staff = (await page(server.base, `/shop/${shop.slug}/orders/${orderId}`, { cookie: owner })).text.replace(/<!-- -->/g, "");
    expect(staff).toContain(`Pickup time: ${text}`);
    const mine = (await page(server.base, `/orders/${orderId}?key=${orderAccessKey(orderId)}`)).text.replace(/<!-- -->/g, "");
    expect(mine).toContain(`Pickup time: ${text} (Paris time)`);
    // The place's name is the shop's own text (translate="no"): compared as the words shown.
    expect(mine.replace(/<[^>]+>/g, "")).toContain("Pick up at Bakery counter");
  });

  it("an unpaid pay-at-pickup order expires at its slot's end, not after the shop's hold", async () => {
    const o = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: orderId }, select: { expiresAt: true } }));
    expect(o.expiresAt?.toISOString()).toBe(slot.end);
    expect(await expireOrder(shop.id, orderId, new Date(new Date(slot.end).getTime() - 1000))).toBe("not due");
    expect(await expireOrder(shop.id, orderId, new Date(slot.end))).toBe("expired");
    const after = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: orderId }, select: { status: true } }));
    expect(after.status).toBe("cancelled");
    // Its place is free again.
    expect((await slotsNow()).find((s) => s.start === slot.start)?.left).toBe(2);
  });

  it("a place with no hours set takes orders without a slot, held for the shop's hold time as before", async () => {
    const plain = await createLocation(shop.id, {
      name: "Kiosk",
      addressLine1: "Square",
      city: "Paris",
      postalCode: "75002",
      country: "FR",
      latitude: 48.87,
      longitude: 2.35,
    });
    await receiveStock(shop.id, shop.ownerId, { variantId, locationId: plain.id, quantity: 3 });
    const placed = await order("kiosk@example.test", { locationId: plain.id });
    const o = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: placed.orderId }, select: { expiresAt: true, pickupSlotStart: true } }));
    expect(o.pickupSlotStart).toBeNull();
    expect((o.expiresAt!.getTime() - Date.now()) / 3_600_000).toBeGreaterThan(47.9);
  });
});
