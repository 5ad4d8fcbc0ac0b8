// Catalog and inventory load benchmarks (issue 3):
//   npm run bench            (generates the data on first run, ~1 minute)
// Prints, with the machine's core count, p50/p95/p99 and requests per second
// for the product list page and a stock adjustment under 20 concurrent
// clients, each next to a raw-SQL baseline run in the same process, and the
// time of a 50,000-row CSV import.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { BENCH_SLUG, benchUrls, generateBenchShop } from "./generate";
import { asApp, capacityAndHalfRate, measure, pageGetter, printHeader, printStats, startServer, type Stats } from "./lib";

const PORT = Number(process.env.BENCH_PORT ?? 3200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000);

await generateBenchShop();
const urls = benchUrls();
Object.assign(process.env, urls, { QUEUE_PREFIX: "bench", LOG_LEVEL: "warn", IMPORTS_DIR: "var/bench-imports", DATABASE_POOL_SIZE: "20" });
// A production build: the e2e suite leaves a test-mode build in build/.
execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });

const { baseDb } = await import("../server/db/client.server");
const { addMember, createUser } = await import("../server/db/factories");
const { startSession } = await import("../server/services/accounts/sessions");

const owner = new pg.Pool({ connectionString: urls.DATABASE_URL, max: 2 });
const shop = (await owner.query("SELECT id FROM shops WHERE slug = $1", [BENCH_SLUG])).rows[0] as { id: string };
const manager = await createUser({ name: "Bench Manager" });
await addMember(shop.id, manager.id, "manager");
const cookie = (await startSession(manager.id)).split(";")[0] as string;
const variants = (await owner.query("SELECT id FROM variants WHERE shop_id = $1", [shop.id])).rows.map((r) => r.id as string);
const locations = (await owner.query("SELECT id FROM locations WHERE shop_id = $1 ORDER BY position", [shop.id])).rows.map((r) => r.id as string);
const category = (await owner.query("SELECT id FROM categories WHERE depth = 0 ORDER BY position LIMIT 1 OFFSET 5")).rows[0].id as string;

// The app's role, with the shop set as the app sets it, for the baselines.
const app = new pg.Pool({ connectionString: urls.APP_DATABASE_URL, max: CONCURRENCY });

const server = await startServer({ ...urls, QUEUE_PREFIX: "bench", DATABASE_POOL_SIZE: "20", RATE_LIMIT_SCALE: "1000" }, PORT);
const base = `http://127.0.0.1:${PORT}`;
const get = pageGetter(base, cookie);
const anonymous = pageGetter(base);

try {
  printHeader(`Product list page: ${variants.length / 2} products, ${CONCURRENCY} concurrent clients, ${SECONDS} s each`);
  const pages = [
    `/shop/${BENCH_SLUG}/products?status=active&sort=title`,
    `/shop/${BENCH_SLUG}/products?q=organic&sort=-updated`,
    `/shop/${BENCH_SLUG}/products?stock=low&sort=title`,
    `/shop/${BENCH_SLUG}/products?categoryId=${category}&status=active&sort=-created`,
    `/shop/${BENCH_SLUG}/products?sort=-title`,
    // No index on available (see services/catalog/list.ts): the shop's products sort in memory.
    `/shop/${BENCH_SLUG}/products?sort=stock`,
  ];
  // The SQL the first page runs (services/catalog/list.ts), straight through pg.
  const listSql = `
    SELECT p.id, p.title, p.handle, p.status::text AS status, p.brand, c.name AS category, p.updated_at,
           agg.variants, agg.min_price, agg.max_price, agg.available, agg.low,
           (SELECT key FROM product_images i WHERE i.shop_id = p.shop_id AND i.product_id = p.id ORDER BY position, id LIMIT 1) AS thumb
    FROM products p
    LEFT JOIN categories c ON c.id = p.category_id
    CROSS JOIN LATERAL (
      SELECT count(DISTINCT v.id)::int AS variants, min(v.price) AS min_price, max(v.price) AS max_price,
             coalesce(sum(s.on_hand - s.reserved), 0)::int AS available,
             coalesce(bool_or(s.on_hand - s.reserved <= s.low_stock_threshold), false) AS low
      FROM variants v LEFT JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id
      WHERE v.shop_id = p.shop_id AND v.product_id = p.id) agg
    WHERE p.shop_id = $1 AND p.status = 'active'
    ORDER BY p.title, p.id LIMIT 51`;
  const [listPage, listHalf] = (await capacityAndHalfRate("page: active, by title (server-rendered)", { concurrency: CONCURRENCY, seconds: SECONDS }, () =>
    get(pages[0] as string),
  )) as [Stats, Stats];
  printStats(
    [
      listPage,
      listHalf,
      await measure("page: five filter/sort combinations in turn", { concurrency: CONCURRENCY, seconds: SECONDS }, (i) =>
        get(pages[i % pages.length] as string),
      ),
      await measure("baseline: the same list SQL via pg", { concurrency: CONCURRENCY, seconds: SECONDS }, () =>
        asApp(app, shop.id, (c) => c.query(listSql, [shop.id])).then(() => {}),
      ),
      // What any server-rendered page costs here before it reads anything.
      await measure("floor: /login (a page with no data, no session)", { concurrency: CONCURRENCY, seconds: Math.ceil(SECONDS / 2) }, () =>
        anonymous("/login"),
      ),
    ],
    { p95: 100 },
  );
  console.log(`  target (issue 21): p95 < 60 ms at half capacity, open loop → ${listHalf.p95 < 60 ? "met" : "NOT met"}`);

  printHeader(`Stock adjustment: ${CONCURRENCY} concurrent clients on random variants of ${variants.length}, ${SECONDS} s each`);
  const pick = (i: number) => ({ variantId: variants[(i * 7919) % variants.length] as string, locationId: locations[i % locations.length] as string });
  const adjust = async (i: number, same = false) => {
    const at = same ? { variantId: variants[0] as string, locationId: locations[0] as string } : pick(i);
    const res = await fetch(`${base}/api/trpc/inventory.adjust`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" },
      body: JSON.stringify({ shopSlug: BENCH_SLUG, ...at, delta: 1, reason: "bench" }),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`adjust: ${res.status}`);
  };
  const [adjustCap, adjustHalf] = (await capacityAndHalfRate("tRPC inventory.adjust over HTTP", { concurrency: CONCURRENCY, seconds: SECONDS }, (i) =>
    adjust(i),
  )) as [Stats, Stats];
  printStats(
    [
      adjustCap,
      adjustHalf,
      await measure("same, all clients on one item (row lock queue)", { concurrency: CONCURRENCY, seconds: Math.ceil(SECONDS / 3) }, (i) => adjust(i, true)),
      // What any shop procedure costs here before its own work: HTTP, the
      // session, the shop access lookup, tRPC.
      await measure("floor: tRPC shops.current over HTTP (no work)", { concurrency: CONCURRENCY, seconds: Math.ceil(SECONDS / 2) }, () =>
        get(`/api/trpc/shops.current?input=${encodeURIComponent(JSON.stringify({ shopSlug: BENCH_SLUG }))}`),
      ),
      await measure("baseline: level + movement + outbox via pg", { concurrency: CONCURRENCY, seconds: SECONDS }, (i) =>
        asApp(app, shop.id, async (c) => {
          const at = pick(i);
          await c.query(
            `WITH level AS (UPDATE stock_levels SET on_hand = on_hand + 1, updated_at = now()
               WHERE shop_id = $1 AND variant_id = $2 AND location_id = $3 RETURNING on_hand)
             INSERT INTO stock_movements (shop_id, id, variant_id, location_id, kind, on_hand_delta, reason)
             SELECT $1, gen_random_uuid(), $2, $3, 'adjusted', 1, 'bench' FROM level`,
            [shop.id, at.variantId, at.locationId],
          );
          await c.query(`INSERT INTO outbox (id, shop_id, queue, type, payload) VALUES (gen_random_uuid(), $1, 'search-index', 'stock.changed', '{}')`, [
            shop.id,
          ]);
        }),
      ),
    ],
    { p95: 30 },
  );
  console.log(`  target (issue 21): p95 < 25 ms at half capacity, open loop → ${adjustHalf.p95 < 25 ? "met" : "NOT met"}`);
} finally {
  server.kill("SIGTERM");
}

printHeader(`CSV import: ${IMPORT_ROWS} rows (new products, one variant each, stock at 3 locations)`);
{
  const { uploadImport, startImport, getImport } = await import("../server/services/imports/imports");
  const { handleImport } = await import("../jobs/imports");
  const { createShop } = await import("../server/db/factories");
  const { createLocation } = await import("../server/services/inventory/locations");
  // A fresh shop per run, so the list benchmark's shop keeps its 50,000 products.
  const target = await createShop({ owner: manager });
  const address = { addressLine1: "1 Rue du Test", city: "Paris", postalCode: "75001", country: "FR", latitude: 48.86, longitude: 2.35 };
  for (const name of ["Back room", "Warehouse"]) await createLocation(target.id, { name, ...address });
  const run = Date.now().toString(36).toUpperCase();
  const lines = ["sku,title,price,category,status,stock:Shop floor,stock:Back room,stock:Warehouse"];
  for (let i = 0; i < IMPORT_ROWS; i++)
    lines.push(`IMP-${run}-${i},Imported item ${run} ${i},${((i % 5000) / 100 + 1).toFixed(2)},cheese,active,${i % 9},${i % 4},${i % 13}`);
  const data = Buffer.from(lines.join("\n")).toString("base64");
  const timeImport = async () => {
    const t0 = performance.now();
    const preview = await uploadImport(target.id, manager.id, { fileName: "bench.csv", data });
    await startImport(target.id, preview.importId);
    const event = (await owner.query("SELECT id FROM outbox WHERE payload->>'importId' = $1", [preview.importId])).rows[0].id as string;
    await handleImport({ eventId: event, shopId: target.id, payload: { importId: preview.importId } }, { final: true });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, job: await getImport(target.id, preview.importId) };
  };
  const first = await timeImport();
  console.log(
    `  first import (creates everything):  ${first.seconds.toFixed(1)} s, ${(IMPORT_ROWS / first.seconds).toFixed(0)} rows/s; applied ${first.job.appliedRows}, skipped ${first.job.errorCount}`,
  );
  const again = await timeImport();
  console.log(`  same file again (changes nothing):   ${again.seconds.toFixed(1)} s; applied ${again.job.appliedRows}, unchanged ${again.job.unchangedRows}`);
  const t0 = performance.now();
  await asApp(app, target.id, async (c) => {
    await c.query(
      `WITH p AS (
         INSERT INTO products (shop_id, id, handle, title, status, options, updated_at)
         SELECT $1, gen_random_uuid(), 'raw-' || $2 || '-' || g, 'Raw item ' || g, 'active', '[]', now() FROM generate_series(1, $3::int) g
         RETURNING id, handle)
       INSERT INTO variants (shop_id, id, product_id, sku, price, updated_at) SELECT $1, gen_random_uuid(), id, upper(handle), 100, now() FROM p`,
      [target.id, run.toLowerCase(), IMPORT_ROWS],
    );
  });
  console.log(`  baseline: same rows by one INSERT … SELECT (no stock, no checks): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`  target: under 60 s → ${first.seconds < 60 ? "met" : "NOT met"}`);
}

await app.end();
await owner.end();
await baseDb.$disconnect();
process.exit(0);
