import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, createUser } from "../server/db/factories";
import { createRegister, pairRegister } from "../server/services/registers/registers";
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
