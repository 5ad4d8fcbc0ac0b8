// A big shop's storefront (issue 21): the shop page and the unfiltered
// product listing of the 50,000-product bench shop (40,714 active), next to
// that shop's product page and to the SQL of each listing via pg.
//   npm run bench:search runs it last; alone: npm run bench:storefront
// Each HTTP case prints its throughput (closed loop, BENCH_CONCURRENCY
// clients) and then its latency in an open loop at half that rate. The load
// generator is this process (Node's fetch); the web server is its own
// process, so the two never share an event loop.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { BENCH_SLUG, benchUrls, generateBenchShop } from "./generate";
import { capacityAndHalfRate, measure, printHeader, printStats, printTopFrames, startServer } from "./lib";

const DATABASE = process.env.BENCH_STOREFRONT_DATABASE ?? "nearshop_bench_storefront";
const PORT = Number(process.env.BENCH_STOREFRONT_PORT ?? 3202);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

await generateBenchShop(50_000, DATABASE);
const urls = benchUrls(DATABASE);
Object.assign(process.env, urls, { QUEUE_PREFIX: "bench", LOG_LEVEL: "warn", DATABASE_POOL_SIZE: "20" });
if (!process.env.BENCH_BUILT)
  execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });

const { productSearchSchema } = await import("../server/schemas/search");
const { PostgresEngine } = await import("../server/services/search/postgres");
const { syncShop } = await import("../server/services/search/indexer");

const owner = new pg.Client({ connectionString: urls.DATABASE_URL });
await owner.connect();
const shopId = (await owner.query("SELECT id FROM shops WHERE slug = $1", [BENCH_SLUG])).rows[0].id as string;
if (!(await owner.query("SELECT 1 FROM search_products WHERE shop_id = $1 LIMIT 1", [shopId])).rowCount) {
  const t0 = performance.now();
  const n = await syncShop(new PostgresEngine(), shopId);
  await owner.query("VACUUM ANALYZE search_products");
  console.log(`indexed the bench shop's ${n} active products in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
const active = Number((await owner.query("SELECT count(*) FROM search_products WHERE shop_id = $1", [shopId])).rows[0].count);
const handle = (await owner.query("SELECT handle FROM search_products WHERE shop_id = $1 ORDER BY handle LIMIT 1", [shopId])).rows[0].handle as string;

const kept = new PostgresEngine();
const counted = new PostgresEngine({ keptFacets: false });
const listing = productSearchSchema.parse({ shopIds: [shopId] });
const app = new pg.Pool({ connectionString: urls.APP_DATABASE_URL, max: CONCURRENCY });

// The two listings' SQL, first page and facets, as one statement each (what pgbench would run).
const COUNTED_SQL = `
  WITH hits AS MATERIALIZED (SELECT * FROM search_products WHERE shop_id = $1)
  SELECT (SELECT json_agg(h) FROM (SELECT product_id, title, min_price FROM hits ORDER BY title, product_id LIMIT 24) h) AS hits,
    (SELECT count(*) FROM hits) AS total,
    (SELECT json_agg(f) FROM (SELECT c, count(*) FROM hits, unnest(category_path) c GROUP BY c ORDER BY 2 DESC, c LIMIT 200) f) AS category,
    (SELECT json_agg(f) FROM (SELECT brand, count(*) FROM hits WHERE brand IS NOT NULL GROUP BY brand ORDER BY 2 DESC, brand LIMIT 20) f) AS brand,
    (SELECT json_agg(f) FROM (SELECT price_band, count(*) FROM hits GROUP BY price_band) f) AS price_band,
    (SELECT json_agg(f) FROM (SELECT a, count(*) FROM hits, unnest(attributes) a GROUP BY a ORDER BY 2 DESC, a LIMIT 20) f) AS attributes,
    (SELECT count(*) FROM hits WHERE in_stock) AS in_stock`;
const KEPT_SQL = `
  WITH facets AS MATERIALIZED (SELECT facet, value, count FROM search_facets WHERE shop_id = $1 AND count > 0)
  SELECT (SELECT json_agg(h) FROM (SELECT product_id, title, min_price FROM search_products WHERE shop_id = $1
                                    ORDER BY title, product_id LIMIT 24) h) AS hits,
    (SELECT sum(count) FROM facets WHERE facet = 'total') AS total,
    (SELECT json_agg(f) FROM (SELECT value, count FROM facets WHERE facet = 'category' ORDER BY count DESC, value LIMIT 200) f) AS category,
    (SELECT json_agg(f) FROM (SELECT value, count FROM facets WHERE facet = 'brand' ORDER BY count DESC, value LIMIT 20) f) AS brand,
    (SELECT json_agg(f) FROM (SELECT value, count FROM facets WHERE facet = 'price_band') f) AS price_band,
    (SELECT json_agg(f) FROM (SELECT value, count FROM facets WHERE facet = 'attribute' ORDER BY count DESC, value LIMIT 20) f) AS attributes,
    (SELECT sum(count) FROM facets WHERE facet = 'in_stock') AS in_stock`;

const serverStarted = Date.now();
const server = await startServer({ ...urls, QUEUE_PREFIX: "bench", DATABASE_POOL_SIZE: "20", RATE_LIMIT_SCALE: "1000" }, PORT);
const base = `http://127.0.0.1:${PORT}`;
const get = (path: string) => async () => {
  const res = await fetch(base + path);
  await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
};
const shopPage = get(`/s/${BENCH_SLUG}`);
const listingJson = get(`/api/trpc/discovery.products?input=${encodeURIComponent(JSON.stringify({ shopIds: [shopId] }))}`);
const productPage = get(`/s/${BENCH_SLUG}/${handle}`);

try {
  printHeader(`A big shop's storefront: ${active} active products of 50,000, one request alone (1 client, ${SECONDS} s each)`);
  const alone = { concurrency: 1, seconds: SECONDS, warmup: 1 };
  const aloneRows = [
    await measure(`GET /s/${BENCH_SLUG} (shop page, HTML)`, alone, shopPage),
    await measure("GET discovery.products {shopIds} (JSON)", alone, listingJson),
    await measure(`GET /s/${BENCH_SLUG}/<handle> (product page)`, alone, productPage),
    await measure("engine: whole-shop listing, kept facets", alone, async () => void (await kept.searchProducts(listing))),
    await measure("engine: the same, counted per view (before)", alone, async () => void (await counted.searchProducts(listing))),
    await measure("SQL via pg: kept facets + first page", alone, async () => void (await app.query(KEPT_SQL, [shopId]))),
    await measure("SQL via pg: counted facets + first page (before)", alone, async () => void (await app.query(COUNTED_SQL, [shopId]))),
  ];
  printStats(aloneRows);
  for (const r of aloneRows.slice(0, 2)) console.log(`  target: p50 < 30 ms alone (${r.name}) → ${r.p50 < 30 ? "met" : "NOT met"}`);

  printHeader(`The same under load: ${CONCURRENCY} concurrent clients (closed loop), then an open loop at half the rate found, ${SECONDS} s each`);
  const opts = { concurrency: CONCURRENCY, seconds: SECONDS };
  const [shopCap, shopHalf] = await capacityAndHalfRate(`GET /s/${BENCH_SLUG} (shop page, HTML)`, opts, shopPage);
  const [jsonCap, jsonHalf] = await capacityAndHalfRate("GET discovery.products {shopIds} (JSON)", opts, listingJson);
  const [productCap, productHalf] = await capacityAndHalfRate(`GET /s/${BENCH_SLUG}/<handle> (product page)`, opts, productPage);
  const rows = [shopCap, shopHalf, jsonCap, jsonHalf, productCap, productHalf].filter((r) => r !== undefined);
  rows.push(
    await measure("SQL via pg: kept facets + first page", opts, async () => void (await app.query(KEPT_SQL, [shopId]))),
    await measure("SQL via pg: counted facets + first page (before)", opts, async () => void (await app.query(COUNTED_SQL, [shopId]))),
  );
  printStats(rows);
  if (shopCap && jsonCap && productCap) {
    for (const r of [shopCap, jsonCap]) {
      const ratio = r.rps / productCap.rps;
      console.log(`  target: ≥ half the product page's req/s (${r.name}): ${ratio.toFixed(2)} → ${ratio >= 0.5 ? "met" : "NOT met"}`);
    }
  }
  for (const r of [shopHalf, jsonHalf, productHalf])
    if (r) console.log(`  target: p95 < 60 ms at half capacity (${r.name.trim()}) → ${r.p95 < 60 ? "met" : "NOT met"}`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await owner.end();
  await app.end();
}
if (process.env.BENCH_CPU_PROF) printTopFrames(process.env.BENCH_CPU_PROF, serverStarted);
process.exit(0);
