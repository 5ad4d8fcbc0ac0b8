// The app behind a real PgBouncer (Debian's) in transaction mode with ONE
// server connection: every client of the app shares it, so anything left on
// the connection by one shop's transaction would be seen by the next shop's.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgBouncer, type Bouncer } from "./support/pg-engines";

const direct = new URL(process.env.APP_DATABASE_URL!);
const database = direct.pathname.slice(1);
const bouncer: Bouncer = await startPgBouncer({ host: direct.hostname, port: Number(direct.port || 5432) }, 1);
// Before the app's modules read the environment: the app connects through the pooler.
process.env.APP_DATABASE_URL = bouncer.url("nearshop_app", database);
process.env.DATABASE_PREPARED_STATEMENTS = "false";
// LISTEN lasts a session: the worker's listener goes straight to PostgreSQL.
process.env.DATABASE_DIRECT_URL = direct.toString();

const { inShop, shopDb, db } = await import("../server/db/client.server");
const { createShop } = await import("../server/db/factories");
const { createProduct } = await import("../server/services/catalog/products");
const { productInput } = await import("../server/db/factories");
const { startTestServer } = await import("./support/http");
const { startDispatcher } = await import("../jobs/dispatcher");
const { closeQueues } = await import("../jobs/queues");
const { recordEvent } = await import("../server/services/outbox/record");

type Shop = Awaited<ReturnType<typeof createShop>>;
let a: Shop;
let b: Shop;
const client = () => new pg.Client({ connectionString: bouncer.url("nearshop_app", database) });

beforeAll(async () => {
  a = await createShop({ name: "Boulangerie Alpha" });
  b = await createShop({ name: "Librairie Beta" });
  for (const t of ["Baguette", "Croissant"]) await createProduct(a.id, productInput({ title: t }));
  for (const t of ["Atlas", "Bestiaire", "Carnet"]) await createProduct(b.id, productInput({ title: t }));
});

afterAll(async () => {
  const g = globalThis as { __nearshopDb?: { $disconnect(): Promise<void> } };
  await g.__nearshopDb?.$disconnect();
  await bouncer.stop();
});

describe("PgBouncer, transaction mode, one server connection", () => {
  it("really is one server connection: two clients land on the same backend", async () => {
    const [c1, c2] = [client(), client()];
    await Promise.all([c1.connect(), c2.connect()]);
    const pid = async (c: pg.Client) => (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    expect(await pid(c1)).toBe(await pid(c2));
    // What the app must never do: a session-level setting stays on the shared connection for the next client.
    await c1.query("SELECT set_config('app.shop_id', $1, false)", [a.id]);
    expect((await c2.query("SELECT current_setting('app.shop_id', true) AS s")).rows[0].s).toBe(a.id);
    await c2.query("SELECT set_config('app.shop_id', '', false)");
    await Promise.all([c1.end(), c2.end()]);
  });

  it("interleaved transactions of two shops each see only their own rows, on one backend", async () => {
    // Raw SQL inside inShop: only row-level security, keyed on the transaction-local setting, scopes it.
    const titles = (shopId: string) =>
      inShop(shopId, async (tx) => {
        const rows = await tx.$queryRaw<{ title: string; shop_id: string; pid: number; setting: string }[]>`
          SELECT title, shop_id::text, pg_backend_pid() AS pid, current_setting('app.shop_id') AS setting FROM products ORDER BY title`;
        return rows;
      });
    const runs = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? titles(b.id) : titles(a.id)).then((rows) => ({ i, rows }))));
    const pids = new Set<number>();
    for (const { i, rows } of runs) {
      const shop = i % 2 ? b : a;
      expect(rows.map((r) => r.title)).toEqual(i % 2 ? ["Atlas", "Bestiaire", "Carnet"] : ["Baguette", "Croissant"]);
      expect(rows.every((r) => r.shop_id === shop.id && r.setting === shop.id)).toBe(true);
      for (const r of rows) pids.add(r.pid);
    }
    expect(pids.size).toBe(1);
  });

  it("the shop-scoped client (one batch transaction per query) interleaves without leaking", async () => {
    const counts = await Promise.all(Array.from({ length: 30 }, (_, i) => shopDb(i % 2 ? b.id : a.id).product.count()));
    expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => (i % 2 ? 3 : 2)));
  });

  it("after the app's transactions, nothing is left on the shared connection", async () => {
    await Promise.all([inShop(a.id, (tx) => tx.product.count()), inShop(b.id, (tx) => tx.product.count())]);
    const c = client();
    await c.connect();
    const left = await c.query("SELECT coalesce(current_setting('app.shop_id', true), '') AS s, (SELECT count(*)::int FROM products) AS visible");
    expect(left.rows[0]).toEqual({ s: "", visible: 0 });
    await c.end();
  });

  it("interleaved web requests of two shops' owners get their own shop and catalog", async () => {
    const server = await startTestServer();
    try {
      const [ca, cb] = await Promise.all([server.cookieFor(a.ownerId), server.cookieFor(b.ownerId)]);
      const ask = async (shop: Shop, cookie: string) => {
        const [current, list] = await Promise.all([
          server.call("shops.current", { shopSlug: shop.slug }, { cookie, type: "query" }),
          server.call("catalog.list", { shopSlug: shop.slug, sort: "title" }, { cookie, type: "query" }),
        ]);
        const data = list.body.result?.data as { items: { title: string }[] };
        return { name: (current.body.result?.data as { shop: { name: string } }).shop.name, titles: data.items.map((p) => p.title) };
      };
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? ask(b, cb) : ask(a, ca))));
      answers.forEach((answer, i) =>
        expect(answer).toEqual(
          i % 2 ? { name: "Librairie Beta", titles: ["Atlas", "Bestiaire", "Carnet"] } : { name: "Boulangerie Alpha", titles: ["Baguette", "Croissant"] },
        ),
      );
    } finally {
      await server.close();
    }
  });

  it("users and shops (no shop scope) read fine through the pooler", async () => {
    expect(await db.shop.count({ where: { id: { in: [a.id, b.id] } } })).toBe(2);
  });
});

describe("why prepared statements are off behind PgBouncer 1.18 (Debian 12's)", () => {
  it("a named statement prepared by one client is already on the shared connection for the next", async () => {
    const [c1, c2] = [client(), client()];
    await Promise.all([c1.connect(), c2.connect()]);
    const q = { name: "s_shared_test", text: "SELECT count(*)::int AS n FROM shops" };
    expect((await c1.query(q)).rows[0].n).toBeGreaterThan(0);
    // c2 believes it has not prepared the statement yet; the server connection has.
    await expect(c2.query(q)).rejects.toThrow(/prepared statement "s_shared_test" already exists/);
    await Promise.all([c1.end(), c2.end().catch(() => {})]);
  });

  it("with DATABASE_PREPARED_STATEMENTS=false the same query text runs from every client", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => db.shop.count({ where: { id: a.id } })));
    expect(results).toEqual(Array(10).fill(1));
  });
});

describe("LISTEN/NOTIFY with the pooler", () => {
  it("the dispatcher listens on DATABASE_DIRECT_URL (its own backend) and a NOTIFY sent through the pooler wakes it", async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const backends = () =>
      admin
        .query<{ listening: number; pooled: number }>(
          // (The web's session cache keeps a LISTEN of its own, also on the direct URL.)
          "SELECT count(*) FILTER (WHERE query = 'LISTEN outbox')::int AS listening, count(*) FILTER (WHERE query NOT LIKE 'LISTEN %')::int AS pooled FROM pg_stat_activity WHERE datname = $1 AND usename = 'nearshop_app'",
          [database],
        )
        .then((r) => r.rows[0]);
    const stop = startDispatcher();
    try {
      // The pooler's one server connection, and the listener beside it.
      await expect.poll(backends, { timeout: 5000 }).toEqual({ listening: 1, pooled: 1 });
      // Let the first polls pass, then record an event: the NOTIFY (through the pooler, on commit) wakes the dispatcher.
      await new Promise((r) => setTimeout(r, 300));
      const id = await inShop(a.id, (tx) => recordEvent(tx, { type: "product.changed", payload: { productIds: [] }, shopId: a.id }));
      const recordedAt = Date.now();
      await expect
        .poll(async () => (await db.outboxEvent.findUniqueOrThrow({ where: { id }, select: { dispatchedAt: true } })).dispatchedAt, {
          timeout: 5000,
          interval: 20,
        })
        .not.toBeNull();
      // Well inside the dispatcher's 2 s poll: woken, not polled.
      expect(Date.now() - recordedAt).toBeLessThan(1500);
    } finally {
      await stop();
      await closeQueues();
      await admin.end();
    }
  });
});
