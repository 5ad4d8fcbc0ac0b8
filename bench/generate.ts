import { execFileSync } from "node:child_process";
import pg from "pg";

/**
 * A benchmark shop: 50,000 products with two variants each (100,000
 * variants), stock at 3 locations (300,000 levels), with realistic titles,
 * statuses, categories and thresholds. Written with set-based SQL as the
 * database owner, so it takes seconds; the app then reads it as nearshop_app.
 */
export const BENCH_DB = process.env.BENCH_DATABASE ?? "nearshop_bench";
export const BENCH_SLUG = "bench-shop";
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const benchUrls = (database = BENCH_DB) => {
  const at = (user: string) => {
    const u = new URL(ADMIN_URL);
    u.username = user;
    u.pathname = `/${database}`;
    return u.toString();
  };
  return { DATABASE_URL: at("postgres"), APP_DATABASE_URL: at("nearshop_app") };
};

/** Creates the database if it is missing and applies the migrations. */
export async function migrateBenchDatabase(database: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    if (!(await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const urls = benchUrls(database);
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, ...urls }, stdio: ["ignore", "ignore", "inherit"] });
  return urls;
}

const ADJECTIVES = [
  "Organic",
  "Classic",
  "Fresh",
  "Smoked",
  "Wholegrain",
  "Vintage",
  "Linen",
  "Wool",
  "Cotton",
  "Ceramic",
  "Steel",
  "Wooden",
  "Spicy",
  "Sweet",
  "Mini",
  "Large",
  "Eco",
  "Premium",
  "Local",
  "Handmade",
];
const NOUNS = [
  "apple juice",
  "sourdough",
  "t-shirt",
  "notebook",
  "teapot",
  "hammer",
  "olive oil",
  "cheddar",
  "scarf",
  "candle",
  "novel",
  "headphones",
  "coffee beans",
  "chocolate bar",
  "plant pot",
  "socks",
  "honey",
  "lamp",
  "backpack",
  "soap",
];

export async function generateBenchShop(products = 50_000, database = BENCH_DB) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const urls = benchUrls(database);
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rowCount;
  if (exists) {
    // An earlier run's import shop makes the tables bigger than generated:
    // start over (dropping the database is far faster than deleting a shop).
    const probe = new pg.Client({ connectionString: urls.DATABASE_URL });
    await probe.connect();
    const shops = await probe.query("SELECT count(*)::int AS n FROM shops WHERE slug NOT LIKE 'bench-till-%'").catch(() => ({ rows: [{ n: 0 }] }));
    await probe.end();
    if (shops.rows[0].n > 1) await admin.query(`DROP DATABASE "${database}" WITH (FORCE)`);
  }
  await admin.end();
  await migrateBenchDatabase(database);

  const db = new pg.Client({ connectionString: urls.DATABASE_URL });
  await db.connect();
  try {
    const have = await db.query("SELECT id FROM shops WHERE slug = $1", [BENCH_SLUG]);
    if (have.rowCount) {
      const n = Number((await db.query("SELECT count(*) FROM products WHERE shop_id = $1", [have.rows[0].id])).rows[0].count);
      if (n === products) return;
      await db.query("DELETE FROM shops WHERE id = $1", [have.rows[0].id]);
    }
    const t0 = performance.now();
    await db.query("BEGIN");
    const shop = (
      await db.query(
        `INSERT INTO shops (id, name, slug, currency, timezone, address_line1, city, postal_code, country, latitude, longitude, updated_at)
         VALUES (gen_random_uuid(), 'Bench Shop', $1, 'EUR', 'Europe/Paris', '1 Rue du Test', 'Paris', '75001', 'FR', 48.86, 2.35, now()) RETURNING id`,
        [BENCH_SLUG],
      )
    ).rows[0].id as string;
    await db.query(
      `INSERT INTO locations (shop_id, id, name, address_line1, city, postal_code, country, latitude, longitude, position, updated_at)
       SELECT $1, gen_random_uuid(), n, '1 Rue du Test', 'Paris', '75001', 'FR', 48.86, 2.35, i, now()
       FROM unnest(ARRAY['Shop floor', 'Back room', 'Warehouse']) WITH ORDINALITY AS t(n, i)`,
      [shop],
    );
    await db.query(
      `INSERT INTO products (shop_id, id, handle, title, description, brand, category_id, status, tags, attributes, options, created_at, updated_at)
       SELECT $1, gen_random_uuid(), 'bench-' || g,
              ($3::text[])[1 + g % array_length($3::text[], 1)] || ' ' || ($4::text[])[1 + (g / 20) % array_length($4::text[], 1)] || ' ' || g,
              '', 'Brand ' || (g % 300), cats[1 + g % array_length(cats, 1)],
              (CASE WHEN g % 20 = 0 THEN 'archived' WHEN g % 7 = 0 THEN 'draft' ELSE 'active' END)::"ProductStatus",
              ARRAY['tag' || (g % 50)], jsonb_build_object('material', (ARRAY['cotton', 'wool', 'steel', 'glass'])[1 + g % 4]),
              '[{"name": "Size", "values": ["S", "M"]}]'::jsonb,
              now() - (g || ' minutes')::interval, now() - ((g * 7919) % 100000 || ' seconds')::interval
       FROM generate_series(1, $2::int) AS g, (SELECT array_agg(id) AS cats FROM categories WHERE depth = 2) c`,
      [shop, products, ADJECTIVES, NOUNS],
    );
    await db.query(
      `INSERT INTO variants (shop_id, id, product_id, option_values, sku, price, position, updated_at)
       SELECT p.shop_id, gen_random_uuid(), p.id, ARRAY[s.size], 'B-' || substr(p.handle, 7) || '-' || s.size, 100 + (hashtext(p.handle) & 65535), s.i, now()
       FROM products p, (VALUES ('S', 0), ('M', 1)) AS s(size, i) WHERE p.shop_id = $1`,
      [shop],
    );
    await db.query(
      `INSERT INTO stock_levels (shop_id, variant_id, location_id, on_hand, low_stock_threshold)
       SELECT v.shop_id, v.id, l.id, (hashtext(v.sku || l.name) & 31), CASE WHEN l.position = 1 THEN 3 END
       FROM variants v, locations l WHERE v.shop_id = $1 AND l.shop_id = $1`,
      [shop],
    );
    await db.query(
      `UPDATE products p SET available = t.a FROM (
         SELECT v.product_id, sum(s.on_hand - s.reserved)::int AS a FROM variants v JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id
         WHERE v.shop_id = $1 GROUP BY v.product_id) t
       WHERE p.shop_id = $1 AND p.id = t.product_id`,
      [shop],
    );
    // The ledger explains every level: one opening movement each.
    await db.query(
      `INSERT INTO stock_movements (shop_id, id, variant_id, location_id, kind, on_hand_delta, reason)
       SELECT shop_id, gen_random_uuid(), variant_id, location_id, 'received', on_hand, 'Opening stock'
       FROM stock_levels WHERE shop_id = $1 AND on_hand > 0`,
      [shop],
    );
    await db.query("COMMIT");
    await db.query("VACUUM ANALYZE products, variants, stock_levels, stock_movements");
    console.log(`generated ${products} products / ${products * 2} variants / 3 locations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await db.end();
  }
}
