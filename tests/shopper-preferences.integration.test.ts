// Issue 25, item 1: a customer's favourite shops and email preferences.
import pg from "pg";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;
type Shop = Awaited<ReturnType<typeof createShop>>;
let bakery: Shop;
let books: Shop;
let closed: Shop;
const variants = new Map<string, string>();
const app = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });

/** A query's answer, as the tRPC response carries it. */
const dataOf = <T>(r: { body: { result?: { data?: unknown } } }) => r.body.result?.data as T;

async function buyAt(shop: Shop, userId: string, email: string) {
  await placeOrder(shop.slug, userId, {
    clientRef: randomUUID(),
    items: [{ variantId: variants.get(shop.id)!, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Pat Prefs",
    email,
  });
}

beforeAll(async () => {
  server = await startTestServer();
  await app.connect();
  bakery = await createShop({ name: "Pref Bakery" });
  books = await createShop({ name: "Pref Books" });
  closed = await createShop({ name: "Suspended Shop" });
  await baseDb.shop.update({ where: { id: closed.id }, data: { status: "suspended" } });
  for (const shop of [bakery, books]) {
    const p = await createProduct(
      shop.id,
      productInput({ variants: [{ optionValues: [], sku: `P-${randomUUID().slice(0, 8)}`, price: 200, taxClass: "standard" }] }),
    );
    const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
    await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity: 20 });
    variants.set(shop.id, v.id);
  }
});
afterAll(async () => {
  await app.end();
  await server.close();
});

describe("favourite shops", () => {
  it("are added, listed newest first, and removed; only the person's own", async () => {
    const pat = await createUser();
    const sam = await createUser();
    const cookie = await server.cookieFor(pat.id);
    expect((await server.call("shopper.setFavourite", { shopSlug: bakery.slug, on: true }, { cookie })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    expect((await server.call("shopper.setFavourite", { shopSlug: books.slug, on: true }, { cookie })).status).toBe(200);
    // Twice is once.
    expect((await server.call("shopper.setFavourite", { shopSlug: books.slug, on: true }, { cookie })).status).toBe(200);
    await server.call("shopper.setFavourite", { shopSlug: bakery.slug, on: true }, { cookie: await server.cookieFor(sam.id) });

    const list = await server.call("shopper.favourites", null, { cookie, type: "query" });
    expect(dataOf<{ name: string }[]>(list).map((f) => f.name)).toEqual(["Pref Books", "Pref Bakery"]);
    await server.call("shopper.setFavourite", { shopSlug: bakery.slug, on: false }, { cookie });
    const after = await server.call("shopper.favourites", null, { cookie, type: "query" });
    expect(dataOf<{ name: string }[]>(after).map((f) => f.name)).toEqual(["Pref Books"]);
    // The heart on a shop page: this person's state only.
    const heart = async (slug: string, c: string) =>
      dataOf<boolean>(await server.call("shopper.isFavourite", { shopSlug: slug }, { cookie: c, type: "query" }));
    expect(await heart(books.slug, cookie)).toBe(true);
    expect(await heart(bakery.slug, cookie)).toBe(false);
    expect(await heart(bakery.slug, await server.cookieFor(sam.id))).toBe(true);
    // Sam's is still there.
    const sams = await server.call("shopper.favourites", null, { cookie: await server.cookieFor(sam.id), type: "query" });
    expect(dataOf<{ name: string }[]>(sams).map((f) => f.name)).toEqual(["Pref Bakery"]);
  });

  it("row-level security: the app's role sees and writes only the user's rows, even with no WHERE", async () => {
    const pat = await createUser();
    const sam = await createUser();
    await server.call("shopper.setFavourite", { shopSlug: bakery.slug, on: true }, { cookie: await server.cookieFor(sam.id) });
    await app.query("BEGIN");
    try {
      await app.query("SELECT set_config('app.user_id', $1, true)", [pat.id]);
      expect((await app.query("SELECT user_id FROM favourite_shops")).rows).toEqual([]);
      await expect(app.query("INSERT INTO favourite_shops (user_id, shop_id) VALUES ($1, $2)", [sam.id, books.id])).rejects.toThrow(/row-level security/);
    } finally {
      await app.query("ROLLBACK");
    }
    await app.query("BEGIN");
    try {
      expect((await app.query("SELECT user_id FROM favourite_shops")).rows).toEqual([]);
    } finally {
      await app.query("ROLLBACK");
    }
  });

  it("refuses strangers, unknown and suspended shops, and hostile input, without a 500", async () => {
    expect((await server.call("shopper.setFavourite", { shopSlug: bakery.slug, on: true })).status).toBe(401);
    const cookie = await server.cookieFor((await createUser()).id);
    expect((await server.call("shopper.setFavourite", { shopSlug: "no-such-shop", on: true }, { cookie })).status).toBe(404);
    expect((await server.call("shopper.setFavourite", { shopSlug: closed.slug, on: true }, { cookie })).status).toBe(404);
    for (const input of [
      { shopSlug: "__proto__", on: true },
      { shopSlug: "constructor", on: true },
      { shopSlug: "a\u0000b", on: true },
      { shopSlug: "x".repeat(5000), on: true },
      { shopSlug: bakery.slug, on: "yes" },
      { shopSlug: 2 ** 40, on: true },
      JSON.parse(`{"__proto__":{"shopSlug":"${bakery.slug}","on":true}}`),
    ]) {
      const r = await server.call("shopper.setFavourite", input, { cookie });
      expect(r.status, JSON.stringify(input)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).shopSlug).toBeUndefined();
  });
});

describe("email preferences", () => {
  it("list every shop that keeps a record of the account, and switch one shop's marketing on and off", async () => {
    const email = `pat-${randomUUID().slice(0, 8)}@example.test`;
    const pat = await createUser({ email });
    await buyAt(bakery, pat.id, email);
    await buyAt(books, pat.id, email);
    await inShop(books.id, (tx) => tx.customer.updateMany({ where: { userId: pat.id }, data: { notes: "Prefers paperbacks" } }));
    const cookie = await server.cookieFor(pat.id);

    const before = await server.call("shopper.marketing", null, { cookie, type: "query" });
    expect(dataOf<{ shopName: string; consent: boolean }[]>(before).map((m) => `${m.shopName}: ${m.consent}`)).toEqual([
      "Pref Bakery: false",
      "Pref Books: false",
    ]);
    // The shop's own notes are never part of it.
    expect(JSON.stringify(before.body)).not.toContain("paperbacks");

    expect((await server.call("shopper.setMarketing", { shopSlug: books.slug, on: true }, { cookie })).status).toBe(200);
    const record = await inShop(books.id, (tx) =>
      tx.customer.findFirstOrThrow({ where: { userId: pat.id }, select: { marketingConsent: true, consentAt: true, notes: true } }),
    );
    expect(record.marketingConsent).toBe(true);
    expect(record.consentAt).not.toBeNull();
    expect(record.notes).toBe("Prefers paperbacks");
    const bakeryRecord = await inShop(bakery.id, (tx) => tx.customer.findFirstOrThrow({ where: { userId: pat.id }, select: { marketingConsent: true } }));
    expect(bakeryRecord.marketingConsent).toBe(false);

    expect((await server.call("shopper.setMarketing", { shopSlug: books.slug, on: false }, { cookie })).status).toBe(200);
    const off = await inShop(books.id, (tx) =>
      tx.customer.findFirstOrThrow({ where: { userId: pat.id }, select: { marketingConsent: true, consentAt: true } }),
    );
    expect(off).toEqual({ marketingConsent: false, consentAt: null });
  });

  it("a shop that has no record of the account is not found, and another person's consent is untouched", async () => {
    const email = `other-${randomUUID().slice(0, 8)}@example.test`;
    const other = await createUser({ email });
    await buyAt(bakery, other.id, email);
    const stranger = await server.cookieFor((await createUser()).id);
    expect((await server.call("shopper.setMarketing", { shopSlug: bakery.slug, on: true }, { cookie: stranger })).status).toBe(404);
    const theirs = await inShop(bakery.id, (tx) => tx.customer.findFirstOrThrow({ where: { userId: other.id }, select: { marketingConsent: true } }));
    expect(theirs.marketingConsent).toBe(false);
    expect(dataOf<unknown[]>(await server.call("shopper.marketing", null, { cookie: stranger, type: "query" }))).toEqual([]);
  });
});
