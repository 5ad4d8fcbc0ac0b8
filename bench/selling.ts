// Selling load benchmarks (issue 5):
//   npm run bench:selling     (reuses the catalog bench database; generates it on first run)
// Prints, with the machine's core count, p50/p95/p99 and throughput for a
// till sale (2 lines, cash with change, a receipt number) and the till's
// product lookup by a scanned SKU with 20 concurrent tills, and for placing an online order
// with 50 concurrent customers, each next to a raw-SQL baseline of the same
// writes run in the same process.
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import pg from "pg";
import { BENCH_SLUG, benchUrls, generateBenchShop } from "./generate";
import { asApp, measure, printHeader, printStats, startServer } from "./lib";

const PORT = Number(process.env.BENCH_PORT ?? 3201);
const TILLS = Number(process.env.BENCH_TILLS ?? 20);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const TILL_SHOPS = Number(process.env.BENCH_TILL_SHOPS ?? 10);
// The web process's connections (the app's default is 10).
const POOL = process.env.BENCH_POOL_SIZE ?? "20";

await generateBenchShop();
const urls = benchUrls();
Object.assign(process.env, urls, { QUEUE_PREFIX: "bench", LOG_LEVEL: "warn", DATABASE_POOL_SIZE: "20" });
execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });

const { addMember, createShop, createUser } = await import("../server/db/factories");
const { startSession } = await import("../server/services/accounts/sessions");

const owner = new pg.Pool({ connectionString: urls.DATABASE_URL, max: 2 });
const shop = (await owner.query("SELECT id FROM shops WHERE slug = $1", [BENCH_SLUG])).rows[0] as { id: string };
const cashier = await createUser({ name: "Bench Cashier" });
await addMember(shop.id, cashier.id, "cashier");
const cookie = (await startSession(cashier.id)).split(";")[0] as string;
const location = (await owner.query("SELECT id FROM locations WHERE shop_id = $1 ORDER BY position LIMIT 1", [shop.id])).rows[0].id as string;
// 2,000 active variants with plenty of stock at the till's location (bench
// data: set directly, not through the ledger).
const picked = (
  await owner.query(
    `SELECT v.id, v.sku FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     WHERE v.shop_id = $1 AND p.status = 'active' ORDER BY v.id LIMIT 2000`,
    [shop.id],
  )
).rows as { id: string; sku: string }[];
await owner.query(
  `INSERT INTO stock_levels (shop_id, variant_id, location_id, on_hand) SELECT $1, unnest($2::uuid[]), $3, 1000000
   ON CONFLICT (shop_id, variant_id, location_id) DO UPDATE SET on_hand = stock_levels.reserved + 1000000`,
  [shop.id, picked.map((p) => p.id), location],
);
await owner.query("UPDATE shops SET delivery_radius_km = 0 WHERE id = $1", [shop.id]);

// The platform's usual case: tills in different shops (TILL_SHOPS shops,
// tills shared round-robin), each shop with 200 products copied from the
// bench shop. Made fresh for each run, deleted at the end.
await owner.query("DELETE FROM shops WHERE slug LIKE 'bench-till-%'");
const tillShops: { id: string; slug: string; locationId: string; variants: string[] }[] = [];
for (let n = 0; n < TILL_SHOPS; n++) {
  const s = await createShop({ slug: `bench-till-${n}`, name: `Bench till shop ${n}` });
  await addMember(s.id, cashier.id, "cashier");
  await owner.query(
    `INSERT INTO products (shop_id, id, handle, title, description, status, options, updated_at)
     SELECT $1, gen_random_uuid(), handle, title, '', 'active', options, now() FROM products WHERE shop_id = $2 AND status = 'active' ORDER BY handle LIMIT 200`,
    [s.id, shop.id],
  );
  await owner.query(
    `INSERT INTO variants (shop_id, id, product_id, option_values, sku, price, position, updated_at)
     SELECT p.shop_id, gen_random_uuid(), p.id, ARRAY[z.size], 'T-' || p.handle || '-' || z.size, 250, z.i, now()
     FROM products p, (VALUES ('S', 0), ('M', 1)) AS z(size, i) WHERE p.shop_id = $1`,
    [s.id],
  );
  await owner.query(`INSERT INTO stock_levels (shop_id, variant_id, location_id, on_hand) SELECT shop_id, id, $2, 1000000 FROM variants WHERE shop_id = $1`, [
    s.id,
    s.locationId,
  ]);
  const variants = (await owner.query("SELECT id FROM variants WHERE shop_id = $1 ORDER BY id", [s.id])).rows.map((r) => r.id as string);
  tillShops.push({ id: s.id, slug: s.slug, locationId: s.locationId, variants });
}
// As autovacuum would after a bulk load: without it the planner takes the
// new shops for one-row shops and joins their tables by scanning them.
await owner.query("ANALYZE products, variants, locations, stock_levels");

const server = await startServer({ ...urls, QUEUE_PREFIX: "bench", DATABASE_POOL_SIZE: POOL, RATE_LIMIT_SCALE: "1000" }, PORT);
const base = `http://127.0.0.1:${PORT}`;
const headers = { Cookie: cookie, Origin: base, "Content-Type": "application/json" };
async function call(path: string, input: unknown, type: "query" | "mutation", h: Record<string, string> = headers) {
  const res =
    type === "query"
      ? await fetch(`${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: h })
      : await fetch(`${base}/api/trpc/${path}`, { method: "POST", headers: h, body: JSON.stringify(input) });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
  return body;
}
const item = (i: number) => picked[(i * 7919) % picked.length]!;

const app = new pg.Pool({ connectionString: urls.APP_DATABASE_URL, max: 20 });
/** The writes of a sale straight through pg: 2 stock movements, number, order, lines, payment, event. */
async function rawSale(i: number, reserve: boolean) {
  await asApp(app, shop.id, async (c) => {
    const id = randomUUID();
    for (const v of [item(i), item(i + 1)].sort((a, b) => a.id.localeCompare(b.id))) {
      await c.query(
        `WITH level AS (UPDATE stock_levels SET on_hand = on_hand - $4, reserved = reserved + $5 WHERE shop_id = $1 AND variant_id = $2 AND location_id = $3 RETURNING 1)
         INSERT INTO stock_movements (shop_id, id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reference)
         SELECT $1, gen_random_uuid(), $2, $3, $6, -$4, $5, 'bench' FROM level`,
        [shop.id, v.id, location, reserve ? 0 : 1, reserve ? 1 : 0, reserve ? "reserved" : "sold"],
      );
      await c.query(`INSERT INTO outbox (id, shop_id, queue, type, payload) VALUES (gen_random_uuid(), $1, 'search-index', 'stock.changed', '{}')`, [shop.id]);
    }
    const n = (
      await c.query(
        `INSERT INTO shop_sequences (shop_id, name, value) VALUES ($1, 'bench-raw', 1)
       ON CONFLICT (shop_id, name) DO UPDATE SET value = shop_sequences.value + 1 RETURNING value`,
        [shop.id],
      )
    ).rows[0].value as number;
    await c.query(
      `INSERT INTO orders (shop_id, id, number, channel, fulfilment, status, payment_method, location_id, currency, tax_inclusive, subtotal, tax, total, paid, contact_name, updated_at)
       VALUES ($1, $2, $3 + 1000000000, 'pos', 'in_store', 'completed', 'in_store', $4, 'EUR', true, 200, 33, 200, 200, 'Walk-in', now())`,
      [shop.id, id, n, location],
    );
    await c.query(
      `INSERT INTO order_lines (shop_id, id, order_id, position, variant_id, product_id, title, sku, quantity, unit_price, tax_rate, tax, total)
       VALUES ($1, gen_random_uuid(), $2, 0, $3, $3, 'x', 'x', 1, 100, 2000, 17, 100), ($1, gen_random_uuid(), $2, 1, $3, $3, 'y', 'y', 1, 100, 2000, 16, 100)`,
      [shop.id, id, item(i).id],
    );
    await c.query(
      `INSERT INTO payments (shop_id, id, order_id, kind, amount, tendered, change, location_id) VALUES ($1, gen_random_uuid(), $2, 'cash', 200, 500, 300, $3)`,
      [shop.id, id, location],
    );
    await c.query(`INSERT INTO order_events (shop_id, id, order_id, to_status, actor) VALUES ($1, gen_random_uuid(), $2, 'completed', 'bench')`, [shop.id, id]);
  });
}

try {
  printHeader(`Till sale (2 lines, cash with change; target also ≥ 200 sales/s): ${TILLS} concurrent tills in ${TILL_SHOPS} shops, ${SECONDS} s`);
  printStats(
    [
      await measure(`pos.sale over HTTP, ${TILL_SHOPS} shops`, { concurrency: TILLS, seconds: SECONDS }, async (i) => {
        const s = tillShops[i % TILL_SHOPS]!;
        const pick = (k: number) => s.variants[(k * 7919) % s.variants.length]!;
        await call(
          "pos.sale",
          {
            shopSlug: s.slug,
            clientRef: randomUUID(),
            locationId: s.locationId,
            items: [
              { variantId: pick(i), quantity: 1 },
              { variantId: pick(i + TILL_SHOPS), quantity: 1 },
            ],
            cashTendered: 10_000_000,
          },
          "mutation",
        );
      }),
    ],
    { p95: 50 },
  );
  // The worst case: every till in one shop, each sale sharing a product with
  // the one before it, so sales queue on the shop's receipt counter and on
  // their products' stock.
  printHeader(`Till sale, worst case: ${TILLS} concurrent tills in one shop, ${SECONDS} s each`);
  printStats([
    await measure("pos.sale over HTTP, one shop", { concurrency: TILLS, seconds: SECONDS }, async (i) => {
      await call(
        "pos.sale",
        {
          shopSlug: BENCH_SLUG,
          clientRef: randomUUID(),
          locationId: location,
          items: [
            { variantId: item(i).id, quantity: 1 },
            { variantId: item(i + 1).id, quantity: 1 },
          ],
          cashTendered: 10_000_000,
        },
        "mutation",
      );
    }),
    await measure("baseline: the sale's writes via pg", { concurrency: TILLS, seconds: SECONDS }, (i) => rawSale(i, false)),
  ]);
  printHeader(`Till lookup (a scanned SKU): ${TILLS} concurrent tills, ${SECONDS} s`);
  printStats([
    await measure("pos.lookup over HTTP", { concurrency: TILLS, seconds: SECONDS }, async (i) => {
      await call("pos.lookup", { shopSlug: BENCH_SLUG, locationId: location, q: item(i).sku }, "query");
    }),
  ]);
  printHeader(`Online order (checkout.place, pickup, pay at pickup, 2 lines): ${CUSTOMERS} concurrent customers, ${SECONDS} s each`);
  const guest = { Origin: base, "Content-Type": "application/json" };
  printStats(
    [
      await measure("checkout.place over HTTP", { concurrency: CUSTOMERS, seconds: SECONDS }, async (i) => {
        await call(
          "checkout.place",
          {
            shopSlug: BENCH_SLUG,
            clientRef: randomUUID(),
            items: [
              { variantId: item(i).id, quantity: 1 },
              { variantId: item(i + 1).id, quantity: 1 },
            ],
            fulfilment: "pickup",
            locationId: location,
            payment: "pay_at_pickup",
            name: "Bench Customer",
            email: `c${i % 500}@bench.test`,
          },
          "mutation",
          guest,
        );
      }),
      await measure("baseline: the order's writes via pg", { concurrency: CUSTOMERS, seconds: SECONDS }, (i) => rawSale(i, true)),
    ],
    { p95: 100 },
  );
} finally {
  server.kill("SIGTERM");
  await owner.query("DELETE FROM shops WHERE slug LIKE 'bench-till-%'");
  await Promise.all([owner.end(), app.end()]);
}
process.exit(0);
