import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { adjustStock, receiveStock, setThreshold, transferStock } from "../server/services/inventory/ledger";
import { createLocation } from "../server/services/inventory/locations";
import { variantStock } from "../server/services/inventory/stock";
import { handleNotification } from "../jobs/notifications";
import { listNotifications, markRead } from "../server/services/notifications/inbox";
import { createCaller } from "../server/trpc/root";

let shop: Awaited<ReturnType<typeof createShop>>;
let warehouseId: string;
let variantId: string;
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

async function newVariant() {
  const p = await createProduct(shop.id, productInput());
  return inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } })).then((v) => v.id);
}

/** Each level next to the sum of its movements, straight from PostgreSQL. */
async function levelsAndLedger(variant: string) {
  const { rows } = await owner.query(
    `SELECT s.location_id, s.on_hand, s.reserved,
            (SELECT coalesce(sum(on_hand_delta), 0)::int FROM stock_movements m WHERE m.variant_id = s.variant_id AND m.location_id = s.location_id) AS ledger_on_hand,
            (SELECT coalesce(sum(reserved_delta), 0)::int FROM stock_movements m WHERE m.variant_id = s.variant_id AND m.location_id = s.location_id) AS ledger_reserved
     FROM stock_levels s WHERE s.variant_id = $1 ORDER BY s.location_id`,
    [variant],
  );
  return rows as { location_id: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }[];
}

async function pendingEvents(type: string) {
  const { rows } = await owner.query(`SELECT id, payload FROM outbox WHERE shop_id = $1 AND type = $2 ORDER BY created_at`, [shop.id, type]);
  return rows as { id: string; payload: Record<string, unknown> }[];
}

beforeAll(async () => {
  await owner.connect();
  shop = await createShop();
  const warehouse = await createLocation(shop.id, {
    name: "Warehouse",
    addressLine1: "2 Quai",
    city: "Paris",
    postalCode: "75001",
    country: "FR",
    latitude: 48.86,
    longitude: 2.34,
  });
  warehouseId = warehouse.id;
  variantId = await newVariant();
});
afterAll(() => owner.end());

describe("the stock ledger", () => {
  it("records each change as a movement with who, why and when", async () => {
    await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 10, reason: "PO 42" });
    const level = await adjustStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, delta: -3, reason: "damaged" });
    expect(level).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    const { movements } = await variantStock(shop.id, { variantId });
    expect(movements.map((m) => [m.kind, m.onHandDelta, m.reason, m.user?.name])).toEqual([
      ["adjusted", -3, "damaged", "Owner"],
      ["received", 10, "PO 42", "Owner"],
    ]);
  });

  it("transfers both halves or neither", async () => {
    const r = await transferStock(shop.id, shop.ownerId, { variantId, fromLocationId: shop.locationId, toLocationId: warehouseId, quantity: 4 });
    expect(r.levels.find((l) => l.locationId === warehouseId)?.onHand).toBe(4);
    await expect(transferStock(shop.id, shop.ownerId, { variantId, fromLocationId: shop.locationId, toLocationId: warehouseId, quantity: 50 })).rejects.toThrow(
      /Not enough stock of SKU-.* at Shop floor: 3 on hand, 3 available/,
    );
    const rows = await levelsAndLedger(variantId);
    expect(rows.map((r) => r.on_hand).sort()).toEqual([3, 4]);
    for (const r of rows) expect(r.on_hand).toBe(r.ledger_on_hand);
  });

  it("refuses to go below zero and writes nothing", async () => {
    const before = await levelsAndLedger(variantId);
    await expect(adjustStock(shop.id, shop.ownerId, { variantId, locationId: warehouseId, delta: -5, reason: "count" })).rejects.toThrow(/Not enough stock/);
    expect(await levelsAndLedger(variantId)).toEqual(before);
  });

  it("keeps the database's ledger append-only", async () => {
    const app = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });
    await app.connect();
    try {
      await app.query("BEGIN");
      await app.query("SELECT set_config('app.shop_id', $1, true)", [shop.id]);
      await expect(app.query("UPDATE stock_movements SET on_hand_delta = 100")).rejects.toThrow(/permission denied/);
      await app.query("ROLLBACK");
    } finally {
      await app.end();
    }
    await expect(owner.query("UPDATE stock_movements SET on_hand_delta = 100")).rejects.toThrow(/append-only/);
  });

  it("loses no update when many people adjust the same item at once, and the level equals its movements", async () => {
    const v = await newVariant();
    await receiveStock(shop.id, shop.ownerId, { variantId: v, locationId: shop.locationId, quantity: 100 });
    // 40 concurrent changes: 20 × -1 and 20 × +3, plus transfers both ways.
    const work = [
      ...Array.from({ length: 20 }, () => adjustStock(shop.id, shop.ownerId, { variantId: v, locationId: shop.locationId, delta: -1, reason: "sale" })),
      ...Array.from({ length: 20 }, () => adjustStock(shop.id, shop.ownerId, { variantId: v, locationId: shop.locationId, delta: 3, reason: "found" })),
      ...Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? transferStock(shop.id, shop.ownerId, { variantId: v, fromLocationId: shop.locationId, toLocationId: warehouseId, quantity: 2 })
          : transferStock(shop.id, shop.ownerId, { variantId: v, fromLocationId: warehouseId, toLocationId: shop.locationId, quantity: 1 }).catch(
              (e: Error) => e.message,
            ),
      ),
    ];
    const results = await Promise.all(work);
    const refusedBack = results.filter((r) => typeof r === "string").length;
    const rows = await levelsAndLedger(v);
    const total = rows.reduce((n, r) => n + r.on_hand, 0);
    expect(total).toBe(100 - 20 + 60);
    for (const r of rows) {
      expect(r.on_hand).toBe(r.ledger_on_hand);
      expect(r.reserved).toBe(r.ledger_reserved);
    }
    const { rows: product } = await owner.query("SELECT p.available FROM products p JOIN variants v ON v.product_id = p.id WHERE v.id = $1", [v]);
    expect(product[0].available).toBe(total);
    const warehouse = rows.find((r) => r.location_id === warehouseId)?.on_hand;
    expect(warehouse).toBe(5 * 2 - (5 - refusedBack) * 1);
  });
});

describe("low-stock alerts", () => {
  it("fires once per crossing, not on every change below the threshold, and notifies managers in-app and by email", async () => {
    const manager = await createUser({ name: "Manny" });
    await addMember(shop.id, manager.id, "manager");
    // Manny chose nothing: the shop's language (French, the factory's shop is in France); the owner chose English.
    expect((await owner.query("SELECT language FROM shops WHERE id = $1", [shop.id])).rows[0].language).toBe("fr");
    await owner.query("UPDATE users SET locale = 'en' WHERE id = $1", [shop.ownerId]);
    const cashier = await createUser({ name: "Cass" });
    await addMember(shop.id, cashier.id, "cashier");
    const v = await newVariant();
    const at = { variantId: v, locationId: shop.locationId };
    await receiveStock(shop.id, shop.ownerId, { ...at, quantity: 10 });
    await setThreshold(shop.id, { ...at, threshold: 3 });
    const before = (await pendingEvents("stock.low")).length;

    await adjustStock(shop.id, shop.ownerId, { ...at, delta: -6, reason: "sale" }); // 4: above
    await adjustStock(shop.id, shop.ownerId, { ...at, delta: -1, reason: "sale" }); // 3: crosses
    await adjustStock(shop.id, shop.ownerId, { ...at, delta: -1, reason: "sale" }); // 2: still below
    await adjustStock(shop.id, shop.ownerId, { ...at, delta: -2, reason: "sale" }); // 0: still below
    let events = (await pendingEvents("stock.low")).slice(before);
    expect(events.map((e) => e.payload.available)).toEqual([3]);

    await receiveStock(shop.id, shop.ownerId, { ...at, quantity: 10 }); // re-arms
    await adjustStock(shop.id, shop.ownerId, { ...at, delta: -8, reason: "sale" }); // 2: crosses again
    events = (await pendingEvents("stock.low")).slice(before);
    expect(events.map((e) => e.payload.available)).toEqual([3, 2]);

    // The worker's handler, run twice for the same event (a retry).
    const event = events[0] as { id: string; payload: object };
    const job = { eventId: event.id, shopId: shop.id, payload: event.payload };
    await handleNotification("stock.low", job);
    await handleNotification("stock.low", job);
    const managers = await listNotifications(shop.id, manager.id);
    expect(managers.unread).toBe(1);
    expect(managers.items[0]?.title).toMatch(/^Stock bas : Test product/);
    expect(managers.items[0]?.body).toMatch(/^3 disponible\(s\) à .+ \(alerte à 3\)\.$/);
    const ownerNotes = await listNotifications(shop.id, shop.ownerId);
    expect(ownerNotes.unread).toBe(1);
    expect(ownerNotes.items[0]?.title).toMatch(/^Low stock: Test product/);
    expect((await listNotifications(shop.id, cashier.id)).unread).toBe(0);
    // The count the shop layout shows comes with the shop access lookup.
    const layout = (user: { id: string; email: string; name: string }) =>
      createCaller({ user: { ...user, isPlatformAdmin: false, locale: null }, sessionId: "s", ip: "192.0.2.7" }).shops.current({ shopSlug: shop.slug });
    expect((await layout(manager)).unread).toBe(1);
    expect((await layout(cashier)).unread).toBe(0);
    await markRead(shop.id, manager.id, managers.items[0]?.id);
    expect((await layout(manager)).unread).toBe(0);
    const { rows: mails } = await owner.query(`SELECT "to", location FROM email_deliveries WHERE event_id = $1 ORDER BY "to"`, [event.id]);
    const ownerEmail = (await owner.query("SELECT email FROM users WHERE id = $1", [shop.ownerId])).rows[0].email;
    expect(mails.map((m) => m.to).sort()).toEqual([manager.email, ownerEmail].sort());
    // Each email in its reader's language, whole: subject, text, button and footnote.
    const sent = async (to: string) => {
      const eml = String(mails.find((m) => m.to === to)!.location);
      return JSON.parse(await readFile(eml.replace(/\.eml$/, ".json"), "utf8")) as { subject: string; text: string; html: string };
    };
    const french = await sent(manager.email);
    expect(french.subject).toMatch(/^Stock bas : Test product/);
    expect(french.html).toContain('lang="fr"');
    expect(french.text).toContain("le seuil d’alerte est de 3");
    expect(french.text).toMatch(/Voir le stock/i);
    expect(french.text).not.toMatch(/Low stock|See the stock|You get this/);
    const english = await sent(ownerEmail);
    expect(english.subject).toMatch(/^Low stock: Test product/);
    expect(english.text).toContain("the alert threshold is 3");
  });
});

describe("the title search function", () => {
  it("returns only the current shop's products, like the policies", async () => {
    const other = await createShop();
    await createProduct(other.id, productInput({ title: "Zebra striped mug" }));
    const mine = await createProduct(shop.id, productInput({ title: "Zebra print mug" }));
    const app = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });
    await app.connect();
    try {
      const ids = async (shopId: string | null) => {
        await app.query("BEGIN");
        if (shopId) await app.query("SELECT set_config('app.shop_id', $1, true)", [shopId]);
        const { rows } = await app.query("SELECT product_ids_with_title('%zebra%') AS id");
        await app.query("ROLLBACK");
        return rows.map((r) => r.id);
      };
      expect(await ids(shop.id)).toEqual([mine.id]);
      expect(await ids(null)).toEqual([]);
    } finally {
      await app.end();
    }
  });
});

describe("deleting a shop", () => {
  it("takes its catalog, stock and ledger with it", async () => {
    const gone = await createShop();
    const p = await createProduct(gone.id, productInput());
    const v = await inShop(gone.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
    await receiveStock(gone.id, gone.ownerId, { variantId: v.id, locationId: gone.locationId, quantity: 3 });
    await owner.query("DELETE FROM shops WHERE id = $1", [gone.id]);
    const { rows } = await owner.query(
      "SELECT (SELECT count(*) FROM stock_levels WHERE shop_id = $1) + (SELECT count(*) FROM stock_movements WHERE shop_id = $1) + (SELECT count(*) FROM products WHERE shop_id = $1) AS n",
      [gone.id],
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
