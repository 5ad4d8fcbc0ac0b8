import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, createUser } from "../server/db/factories";
import { createRegister, pairRegister } from "../server/services/registers/registers";
import { createCustomer } from "../server/services/customers/customers";
import { startTestServer } from "./support/http";
import { OTHER_PROCEDURES, RECORD_KINDS, SHOP_PROCEDURES, type ShopIds } from "./support/procedures";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let cookie: string;
/** A paired register of the shop: the till's procedures check their input behind it. */
let register: string;
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

/** Rows in every table, so a refused input provably wrote nothing. */
async function rowCounts() {
  const tables = await owner.query<{ relname: string }>(
    "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname <> '_prisma_migrations' ORDER BY relname",
  );
  const out: Record<string, number> = {};
  for (const { relname } of tables.rows) {
    out[relname] = Number((await owner.query(`SELECT count(*) FROM "${relname}"`)).rows[0].count);
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every leaf replaced: strings by numbers, numbers and flags by words. */
function wrongTypes(v: Json): Json {
  if (typeof v === "string") return 12345;
  if (typeof v === "boolean") return "yes";
  if (typeof v === "number") return "not a number";
  if (Array.isArray(v)) return v.map(wrongTypes);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrongTypes(x)]));
  return v;
}

/** Every leaf far past any limit (a flag gets a huge string where true/false goes). */
function oversized(v: Json): Json {
  if (typeof v === "string" || typeof v === "boolean") return "x".repeat(10_000);
  if (typeof v === "number") return 1e12;
  if (Array.isArray(v)) return v.map(oversized);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, oversized(x)]));
  return v;
}

const ids = Object.fromEntries(RECORD_KINDS.map((k, i) => [k, `018f0000-0000-7000-8000-${String(i + 1).padStart(12, "0")}`])) as ShopIds;
const cases = [
  ...Object.entries(SHOP_PROCEDURES).map(([path, s]) => ({ path, type: s.type, input: { shopSlug: "shop-slug", ...s.input(ids) } as Json })),
  ...Object.entries(OTHER_PROCEDURES)
    .filter(([, s]) => s.input)
    .map(([path, s]) => ({ path, type: s.type, input: s.input as Json })),
];

beforeAll(async () => {
  await owner.connect();
  server = await startTestServer();
  const admin = await createUser({ platformAdmin: true });
  shop = await createShop({ owner: admin });
  cookie = await server.cookieFor(admin.id);
  const r = await createRegister(shop.id, { locationId: shop.locationId, name: "Counter 1" });
  register = (await pairRegister(shop.id, r.id)).token;
});
afterAll(async () => {
  await server.close();
  await owner.end();
});

describe.each(cases)("$path", ({ path, type, input }) => {
  // With a real shop, so the procedure's own fields are what gets checked
  // (where shopSlug is the only field, its own limit is).
  const withShop = (i: Json) =>
    i && typeof i === "object" && !Array.isArray(i) && "shopSlug" in i && Object.keys(i).length > 1 ? { ...i, shopSlug: shop.slug } : i;

  it("answers wrong types with 400 and a message per field, writing nothing", async () => {
    const before = await rowCounts();
    const r = await server.call(path, wrongTypes(input), { cookie, register, type });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error?.data.fieldErrors ?? {}).length).toBeGreaterThan(0);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers oversized values with 400 and a message per field, writing nothing", async () => {
    const before = await rowCounts();
    const r = await server.call(path, withShop(oversized(input)), { cookie, register, type });
    expect(r.status).toBe(400);
    const fields = r.body.error?.data.fieldErrors ?? {};
    expect(Object.keys(fields).length).toBeGreaterThan(0);
    expect(JSON.stringify(fields)).not.toContain("xxxxxxxxxx");
    expect(await rowCounts()).toEqual(before);
  });
});

// Data rights (issue 17): the privacy procedures are in the lists above (the
// wrong-type and oversized passes); here, the hostile values an attacker
// tries on them: prototype keys, NUL bytes, huge numbers, words where ids go,
// another shop's customer. Each gets a 4xx naming the problem, writes
// nothing, and the server keeps answering.
describe("privacy procedures under hostile input", () => {
  const hostileIds = ["__proto__", "constructor", "prototype", "018f0000-0000-7000-8000-00000000000\u0000", "a\u0000b", 1e308, -1, "", "../../etc/passwd"];

  it.each(["privacy.exportCustomer", "privacy.eraseCustomer"] as const)("%s refuses words, NUL bytes and numbers where the customer id goes", async (path) => {
    const before = await rowCounts();
    for (const customerId of hostileIds) {
      const r = await server.call(path, { shopSlug: shop.slug, customerId }, { cookie, type: path === "privacy.exportCustomer" ? "query" : "mutation" });
      expect(r.status, `${JSON.stringify(customerId)}: ${JSON.stringify(r.body)}`).toBe(400);
      // One message for the field, in words ("Not a valid id", or the NUL byte named).
      expect(Object.keys(r.body.error?.data.fieldErrors ?? {})).toEqual(["customerId"]);
      expect(r.body.error?.data.fieldErrors?.customerId).toMatch(/^(Not a valid id|Remove the invisible NUL character)/);
    }
    const proto = await server.call(path, JSON.parse('{"shopSlug":"' + shop.slug + '","__proto__":{"customerId":"018f0000-0000-7000-8000-000000000001"}}'), {
      cookie,
      type: path === "privacy.exportCustomer" ? "query" : "mutation",
    });
    expect(proto.status).toBe(400);
    expect(({} as Record<string, unknown>).customerId).toBeUndefined();
    expect(await rowCounts()).toEqual(before);
  });

  it("another shop's customer is not found from this shop, and stays as it was", async () => {
    const other = await createShop({ name: "Someone else's shop" });
    const theirs = await createCustomer(other.id, { name: "Their Customer", email: "theirs@example.test", notes: "", marketingConsent: false });
    const before = await rowCounts();
    const exported = await server.call("privacy.exportCustomer", { shopSlug: shop.slug, customerId: theirs.id }, { cookie, type: "query" });
    expect(exported.status).toBe(404);
    const erased = await server.call("privacy.eraseCustomer", { shopSlug: shop.slug, customerId: theirs.id }, { cookie });
    expect(erased.status).toBe(404);
    expect(erased.body.error?.message).toMatch(/Customer/);
    // Naming the other shop is refused before anything is looked up (not a member).
    expect((await server.call("privacy.eraseCustomer", { shopSlug: other.slug, customerId: theirs.id }, { cookie })).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
    const row = await owner.query("SELECT name, email FROM customers WHERE id = $1", [theirs.id]);
    expect(row.rows[0]).toEqual({ name: "Their Customer", email: "theirs@example.test" });
  });

  it("privacy.eraseMe refuses NUL bytes, objects and prototype keys, erasing nothing", async () => {
    const customer = await createUser({ password: "the right password 1" });
    const mine = await server.cookieFor(customer.id);
    const before = await rowCounts();
    const tries: unknown[] = [
      { password: "the right password 1\u0000", confirm: "ERASE" },
      { password: "the right password 1", confirm: "ERASE\u0000" },
      { password: { toString: "the right password 1" }, confirm: "ERASE" },
      { password: "the right password 1", confirm: "__proto__" },
      JSON.parse('{"__proto__":{"confirm":"ERASE"},"password":"the right password 1"}'),
      { password: 1e308, confirm: "ERASE" },
    ];
    for (const input of tries) {
      const r = await server.call("privacy.eraseMe", input, { cookie: mine });
      expect(r.status, JSON.stringify(input)).toBe(400);
    }
    expect(await rowCounts()).toEqual(before);
    expect((await owner.query("SELECT email FROM users WHERE id = $1", [customer.id])).rows[0].email).toBe(customer.email);
    // myData takes no input: junk beside it is not an error of ours, and never a 500.
    const data = await server.call("privacy.myData", JSON.parse('{"__proto__":{"polluted":1}}'), { cookie: mine, type: "query" });
    expect(data.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});

describe("HTTP guards", () => {
  it("refuses a state-changing request from another origin (CSRF)", async () => {
    const res = await fetch(`${server.base}/api/trpc/auth.logIn`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: JSON.stringify({ email: "a@b.co", password: "x" }),
    });
    expect(res.status).toBe(403);
  });

  it("refuses a body over 1 MB", async () => {
    const res = await fetch(`${server.base}/api/trpc/auth.logIn`, {
      method: "POST",
      headers: { Origin: server.base, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "a@b.co", password: "x".repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
  });

  it("sends security headers", async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(200);
    // No supervisor in a test process: /healthz says so rather than guess.
    expect(await res.json()).toEqual({ status: "ok", postgres: "ok", redis: "ok", web: { supervised: false } });
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves public/ files, and leaves other paths to the pages", async () => {
    const css = await fetch(`${server.base}/styles.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(css.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await css.text()).toBe(fs.readFileSync("public/styles.css", "utf8"));
    // Not a file: on to the page handler, which this test server refuses.
    const page = await fetch(`${server.base}/styles.css.bak`);
    expect(page.status).toBe(500);
    expect(page.headers.get("cache-control")).not.toBe("public, max-age=3600");
  });
});
