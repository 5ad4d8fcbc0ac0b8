// The offline till's figures (issue 22):
//   npm run bench:registers
// On the 100,000-variant bench shop (bench/generate.ts, in its own database
// unless BENCH_DATABASE says otherwise): the register's catalog feed over
// HTTP, first in full and then after 100 changes; the browser's lookup of
// a scanned code in its IndexedDB copy (Chromium, the till's own store);
// and syncing 1,000 queued sales the way a register sends them (50 a
// request, one request after another). Prints each with its figures.
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import pg from "pg";
import { chromium } from "@playwright/test";
import { printHeader, startServer } from "./lib";

process.env.BENCH_DATABASE ??= "nearshop_bench_registers";
const PORT = Number(process.env.BENCH_PORT ?? 3207);
const BASE = `http://localhost:${PORT}`;
const { BENCH_SLUG, benchUrls, generateBenchShop } = await import("./generate");

await generateBenchShop();
const urls = benchUrls();
Object.assign(process.env, urls, { QUEUE_PREFIX: "bench_registers", LOG_LEVEL: "warn" });
execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });

const { addMember, createUser } = await import("../server/db/factories");
const { createRegister, pairRegister } = await import("../server/services/registers/registers");
const owner = new pg.Pool({ connectionString: urls.DATABASE_URL, max: 2 });
const shop = (await owner.query("SELECT id FROM shops WHERE slug = $1", [BENCH_SLUG])).rows[0] as { id: string };
const location = (await owner.query("SELECT id FROM locations WHERE shop_id = $1 ORDER BY position LIMIT 1", [shop.id])).rows[0].id as string;
await owner.query("DELETE FROM register_sales WHERE shop_id = $1", [shop.id]);
const cashier = await createUser({ name: "Bench Register Cashier" });
await addMember(shop.id, cashier.id, "cashier");
const register = await createRegister(shop.id, { locationId: location, name: `Bench ${randomUUID().slice(0, 6)}` });
const { token } = await pairRegister(shop.id, register.id);
const cookie = `nearshop_register=${token}`;
const server = await startServer({ ...urls, DATABASE_POOL_SIZE: "10" }, PORT);

async function call<T>(path: string, input: unknown, method: "GET" | "POST"): Promise<T> {
  const res =
    method === "GET"
      ? await fetch(`${BASE}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { Cookie: cookie } })
      : await fetch(`${BASE}/api/trpc/${path}`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: BASE, "Content-Type": "application/json" },
          body: JSON.stringify(input),
        });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${res.status} ${body.error?.message}`);
  return body.result.data;
}

type Feed = { cursor: string; changed: { sku: string; variantId: string }[]; removed: string[]; more: boolean };
async function feed(cursor: string) {
  const t0 = performance.now();
  let pages = 0;
  let rows = 0;
  for (;;) {
    const page = await call<Feed>("till.feed", { cursor, limit: 2000 }, "GET");
    pages++;
    rows += page.changed.length + page.removed.length;
    cursor = page.cursor;
    if (!page.more) break;
  }
  return { ms: performance.now() - t0, pages, rows, cursor };
}

try {
  printHeader("Registers: catalog feed, local lookup, sync (issue 22)");
  const variants = Number((await owner.query("SELECT count(*) FROM variants WHERE shop_id = $1", [shop.id])).rows[0].count);
  const full = await feed("0");
  console.log(`  catalog feed, first full download: ${full.rows} variants (${variants} in the shop) in ${full.pages} pages, ${(full.ms / 1000).toFixed(2)} s`);
  await owner.query(
    `UPDATE variants SET price = price + 1 WHERE shop_id = $1 AND id IN (SELECT id FROM variants WHERE shop_id = $1 ORDER BY random() LIMIT 100)`,
    [shop.id],
  );
  const refresh = await feed(full.cursor);
  console.log(`  catalog feed, refresh after 100 price changes: ${refresh.rows} rows in ${refresh.pages} page, ${refresh.ms.toFixed(0)} ms`);

  // The browser: the till page fills its IndexedDB copy through the same feed.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const context = await browser.newContext();
  await context.addCookies([{ name: "nearshop_register", value: token, url: BASE }]);
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(`${BASE}/till`);
  await page.getByTestId("till-status").filter({ hasText: "Online · all sales sent" }).waitFor({ timeout: 600_000 });
  console.log(`  browser: till page to a full local catalog (IndexedDB): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const skus = (await owner.query("SELECT sku FROM variants WHERE shop_id = $1 ORDER BY random() LIMIT 1000", [shop.id])).rows.map((r) => r.sku as string);
  const times = await page.evaluate(
    async ({ registerId, skus }) => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const r = indexedDB.open(`nearshop-register-${registerId}`);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const out: number[] = [];
      for (const sku of skus) {
        const t = performance.now();
        // What the till does for a scan: the barcode index, then the SKU index (store.ts lookupLocal).
        await new Promise<void>((resolve) => {
          const tx = db.transaction("variants");
          const byBarcode = tx.objectStore("variants").index("barcode").get(sku);
          byBarcode.onsuccess = () => {
            if (byBarcode.result) return resolve();
            const bySku = tx.objectStore("variants").index("sku").get(sku.toUpperCase());
            bySku.onsuccess = () => resolve();
          };
        });
        out.push(performance.now() - t);
      }
      return out;
    },
    { registerId: register.id, skus },
  );
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  console.log(
    `  browser: lookup of a scanned code in the local copy, ${times.length} scans: p50 ${p(0.5).toFixed(2)} ms, p95 ${p(0.95).toFixed(2)} ms, p99 ${p(0.99).toFixed(2)} ms`,
  );
  console.log(`  target: local lookup p95 < 50 ms → ${p(0.95) < 50 ? "met" : "NOT met"}`);
  await browser.close();

  // 1,000 queued sales, as a register that was offline sends them.
  const sellable = (
    await owner.query(
      `SELECT v.id, v.sku, v.price, v.tax_class::text AS tax FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
     WHERE v.shop_id = $1 AND p.status = 'active' ORDER BY random() LIMIT 200`,
      [shop.id],
    )
  ).rows as { id: string; sku: string; price: number; tax: string }[];
  const blocks: number[] = [];
  while (blocks.length < 1000) {
    const b = await call<{ start: number; end: number }>("till.block", null, "POST");
    for (let n = b.start; n < b.end; n++) blocks.push(n);
  }
  const soldAt = new Date(Date.now() - 3600_000).toISOString();
  const sales = blocks.slice(0, 1000).map((receipt, i) => {
    const v = sellable[i % sellable.length]!;
    return {
      clientRef: randomUUID(),
      receipt,
      soldAt,
      staffId: cashier.id,
      total: v.price,
      cashTendered: v.price,
      items: [{ variantId: v.id, quantity: 1, unitPrice: v.price, taxClass: v.tax, sku: v.sku, title: "Bench item" }],
    };
  });
  const s0 = performance.now();
  let applied = 0;
  for (let i = 0; i < sales.length; i += 50) {
    const { results } = await call<{ results: { status: string }[] }>("till.sync", { sales: sales.slice(i, i + 50) }, "POST");
    applied += results.filter((r) => r.status !== "refused").length;
  }
  const syncS = (performance.now() - s0) / 1000;
  console.log(`  sync: ${applied} of 1000 queued sales applied in ${syncS.toFixed(1)} s (${(1000 / syncS).toFixed(0)} sales/s, 50 a request)`);
  console.log(`  target: 1,000 sales synced in < 30 s → ${syncS < 30 ? "met" : "NOT met"}`);
} finally {
  server.kill();
  await owner.end();
  const { baseDb } = await import("../server/db/client.server");
  await baseDb.$disconnect();
}
