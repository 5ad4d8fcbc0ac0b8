// The authenticated path (issue 21, goal 1): session, shop access, tRPC and
// a shop procedure that does no work (`shops.current`) over HTTP, with the
// session cache off (every request reads its session: the previous
// behaviour) and on, each server started in turn in this same run, next to
// /login (a page that reads nothing) and the two statements via pg.
//   npm run bench:auth     (reuses the storefront bench database)
// Each case: throughput in a closed loop (BENCH_CONCURRENCY clients), then
// latency in an open loop at half that rate. The load generator is this
// process (Node's fetch); each web server is its own process.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { BENCH_SLUG, benchUrls, generateBenchShop } from "./generate";
import { capacityAndHalfRate, measure, pageGetter, printHeader, printStats, printTopFrames, startServer } from "./lib";

const DATABASE = process.env.BENCH_STOREFRONT_DATABASE ?? "nearshop_bench_storefront";
const PORT = Number(process.env.BENCH_AUTH_PORT ?? 3203);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

await generateBenchShop(50_000, DATABASE);
const urls = benchUrls(DATABASE);
Object.assign(process.env, urls, { QUEUE_PREFIX: "bench", LOG_LEVEL: "warn", DATABASE_POOL_SIZE: "20" });
if (!process.env.BENCH_BUILT)
  execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });

const { addMember, createUser } = await import("../server/db/factories");
const { startSession } = await import("../server/services/accounts/sessions");
const owner = new pg.Client({ connectionString: urls.DATABASE_URL });
await owner.connect();
const shopId = (await owner.query("SELECT id FROM shops WHERE slug = $1", [BENCH_SLUG])).rows[0].id as string;
const manager = await createUser({ name: "Bench Manager" });
await addMember(shopId, manager.id, "manager");
const cookie = (await startSession(manager.id)).split(";")[0] as string;
const sessionId = cookie.split("=")[1] as string;
const app = new pg.Pool({ connectionString: urls.APP_DATABASE_URL, max: CONCURRENCY });

const noWork = `/api/trpc/shops.current?input=${encodeURIComponent(JSON.stringify({ shopSlug: BENCH_SLUG }))}`;
const opts = { concurrency: CONCURRENCY, seconds: SECONDS };
const rows = [];
for (const cacheSeconds of ["0", "5"]) {
  const label = cacheSeconds === "0" ? "session cache off (before)" : `session cache ${cacheSeconds} s`;
  const serverStarted = Date.now();
  const server = await startServer(
    { ...urls, QUEUE_PREFIX: "bench", DATABASE_POOL_SIZE: "20", RATE_LIMIT_SCALE: "1000", SESSION_CACHE_SECONDS: cacheSeconds },
    PORT,
  );
  try {
    const get = pageGetter(`http://127.0.0.1:${PORT}`, cookie);
    rows.push(await measure(`shops.current alone (1 client), ${label}`, { concurrency: 1, seconds: Math.ceil(SECONDS / 2) }, () => get(noWork)));
    rows.push(...(await capacityAndHalfRate(`shops.current, ${label}`, opts, () => get(noWork))));
    rows.push(...(await capacityAndHalfRate(`floor: GET /login, ${label}`, opts, () => pageGetter(`http://127.0.0.1:${PORT}`)("/login"))));
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  if (process.env.BENCH_CPU_PROF) {
    console.log(`\nWeb process, ${label}:`);
    printTopFrames(process.env.BENCH_CPU_PROF, serverStarted);
  }
}
rows.push(
  await measure("SQL via pg: session + shop access (2 statements)", opts, async () => {
    await app.query(
      `SELECT s.id, s.user_id, s.expires_at, s.last_seen_at, u.email, u.name, u.is_platform_admin
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [sessionId],
    );
    await app.query(
      `SELECT id, slug, name, currency, timezone, status::text AS status, member_role(id, $1::uuid)::text AS role,
              unread_notifications(id, $1::uuid) AS unread FROM shops WHERE slug = $2`,
      [manager.id, BENCH_SLUG],
    );
  }),
);
printHeader(`The authenticated path: a shop procedure doing no work over HTTP, ${CONCURRENCY} concurrent clients, ${SECONDS} s each`);
printStats(rows);

// Other work on the machine moves these figures by a third between minutes:
// both servers side by side, measured in turns of 2 s, so that each turn's
// ratio compares them under the same conditions.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const servers = [];
for (const [i, cacheSeconds] of ["0", "5"].entries()) {
  const env = { ...urls, QUEUE_PREFIX: "bench", DATABASE_POOL_SIZE: "20", RATE_LIMIT_SCALE: "1000", SESSION_CACHE_SECONDS: cacheSeconds };
  servers.push(await startServer(env, PORT + 10 + i));
}
try {
  const turns: { off: number; on: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [off, on] = [0, 1].map((i) => pageGetter(`http://127.0.0.1:${PORT + 10 + i}`, cookie));
    const a = await measure("off", { concurrency: CONCURRENCY, seconds: 2, warmup: 0.5 }, () => off!(noWork));
    const b = await measure("on", { concurrency: CONCURRENCY, seconds: 2, warmup: 0.5 }, () => on!(noWork));
    turns.push({ off: a.rps, on: b.rps });
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;
  console.log(`\n  shops.current req/s in alternating 2 s turns, both servers up (cache off → on):`);
  for (const t of turns) console.log(`    ${t.off.toFixed(0).padStart(6)} → ${t.on.toFixed(0).padStart(6)}  (×${(t.on / t.off).toFixed(2)})`);
  console.log(
    `  median: ${median(turns.map((t) => t.off)).toFixed(0)} → ${median(turns.map((t) => t.on)).toFixed(0)} req/s, median ratio ×${median(turns.map((t) => t.on / t.off)).toFixed(2)}`,
  );
} finally {
  for (const server of servers) server.kill("SIGTERM");
}
const on = rows.find((r) => r.name === "shops.current, session cache 5 s");
if (on) console.log(`  target: ≥ 2,000 req/s (shops.current, cache on) → ${on.rps >= 2000 ? "met" : "NOT met"} (${on.rps.toFixed(0)})`);
await owner.end();
await app.end();
process.exit(0);
