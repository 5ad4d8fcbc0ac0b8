// Issue 23, item 1: every action reads its form through one zod schema that
// makes the procedure's input. A wrong field is a 400 naming it on the page
// (never a 500, nothing written); a right one reaches the procedure typed.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser } from "../server/db/factories";
import { inviteStaff } from "../server/services/staff/invitations";
import { startTestServer } from "./support/http";
import { page, rowCounts } from "./support/pages";
import { recordsIn } from "./support/records";
import type { ShopIds } from "./support/procedures";

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: string;
let shop: Awaited<ReturnType<typeof createShop>>;
let ids: ShopIds;
let other: ShopIds;
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  await db.connect();
  server = await startTestServer({ pages: true });
  shop = await createShop({ name: "Schema shop" });
  owner = await server.cookieFor(shop.ownerId);
  const cashier = await createUser();
  const member = await addMember(shop.id, cashier.id, "cashier");
  ids = await recordsIn(shop, cashier.id, {
    membershipId: member.id,
    invitationId: (await inviteStaff(shop.id, shop.ownerId, { email: "i@example.test", role: "cashier" })).id,
  });
  const elsewhere = await createShop({ name: "Other shop" });
  const stranger = await createUser();
  const theirs = await addMember(elsewhere.id, stranger.id, "cashier");
  other = await recordsIn(elsewhere, stranger.id, {
    membershipId: theirs.id,
    invitationId: (await inviteStaff(elsewhere.id, elsewhere.ownerId, { email: "o@example.test", role: "cashier" })).id,
  });
});
afterAll(async () => {
  await server.close();
  await db.end();
});

const post = (url: string, fields: Record<string, string>) => page(server.base, url, { cookie: owner, body: new URLSearchParams(fields) });
/** The page's text as a person reads it: no scripts (Remix serialises the action's data into one), tags out, entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");

describe("a wrong field is a 400 naming it, on the page, and writes nothing", () => {
  const selling = {
    intent: "selling",
    taxStandard: "20",
    taxReduced: "5.5",
    discountLimit: "10",
    deliveryRadiusKm: "5",
    deliveryFee: "3.50",
    unpaidOrderMinutes: "30",
    pickupHoldHours: "48",
  };
  const cases: [string, () => [string, Record<string, string>], string][] = [
    ["a percentage past 32 bits", () => [`/shop/${shop.slug}/settings`, { ...selling, taxStandard: "99999999999" }], "Standard rate: 100 % at most"],
    [
      "text where a percentage goes",
      () => [`/shop/${shop.slug}/settings`, { ...selling, taxReduced: "five" }],
      "Reduced rate: enter a percentage like 20 or 5.5",
    ],
    [
      "an amount with too many decimals",
      () => [`/shop/${shop.slug}/settings`, { ...selling, deliveryFee: "3.999" }],
      'Delivery fee: "3.999" is not an amount like 3.50',
    ],
    ["no intent", () => [`/shop/${shop.slug}/staff`, { email: "a@example.test", role: "cashier" }], "Unknown action: reload the page and try again."],
    ["an intent named constructor", () => [`/shop/${shop.slug}/staff`, { intent: "constructor", email: "a@example.test" }], "Unknown action"],
    ["a role that is not one", () => [`/shop/${shop.slug}/staff`, { intent: "invite", email: "a@example.test", role: "owner" }], "Choose manager or cashier"],
    ["a string where an id goes", () => [`/shop/${shop.slug}/staff`, { intent: "remove", membershipId: "1 OR 1=1" }], "Not a valid id"],
    [
      "a cash-up amount that is words",
      () => [`/shop/${shop.slug}/cash-up`, { locationId: shop.locationId, float: "lots", counted: "1" }],
      'Float: "lots" is not an amount like 100.00',
    ],
    [
      "a stock change past 32 bits",
      () => [
        `/shop/${shop.slug}/stock/${ids.variantId}`,
        { intent: "adjust", variantId: ids.variantId, locationId: shop.locationId, delta: "4294967297", reason: "Damaged" },
      ],
      "Change: 1,000,000 at most",
    ],
    [
      "a bulk edit of something that is not a product id",
      () => [`/shop/${shop.slug}/products?index`, { productId: "x", status: "archived" }],
      "Not a valid id",
    ],
    [
      "a bulk price that is not an amount",
      () => [`/shop/${shop.slug}/products?index`, { productId: ids.productId, price: "12.345" }],
      'Price: "12.345" is not an amount like 12.50',
    ],
    [
      "a return quantity that is text",
      () => [`/shop/${shop.slug}/orders/${ids.orderId}`, { intent: "refund", amount: "", [`return-${ids.orderId}`]: "two" }],
      "Return quantity: enter a whole number like 1",
    ],
    ["a transition to a state staff cannot set", () => [`/shop/${shop.slug}/orders/${ids.orderId}`, { to: "paid" }], "Not a status staff can set"],
    ["a customer email that is not one", () => [`/shop/${shop.slug}/customers?index`, { name: "Ann", email: "nope" }], "Enter a valid email address"],
    [
      "a product price in words",
      () => [`/shop/${shop.slug}/products/new`, { title: "Pear", "variants.0.sku": "PEAR-1", "variants.0.price": "abc" }],
      'Price: "abc" is not an amount like 12.50',
    ],
  ];
  for (const [what, make, message] of cases) {
    it(what, async () => {
      const before = await rowCounts(db);
      const [url, fields] = make();
      const r = await post(url, fields);
      expect(r.status, r.text.slice(0, 300)).toBe(400);
      expect(visible(r.text)).toContain(message);
      expect(await rowCounts(db)).toEqual(before);
    });
  }
});

describe("the till's sale (sent by the till's script, answered as data)", () => {
  it("a sale that is not JSON is a 400 saying so, and a sale with a hostile discount names the field", async () => {
    const bad = await page(server.base, `/shop/${shop.slug}/pos.data`, { cookie: owner, body: new URLSearchParams({ sale: "{nope" }) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("The sale could not be read; try again");
    const sale = {
      clientRef: crypto.randomUUID(),
      locationId: shop.locationId,
      items: [{ variantId: ids.variantId, quantity: 1 }],
      discount: { kind: "percent", basisPoints: 2 ** 33 },
    };
    const hostile = await page(server.base, `/shop/${shop.slug}/pos.data`, { cookie: owner, body: new URLSearchParams({ sale: JSON.stringify(sale) }) });
    expect(hostile.status).toBe(400);
    expect(hostile.text).toContain("Discount: 100 % at most");
  });
});

describe("another shop's ids", () => {
  it("a stock change of another shop's variant is refused without a 500 and changes nothing", async () => {
    const before = await rowCounts(db);
    const r = await post(`/shop/${shop.slug}/stock`, {
      intent: "adjust",
      variantId: other.variantId,
      locationId: shop.locationId,
      delta: "3",
      reason: "Damaged",
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe("a right form reaches the procedure typed", () => {
  it("selling settings typed as percentages and an amount are stored as basis points and minor units", async () => {
    const r = await post(`/shop/${shop.slug}/settings`, {
      intent: "selling",
      taxStandard: "19,6",
      taxReduced: "5.5",
      discountLimit: "10",
      deliveryRadiusKm: "5",
      deliveryFee: "3,50",
      unpaidOrderMinutes: "30",
      pickupHoldHours: "48",
      smsMonthlyCap: "200",
      taxInclusive: "on",
    });
    expect(r.status, r.text.slice(0, 300)).toBe(302);
    const { rows } = await db.query("SELECT tax_standard, delivery_fee, tax_inclusive FROM shops WHERE id = $1", [shop.id]);
    expect(rows[0]).toMatchObject({ tax_standard: 1960, delivery_fee: 350, tax_inclusive: true });
  });
});
