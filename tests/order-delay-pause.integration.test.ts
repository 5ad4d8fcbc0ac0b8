// Issue 25, item 3: staff delay an order (the customer is told the new time)
// and pause online orders at a location until a time.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { transitionOrder } from "../server/services/orders/transitions";
import { pickupPlaces } from "../server/services/locations/public";
import { handleNotification } from "../jobs/notifications";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let other: Awaited<ReturnType<typeof createShop>>;
let variantId: string;
let owner: string;
let cashier: string;
let manager: string;

const order = (over: Record<string, unknown> = {}) =>
  placeOrder(shop.slug, null, {
    clientRef: randomUUID(),
    items: [{ variantId, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Dora Delay",
    email: `dora-${randomUUID().slice(0, 8)}@example.test`,
    ...over,
  });

const row = (orderId: string) =>
  inShop(shop.id, (tx) =>
    tx.order.findFirstOrThrow({
      where: { id: orderId },
      select: {
        readyAt: true,
        pickupSlotStart: true,
        pickupSlotEnd: true,
        expiresAt: true,
        status: true,
        events: { orderBy: { createdAt: "asc" }, select: { note: true } },
      },
    }),
  );

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop({ name: "Delay Bakery", timezone: "Europe/Paris", language: "en" });
  other = await createShop({ name: "Other Bakery" });
  const p = await createProduct(
    shop.id,
    productInput({ variants: [{ optionValues: [], sku: `D-${randomUUID().slice(0, 8)}`, price: 250, taxClass: "standard" }] }),
  );
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 100 });
  owner = await server.cookieFor(shop.ownerId);
  const c = await createUser();
  await addMember(shop.id, c.id, "cashier");
  cashier = await server.cookieFor(c.id);
  const m = await createUser();
  await addMember(shop.id, m.id, "manager");
  manager = await server.cookieFor(m.id);
});
afterAll(() => server.close());

describe("delaying an order", () => {
  it("a cashier delays an order with no slot: a promised time, the history says why, the customer is emailed the new time", async () => {
    const o = await order();
    const before = Date.now();
    const r = await server.call("orders.delay", { shopSlug: shop.slug, orderId: o.orderId, minutes: 20, reason: "The oven broke" }, { cookie: cashier });
    expect(r.status).toBe(200);
    const after = await row(o.orderId);
    expect(after.readyAt!.getTime()).toBeGreaterThanOrEqual(before + 20 * 60_000 - 1_000);
    expect(after.readyAt!.getTime()).toBeLessThanOrEqual(Date.now() + 20 * 60_000 + 1_000);
    expect(after.status).toBe("confirmed");
    const note = after.events.at(-1)!.note;
    expect(note).toMatch(/^Delayed by 20 min: ready at about .+ \(Paris time\)\. The oven broke$/);

    const event = await baseDb.outboxEvent.findFirstOrThrow({
      where: { type: "order.delayed", payload: { equals: { orderId: o.orderId } } },
      select: { id: true, payload: true, shopId: true },
    });
    const where = await handleNotification("order.delayed", { eventId: event.id, shopId: event.shopId, payload: event.payload });
    const mail = JSON.parse(await fs.readFile(where.replace(/\.eml$/, ".json"), "utf8")) as { to: string; subject: string; text: string };
    expect(mail.subject).toBe(`Your order #${o.number} is delayed`);
    const at = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(after.readyAt!);
    expect(mail.text).toContain(`Delay Bakery will have your order #${o.number} ready at about ${at}.`);
    expect(mail.text).toContain("The shop's reason: The oven broke");

    // A second delay counts from the promised time, not from now.
    await server.call("orders.delay", { shopSlug: shop.slug, orderId: o.orderId, minutes: 10 }, { cookie: cashier });
    expect((await row(o.orderId)).readyAt!.getTime() - after.readyAt!.getTime()).toBe(10 * 60_000);
  });

  it("moves a pickup slot by the delay and keeps the unpaid hold past the new slot", async () => {
    const o = await order();
    const start = new Date(Date.now() + 60 * 60_000);
    const end = new Date(start.getTime() + 30 * 60_000);
    await inShop(shop.id, (tx) => tx.order.updateMany({ where: { id: o.orderId }, data: { pickupSlotStart: start, pickupSlotEnd: end, expiresAt: end } }));
    await server.call("orders.delay", { shopSlug: shop.slug, orderId: o.orderId, minutes: 45 }, { cookie: owner });
    const after = await row(o.orderId);
    expect(after.pickupSlotStart!.getTime() - start.getTime()).toBe(45 * 60_000);
    expect(after.pickupSlotEnd!.getTime() - end.getTime()).toBe(45 * 60_000);
    expect(after.expiresAt!.getTime()).toBeGreaterThanOrEqual(after.pickupSlotEnd!.getTime());
    expect(after.readyAt).toBeNull();
    expect(after.events.at(-1)!.note).toMatch(/^Delayed by 45 min: new pickup time .+–.+ \(Paris time\)$/);
  });

  it("refuses what cannot be delayed, bad minutes and another shop's order, with a message and nothing written", async () => {
    const done = await order();
    await transitionOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId: done.orderId, to: "cancelled" });
    const r = await server.call("orders.delay", { shopSlug: shop.slug, orderId: done.orderId, minutes: 15 }, { cookie: owner });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("Only an order still being prepared can be delayed");

    const o = await order();
    for (const minutes of [0, 4, 481, 2 ** 40, 1.5, "15", null]) {
      const bad = await server.call("orders.delay", { shopSlug: shop.slug, orderId: o.orderId, minutes }, { cookie: owner });
      expect(bad.status, String(minutes)).toBe(400);
    }
    for (const input of [
      { shopSlug: shop.slug, orderId: "not-an-id", minutes: 15 },
      { shopSlug: shop.slug, orderId: o.orderId, minutes: 15, reason: "x".repeat(201) },
      { shopSlug: shop.slug, orderId: o.orderId, minutes: 15, reason: "nul\u0000byte" },
      // Minutes only under __proto__: never read as the input's own.
      JSON.parse(`{"shopSlug":"${shop.slug}","orderId":"${o.orderId}","__proto__":{"minutes":15}}`),
      JSON.parse(`{"shopSlug":"${shop.slug}","orderId":"${o.orderId}","constructor":{"prototype":{"minutes":15}}}`),
    ]) {
      const bad = await server.call("orders.delay", input, { cookie: owner });
      expect(bad.status, JSON.stringify(input)).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).minutes).toBeUndefined();
    // Another shop's owner, naming this shop's order in their own shop: not found.
    const theirs = await server.call(
      "orders.delay",
      { shopSlug: other.slug, orderId: o.orderId, minutes: 15 },
      { cookie: await server.cookieFor(other.ownerId) },
    );
    expect(theirs.status).toBe(404);
    expect((await row(o.orderId)).events).toHaveLength(1);
    expect((await row(o.orderId)).readyAt).toBeNull();
  });
});

describe("pausing online orders at a location", () => {
  it("a manager pauses: checkout refuses that place with the time and the note, the shop page says so; resuming opens it again", async () => {
    const r = await server.call(
      "inventory.pauseOrders",
      { shopSlug: shop.slug, locationId: shop.locationId, minutes: 30, note: "Oven repair" },
      { cookie: manager },
    );
    expect(r.status).toBe(200);
    const refused = await order().catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error & { fieldErrors?: Record<string, string> }).fieldErrors?.locationId).toMatch(
      /is not taking online orders until .+ \(Paris time\): Oven repair\. Try again then, or choose another place\.$/,
    );
    const places = await inShop(shop.id, (tx) => pickupPlaces(tx, "Europe/Paris"));
    expect(places[0]!.paused?.note).toBe("Oven repair");
    expect(places[0]!.paused!.until.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);

    expect((await server.call("inventory.resumeOrders", { shopSlug: shop.slug, locationId: shop.locationId }, { cookie: manager })).status).toBe(200);
    expect((await order()).status).toBe("confirmed");
    expect((await inShop(shop.id, (tx) => pickupPlaces(tx, "Europe/Paris")))[0]!.paused).toBeNull();
  });

  it("the rest of today ends at midnight in the shop's zone", async () => {
    const r = await server.call("inventory.pauseOrders", { shopSlug: shop.slug, locationId: shop.locationId, untilEndOfDay: true }, { cookie: owner });
    expect(r.status).toBe(200);
    const until = (await inShop(shop.id, (tx) => tx.location.findFirstOrThrow({ where: { id: shop.locationId }, select: { ordersPausedUntil: true } })))
      .ordersPausedUntil!;
    const paris = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(until);
    expect(paris).toBe("00:00");
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    await server.call("inventory.resumeOrders", { shopSlug: shop.slug, locationId: shop.locationId }, { cookie: owner });
  });

  it("a cashier cannot pause; bad input and another shop's location are refused and nothing changes", async () => {
    expect((await server.call("inventory.pauseOrders", { shopSlug: shop.slug, locationId: shop.locationId, minutes: 30 }, { cookie: cashier })).status).toBe(
      403,
    );
    for (const input of [
      { shopSlug: shop.slug, locationId: shop.locationId },
      { shopSlug: shop.slug, locationId: shop.locationId, minutes: 30, untilEndOfDay: true },
      { shopSlug: shop.slug, locationId: shop.locationId, minutes: 2 ** 33 },
      { shopSlug: shop.slug, locationId: shop.locationId, minutes: 30, note: "n".repeat(201) },
      { shopSlug: shop.slug, locationId: other.locationId, minutes: 30 },
      { shopSlug: shop.slug, locationId: "constructor", minutes: 30 },
    ]) {
      const r = await server.call("inventory.pauseOrders", input, { cookie: owner });
      expect(r.status, JSON.stringify(input)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    const loc = await inShop(other.id, (tx) => tx.location.findFirstOrThrow({ where: { id: other.locationId }, select: { ordersPausedUntil: true } }));
    expect(loc.ordersPausedUntil).toBeNull();
    expect((await order()).status).toBe("confirmed");
  });
});
