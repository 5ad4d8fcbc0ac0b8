// A real streaming replica: the test makes its own primary (initdb, on a free
// port), migrates it, copies it with pg_basebackup into a standby on another
// port, and points the app at both. Replay is paused on the standby to make
// lag that cannot be missed: whatever a page shows then came from one or the other.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPrimary, startReplica, urlFor, type Cluster } from "./support/pg-engines";

const primary: Cluster = await startPrimary();
const DB = "nearshop";
try {
  // The suite's migrated template (global-setup.ts), copied: much faster than migrating again.
  const admin = new pg.Client({ connectionString: urlFor(primary.port, "postgres", "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query("CREATE ROLE nearshop_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
  await admin.end();
  const template = new URL(process.env.DATABASE_URL!);
  template.pathname = `/${process.env.TEST_DB_PREFIX ?? "nearshop"}_test_template`;
  const dump = execFileSync("/usr/lib/postgresql/15/bin/pg_dump", ["--no-owner", template.toString()], { maxBuffer: 64 << 20 }).toString();
  // earthdistance's ll_to_earth (in an index expression) finds its types on the search_path only, which pg_dump empties.
  const schema = dump.replace("set_config('search_path', '', false)", "set_config('search_path', 'public', false)");
  execFileSync("/usr/lib/postgresql/15/bin/psql", ["-q", "-v", "ON_ERROR_STOP=1", urlFor(primary.port, "postgres", DB)], {
    input: schema,
    stdio: ["pipe", "ignore", "pipe"],
  });
} catch (error) {
  await primary.remove();
  throw error;
}
const replica: Cluster = await startReplica(primary);

process.env.DATABASE_URL = urlFor(primary.port, "postgres", DB);
process.env.APP_DATABASE_URL = urlFor(primary.port, "nearshop_app", DB);
process.env.DATABASE_REPLICA_URL = urlFor(replica.port, "nearshop_app", DB);
process.env.DATABASE_REPLICA_STICKY_SECONDS = "3";
process.env.RATE_LIMIT_SCALE = "1000";

const { createShop, productInput, shopDetails } = await import("../server/db/factories");
const { createProduct } = await import("../server/services/catalog/products");
const { searchEngine, syncShop } = await import("../server/services/search/indexer");
const { metrics } = await import("../server/metrics/metrics.server");
const { startTestServer } = await import("./support/http");

const superuser = (port: number) => new pg.Client({ connectionString: urlFor(port, "postgres", DB) });
const onPrimary = superuser(primary.port);
let onReplica = superuser(replica.port);

type Shop = Awaited<ReturnType<typeof createShop>>;
let a: Shop;
let b: Shop;
let server: Awaited<ReturnType<typeof startTestServer>>;

async function caughtUp() {
  const lsn = (await onPrimary.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows[0]!.lsn;
  for (let i = 0; i < 200; i++) {
    const r = await onReplica.query<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [lsn]);
    if (r.rows[0]!.ok) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error("the replica did not catch up");
}
const pauseReplay = () => onReplica.query("SELECT pg_wal_replay_pause()");
const resumeReplay = async () => {
  await onReplica.query("SELECT pg_wal_replay_resume()");
  await caughtUp();
};
const reads = async (target: string) => (await metrics.laggingReads.get()).values.find((v) => v.labels.target === target)?.value ?? 0;
const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
const page = async (path: string, cookie?: string) => {
  const res = await fetch(`${server.base}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
  return { status: res.status, html: await res.text() };
};

beforeAll(async () => {
  await Promise.all([onPrimary.connect(), onReplica.connect()]);
  a = await createShop({ name: "Librairie du Quai", slug: "librairie-du-quai" });
  b = await createShop({ name: "Fromagerie Berthe", slug: "fromagerie-berthe" });
  await createProduct(a.id, productInput({ title: "Atlas des rivières" }));
  await createProduct(b.id, productInput({ title: "Comté 24 mois" }));
  for (const s of [a, b]) await syncShop(searchEngine(), s.id);
  server = await startTestServer({ pages: true });
  await caughtUp();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await Promise.all([onPrimary.end(), onReplica.end().catch(() => {})]);
  const g = globalThis as { __nearshopDb?: { $disconnect(): Promise<void> }; __nearshopReplica?: { pgPool: pg.Pool } | null };
  await g.__nearshopReplica?.pgPool.end().catch(() => {});
  await g.__nearshopDb?.$disconnect();
  await replica.remove();
  await primary.remove();
});

describe("a real streaming replica", () => {
  it("is a standby of the primary, and row-level security holds on it for the app role", async () => {
    const app = new pg.Client({ connectionString: process.env.DATABASE_REPLICA_URL });
    await app.connect();
    try {
      expect((await app.query("SELECT pg_is_in_recovery() AS standby")).rows[0].standby).toBe(true);
      await app.query("BEGIN");
      expect((await app.query("SELECT title FROM products")).rows).toEqual([]);
      await app.query("SELECT set_config('app.shop_id', $1, true)", [a.id]);
      expect((await app.query("SELECT title FROM products")).rows.map((r) => r.title)).toEqual(["Atlas des rivières"]);
      await expect(app.query("UPDATE products SET title = 'x'")).rejects.toThrow(/read-only transaction/);
      await app.query("ROLLBACK");
    } finally {
      await app.end();
    }
  });

  it("storefront pages and search read the replica: under lag they show what the replica has", async () => {
    await pauseReplay();
    try {
      await onPrimary.query("UPDATE shops SET name = 'Librairie du Quai (renamed)' WHERE id = $1", [a.id]);
      const before = await reads("replica");
      const shopPage = await page(`/s/${a.slug}`);
      expect(shopPage.status).toBe(200);
      expect(heading(shopPage.html)).toBe("Librairie du Quai");
      // A product added on the primary is not on the replica yet: search does not find it.
      await createProduct(b.id, productInput({ title: "Tomme de Savoie" }));
      await syncShop(searchEngine(), b.id);
      const near = { lat: 48.8686, lng: 2.3314 };
      const search = await server.call("discovery.products", { q: "Tomme", near }, { type: "query" });
      expect(search.status).toBe(200);
      expect((search.body.result?.data as { hits: { title: string }[] }).hits).toEqual([]);
      expect(await reads("replica")).toBeGreaterThan(before);
      // Its own page, though, opens at once: "not found" on a replica that is behind is asked again of the primary.
      const { handle } = (await onPrimary.query<{ handle: string }>("SELECT handle FROM products WHERE title = 'Tomme de Savoie'")).rows[0]!;
      const behind = await reads("behind");
      const productPage = await page(`/s/${b.slug}/${handle}`);
      expect(productPage.status).toBe(200);
      expect(heading(productPage.html)).toBe("Tomme de Savoie");
      expect(await reads("behind")).toBe(behind + 1);
      // A product that exists nowhere is still a 404 (asked of both).
      expect((await page(`/s/${b.slug}/no-such-product`)).status).toBe(404);
      // Bad input is the read's own answer: a 400 naming the field, the replica not doubted.
      const bad = await server.call("discovery.products", { q: "x".repeat(5000), near }, { type: "query" });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.message).toMatch(/Search/i);
      expect((await metrics.replicaUp.get()).values[0]?.value).toBe(1);
      const sessions = await onReplica.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'nearshop-replica-reads' AND usename = 'nearshop_app'",
      );
      expect(sessions.rows[0].n).toBeGreaterThan(0);

      await resumeReplay();
      expect(heading((await page(`/s/${a.slug}`)).html)).toBe("Librairie du Quai (renamed)");
      const found = await server.call("discovery.products", { q: "Tomme", near }, { type: "query" });
      expect((found.body.result?.data as { hits: { title: string }[] }).hits.map((h) => h.title)).toEqual(["Tomme de Savoie"]);
    } finally {
      await resumeReplay();
    }
  });

  it("the writer reads its own write from the primary for the next seconds; others read the (lagging) replica", async () => {
    await pauseReplay();
    try {
      const owner = await server.cookieFor(b.ownerId);
      const saved = await server.call(
        "shops.updateSettings",
        { shopSlug: b.slug, ...shopDetails({ slug: b.slug, name: "Fromagerie Berthe et fils" }) },
        { cookie: owner },
      );
      expect(saved.status).toBe(200);
      const sticky = saved.headers.getSetCookie().find((c) => c.startsWith("nearshop_rw="));
      expect(sticky).toMatch(/Max-Age=3; Path=\/; HttpOnly; SameSite=Lax/);
      const rw = sticky!.split(";")[0]!;

      expect(heading((await page(`/s/${b.slug}`, rw)).html)).toBe("Fromagerie Berthe et fils");
      expect(heading((await page(`/s/${b.slug}`)).html)).toBe("Fromagerie Berthe");
      // A forged cookie (the time pushed on, the signature kept) counts for nothing.
      const forged = rw.replace(/=(\d+)\./, (_m, t: string) => `=${Number(t) + 60_000}.`);
      expect(heading((await page(`/s/${b.slug}`, forged)).html)).toBe("Fromagerie Berthe");
      // Past DATABASE_REPLICA_STICKY_SECONDS the cookie is spent: back to the replica.
      await new Promise((r) => setTimeout(r, 3100));
      expect(heading((await page(`/s/${b.slug}`, rw)).html)).toBe("Fromagerie Berthe");
    } finally {
      await resumeReplay();
    }
    expect(heading((await page(`/s/${b.slug}`)).html)).toBe("Fromagerie Berthe et fils");
  });

  it("reports read the replica: a rollup written on the primary shows once the replica has it", async () => {
    const manager = await server.cookieFor(a.ownerId);
    const exportRows = async () => {
      const res = await server.call("reports.export", { shopSlug: a.slug, period: "today", table: "products" }, { cookie: manager, type: "query" });
      expect(res.status).toBe(200);
      return (res.body.result?.data as { rows: unknown[][] }).rows;
    };
    expect(await exportRows()).toEqual([]);
    await pauseReplay();
    try {
      await onPrimary.query(
        `INSERT INTO report_products (shop_id, day, product_id, title, quantity, revenue)
         SELECT shop_id, (now() AT TIME ZONE 'Europe/Paris')::date, id, title, 3, 4500 FROM products WHERE shop_id = $1`,
        [a.id],
      );
      const before = await reads("replica");
      expect(await exportRows()).toEqual([]);
      expect(await reads("replica")).toBe(before + 1);
    } finally {
      await resumeReplay();
    }
    expect(await exportRows()).toEqual([["Atlas des rivières", 3, "45.00"]]);
  });

  it("when the replica goes away, pages still answer from the primary, with a log line and a metric", async () => {
    await onPrimary.query("UPDATE shops SET name = 'Librairie du Quai, chez Anne' WHERE id = $1", [a.id]);
    await caughtUp();
    await onReplica.end();
    await replica.stop();
    const logged = vi.spyOn(process.stderr, "write");
    try {
      const fallbacks = await reads("fallback");
      const shopPage = await page(`/s/${a.slug}`);
      expect(shopPage.status).toBe(200);
      expect(heading(shopPage.html)).toBe("Librairie du Quai, chez Anne");
      expect(heading((await page(`/s/${a.slug}`)).html)).toBe("Librairie du Quai, chez Anne");
      // Each page reads twice (the shop, then its catalog from search), both on the primary.
      expect(await reads("fallback")).toBeGreaterThanOrEqual(fallbacks + 2);
      expect((await metrics.replicaUp.get()).values[0]?.value).toBe(0);
      const lines = logged.mock.calls.map((c) => String(c[0])).filter((l) => l.includes("read replica unavailable"));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", msg: "read replica unavailable: reading from the primary" });
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/nearshop_db_lagging_reads_total\{target="fallback"\} [1-9]/);
    } finally {
      logged.mockRestore();
    }

    // Back: after a few seconds the reads try the replica again.
    await replica.start();
    onReplica = superuser(replica.port);
    await onReplica.connect();
    await caughtUp();
    await new Promise((r) => setTimeout(r, 5100));
    const before = await reads("replica");
    expect(heading((await page(`/s/${a.slug}`)).html)).toBe("Librairie du Quai, chez Anne");
    expect(await reads("replica")).toBeGreaterThan(before);
    expect((await metrics.replicaUp.get()).values[0]?.value).toBe(1);
  }, 40_000);
});
