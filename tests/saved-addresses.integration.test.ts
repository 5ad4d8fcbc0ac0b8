// Issue 25, item 1: a shopper's saved delivery addresses, on the account and at checkout.
import "./support/stripe-env";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let variantId: string;
const app = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

type Address = { id: string; label: string; address: string; placeLabel: string; isDefault: boolean; latitude: number; longitude: number };
const dataOf = <T>(r: { body: { result?: { data?: unknown } } }) => r.body.result?.data as T;

async function list(cookie: string) {
  return dataOf<Address[]>(await server.call("shopper.addresses", null, { cookie, type: "query" }));
}
async function add(cookie: string, a: { label: string; address: string; place: string; makeDefault?: boolean }) {
  return server.call("shopper.addAddress", a, { cookie });
}
const count = async (userId: string) => Number((await owner.query("SELECT count(*) FROM saved_addresses WHERE user_id = $1", [userId])).rows[0].count);
const ordersOf = (email: string) =>
  inShop(shop.id, (tx) => tx.order.findMany({ where: { contactEmail: email }, select: { deliveryAddress: true, deliveryKm: true, status: true } }));

/** A delivery checkout through the tRPC API, as the cart page sends it (plus whatever the test adds). */
function checkout(email: string, extra: Record<string, unknown>) {
  return {
    clientRef: randomUUID(),
    orders: [{ shopSlug: shop.slug, items: [{ variantId, quantity: 1 }], fulfilment: "delivery" }],
    payment: "card_online",
    name: "Pat Address",
    email,
    ...extra,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  await app.connect();
  await owner.connect();
  // In Paris (the factory's point), delivering within 10 km.
  shop = await createShop({ name: "Address Grocer" });
  await baseDb.shop.update({ where: { id: shop.id }, data: { deliveryRadiusKm: 10 } });
  await connectShopAccount(shop.id, "acct_test_addresses");
  const p = await createProduct(
    shop.id,
    productInput({ variants: [{ optionValues: [], sku: `AD-${randomUUID().slice(0, 8)}`, price: 500, taxClass: "standard" }] }),
  );
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 50 });
});
afterAll(async () => {
  await app.end();
  await owner.end();
  await server.close();
});

describe("saved addresses on the account", () => {
  it("are added (the first is the default), listed default first, edited, made default and deleted", async () => {
    const pat = await createUser();
    const cookie = await server.cookieFor(pat.id);
    expect(await list(cookie)).toEqual([]);
    const home = await add(cookie, { label: "Home", address: "12 Rue de Rivoli, 3rd floor", place: "75001" });
    expect(home.status).toBe(200);
    expect(dataOf<Address>(home)).toMatchObject({ label: "Home", isDefault: true, placeLabel: "75001 Paris, FR" });
    const work = dataOf<Address>(await add(cookie, { label: "Work", address: "1 Place Bellecour", place: "Lyon, FR" }));
    expect(work.isDefault).toBe(false);
    expect((await list(cookie)).map((a) => [a.label, a.isDefault])).toEqual([
      ["Home", true],
      ["Work", false],
    ]);

    // Made the default: one default only.
    expect((await server.call("shopper.setDefaultAddress", { addressId: work.id }, { cookie })).status).toBe(200);
    expect((await list(cookie)).map((a) => [a.label, a.isDefault])).toEqual([
      ["Work", true],
      ["Home", false],
    ]);
    // Edited, found again from coordinates.
    const edited = await server.call(
      "shopper.updateAddress",
      { addressId: work.id, label: "Office", address: "2 Place Bellecour", place: "45.76, 4.83" },
      { cookie },
    );
    expect(dataOf<Address>(edited)).toMatchObject({ label: "Office", address: "2 Place Bellecour", placeLabel: "45.76000, 4.83000", isDefault: true });
    // The default deleted: the one left becomes the default.
    const gone = await server.call("shopper.deleteAddress", { addressId: work.id }, { cookie });
    expect(dataOf<{ label: string }>(gone).label).toBe("Office");
    expect((await list(cookie)).map((a) => [a.label, a.isDefault])).toEqual([["Home", true]]);
  });

  it("keeps 10 at most: the 11th is refused in words and not written", async () => {
    const pat = await createUser();
    const cookie = await server.cookieFor(pat.id);
    for (let i = 1; i <= 10; i++) expect((await add(cookie, { label: `Place ${i}`, address: `${i} Rue Haute`, place: "Paris" })).status).toBe(200);
    const eleventh = await add(cookie, { label: "One more", address: "11 Rue Haute", place: "Paris" });
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.error?.message).toBe("You keep 10 addresses already: delete one to add another");
    // Two more at once, past the limit: still 10.
    await Promise.all([add(cookie, { label: "Race 1", address: "x", place: "Paris" }), add(cookie, { label: "Race 2", address: "y", place: "Paris" })]);
    expect(await count(pat.id)).toBe(10);
  });

  it("row-level security: the app's role sees and writes only the user's rows, even with no WHERE", async () => {
    const pat = await createUser();
    const sam = await createUser();
    await add(await server.cookieFor(sam.id), { label: "Sam's", address: "5 Rue Sam", place: "Paris" });
    await app.query("BEGIN");
    try {
      await app.query("SELECT set_config('app.user_id', $1, true)", [pat.id]);
      expect((await app.query("SELECT user_id FROM saved_addresses")).rows).toEqual([]);
      expect((await app.query("UPDATE saved_addresses SET label = 'mine' WHERE user_id = $1", [sam.id])).rowCount).toBe(0);
      expect((await app.query("DELETE FROM saved_addresses WHERE user_id = $1", [sam.id])).rowCount).toBe(0);
      await expect(
        app.query(
          "INSERT INTO saved_addresses (id, user_id, label, address, place_label, latitude, longitude, updated_at) VALUES (gen_random_uuid(), $1, 'x', 'x', 'x', 0, 0, now())",
          [sam.id],
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await app.query("ROLLBACK");
    }
    await app.query("BEGIN");
    try {
      // No user set: nothing at all.
      expect((await app.query("SELECT 1 FROM saved_addresses")).rows).toEqual([]);
    } finally {
      await app.query("ROLLBACK");
    }
    expect(await count(sam.id)).toBe(1);
  });

  it("another user's address ids are not found, and nothing of theirs changes", async () => {
    const sam = await createUser();
    const samCookie = await server.cookieFor(sam.id);
    const samHome = dataOf<Address>(await add(samCookie, { label: "Sam home", address: "5 Rue Sam", place: "Paris" }));
    const cookie = await server.cookieFor((await createUser()).id);
    for (const [path, input] of [
      ["shopper.updateAddress", { addressId: samHome.id, label: "Stolen", address: "x", place: "Paris" }],
      ["shopper.deleteAddress", { addressId: samHome.id }],
      ["shopper.setDefaultAddress", { addressId: samHome.id }],
    ] as const) {
      const r = await server.call(path, input, { cookie });
      expect(r.status, path).toBe(404);
      expect(r.body.error?.message).toMatch(/Address/);
    }
    expect((await list(samCookie)).map((a) => [a.label, a.address])).toEqual([["Sam home", "5 Rue Sam"]]);
    // Signed out: 401.
    expect((await server.call("shopper.addAddress", { label: "x", address: "x", place: "Paris" })).status).toBe(401);
  });

  it("refuses hostile input with a message naming the field, writing nothing and never crashing", async () => {
    const pat = await createUser();
    const cookie = await server.cookieFor(pat.id);
    const ok = { label: "Home", address: "3 Rue Haute", place: "Paris" };
    const cases: [unknown, string][] = [
      [{ ...ok, label: "" }, "label"],
      [{ ...ok, label: "a\u0000b" }, "label"],
      [{ ...ok, address: "x".repeat(100_000) }, "address"],
      [{ ...ok, address: "a\u0000b" }, "address"],
      [{ ...ok, place: "x".repeat(100_000) }, "place"],
      [{ ...ok, place: "Nowhereville-sur-Rien" }, "place"],
      [{ ...ok, place: 2 ** 40 }, "place"],
      [{ ...ok, label: ["Home"] }, "label"],
      [{ ...ok, makeDefault: "yes" }, "makeDefault"],
    ];
    for (const [input, field] of cases) {
      const r = await add(cookie, input as never);
      expect(r.status, JSON.stringify(input).slice(0, 80)).toBe(400);
      expect(Object.keys(r.body.error?.data.fieldErrors ?? {}), JSON.stringify(input).slice(0, 80)).toContain(field);
      expect(JSON.stringify(r.body)).not.toContain("xxxxxxxxxx");
    }
    expect((await add(cookie, { ...ok, place: "Nowhereville-sur-Rien" })).body.error?.data.fieldErrors?.place).toMatch(
      /^Town or postcode: we do not know "Nowhereville-sur-Rien"/,
    );
    for (const addressId of ["__proto__", "constructor", "a\u0000b", "", 2 ** 40, "x".repeat(100_000)]) {
      for (const path of ["shopper.deleteAddress", "shopper.setDefaultAddress"]) {
        const r = await server.call(path, { addressId }, { cookie });
        expect(r.status, `${path} ${String(addressId).slice(0, 20)}`).toBe(400);
        expect(Object.keys(r.body.error?.data.fieldErrors ?? {})).toEqual(["addressId"]);
      }
    }
    const proto = await server.call("shopper.addAddress", JSON.parse('{"__proto__":{"label":"Home","address":"x","place":"Paris"}}'), { cookie });
    expect(proto.status).toBe(400);
    expect(({} as Record<string, unknown>).label).toBeUndefined();
    expect(await count(pat.id)).toBe(0);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});

describe("a saved address at checkout", () => {
  it("delivers to the address read from the account, not to what the browser sent", async () => {
    const pat = await createUser();
    const cookie = await server.cookieFor(pat.id);
    const home = dataOf<Address>(await add(cookie, { label: "Home", address: "12 Rue de Rivoli", place: "75001" }));
    const email = `pat-${randomUUID().slice(0, 8)}@example.test`;
    const r = await server.call(
      "checkout.placeCart",
      // A forged copy beside the id: a far point and another text. Both are ignored.
      checkout(email, { savedAddressId: home.id, deliveryAddress: "Somewhere else", deliveryPoint: { lat: 10, lng: 10 } }),
      { cookie },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [order] = await ordersOf(email);
    expect(order?.deliveryAddress).toBe("12 Rue de Rivoli");
    expect(order?.deliveryKm).toBeLessThan(10);
  });

  it("checks the shop's radius against the saved point, as for a typed address", async () => {
    const pat = await createUser();
    const cookie = await server.cookieFor(pat.id);
    const lyon = dataOf<Address>(await add(cookie, { label: "Lyon flat", address: "1 Place Bellecour", place: "Lyon, FR" }));
    const email = `far-${randomUUID().slice(0, 8)}@example.test`;
    // A point by the shop sent beside it changes nothing.
    const r = await server.call("checkout.placeCart", checkout(email, { savedAddressId: lyon.id, deliveryPoint: { lat: 48.8686, lng: 2.3314 } }), { cookie });
    expect(r.status).toBe(400);
    expect(r.body.error?.data.fieldErrors?.deliveryAddress).toMatch(/^Address Grocer delivers within 10 km; this address is 39\d\.\d km away$/);
    expect(await ordersOf(email)).toEqual([]);
  });

  it("refuses another user's address id, a guest's, and a word where the id goes, placing nothing", async () => {
    const sam = await createUser();
    const samHome = dataOf<Address>(await add(await server.cookieFor(sam.id), { label: "Sam home", address: "5 Rue Sam", place: "Paris" }));
    const cookie = await server.cookieFor((await createUser()).id);
    const email = `thief-${randomUUID().slice(0, 8)}@example.test`;
    const theirs = await server.call("checkout.placeCart", checkout(email, { savedAddressId: samHome.id }), { cookie });
    expect(theirs.status).toBe(400);
    expect(theirs.body.error?.data.fieldErrors).toEqual({ savedAddressId: "Choose one of your saved addresses, or type a new one" });
    const guest = await server.call("checkout.placeCart", checkout(email, { savedAddressId: samHome.id }));
    expect(guest.status).toBe(400);
    expect(guest.body.error?.data.fieldErrors?.savedAddressId).toBe("Sign in to deliver to a saved address, or type the address");
    for (const savedAddressId of ["__proto__", "a\u0000b", 2 ** 40]) {
      const r = await server.call("checkout.placeCart", checkout(email, { savedAddressId }), { cookie });
      expect(r.status).toBe(400);
      expect(Object.keys(r.body.error?.data.fieldErrors ?? {})).toContain("savedAddressId");
    }
    expect(await ordersOf(email)).toEqual([]);
  });

  it("keeps a typed address on the account when asked, once, and refuses before placing when there is no room", async () => {
    const pat = await createUser();
    const cookie = await server.cookieFor(pat.id);
    const email = `save-${randomUUID().slice(0, 8)}@example.test`;
    const typed = { deliveryAddress: "8 Rue du Bac", deliveryPoint: { lat: 48.857, lng: 2.326 }, saveAddress: { label: "Flat", placeLabel: "Paris, FR" } };
    expect((await server.call("checkout.placeCart", checkout(email, typed), { cookie })).status).toBe(200);
    expect((await server.call("checkout.placeCart", checkout(email, typed), { cookie })).status).toBe(200);
    expect((await list(cookie)).map((a) => [a.label, a.address, a.placeLabel, a.isDefault])).toEqual([["Flat", "8 Rue du Bac", "Paris, FR", true]]);

    for (let i = 2; i <= 10; i++) await add(cookie, { label: `Place ${i}`, address: `${i} Rue Haute`, place: "Paris" });
    const full = await server.call("checkout.placeCart", checkout(email, { ...typed, deliveryAddress: "9 Rue du Bac" }), { cookie });
    expect(full.status).toBe(400);
    expect(full.body.error?.data.fieldErrors?.saveAddress).toMatch(/^You keep 10 addresses already/);
    expect(await ordersOf(email)).toHaveLength(2);
    expect(await count(pat.id)).toBe(10);
  });
});

describe("saved addresses and the person's data rights", () => {
  it("are in the data download, and go when the account is erased", async () => {
    const pat = await createUser({ password: "customer password 1" });
    const cookie = await server.cookieFor(pat.id);
    await add(cookie, { label: "Home", address: "12 Rue de Rivoli", place: "75001" });
    const data = dataOf<{ saved_addresses: { label: string; address: string; distance_from: string; default: boolean }[] }>(
      await server.call("privacy.myData", null, { cookie, type: "query" }),
    );
    expect(data.saved_addresses).toMatchObject([{ label: "Home", address: "12 Rue de Rivoli", distance_from: "75001 Paris, FR", default: true }]);
    const erased = await server.call("privacy.eraseMe", { password: "customer password 1", confirm: "ERASE" }, { cookie });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await count(pat.id)).toBe(0);
  });
});
