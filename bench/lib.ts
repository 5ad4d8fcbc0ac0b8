import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import type pg from "pg";

export type Stats = { name: string; n: number; p50: number; p95: number; p99: number; rps: number; errors: number };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * Runs `fn` from `concurrency` loops for `seconds` (after a short warm-up)
 * and reports latency percentiles and throughput. Failed calls count as
 * errors and are left out of the latencies.
 */
export async function measure(name: string, opts: { concurrency: number; seconds: number; warmup?: number }, fn: (i: number) => Promise<void>): Promise<Stats> {
  const run = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    let errors = 0;
    let i = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          try {
            await fn(i++);
            if (record) latencies.push(performance.now() - t0);
          } catch (error) {
            errors++;
            if (errors === 1 && record) console.error(`  first error in ${name}: ${(error as Error).message}`);
          }
        }
      }),
    );
    return { latencies, errors };
  };
  await run((opts.warmup ?? 2) * 1000, false);
  const t0 = performance.now();
  const { latencies, errors } = await run(opts.seconds * 1000, true);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, n: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), rps: latencies.length / elapsed, errors };
}

/**
 * Open loop: starts call i at `start + i / rate` whatever earlier calls are
 * doing, and measures each latency from its scheduled start, so a server
 * that falls behind shows as latency (queueing included), not as fewer
 * requests (a closed loop hides that: its clients wait before asking again).
 */
export async function measureAtRate(name: string, opts: { rate: number; seconds: number }, fn: (i: number) => Promise<void>): Promise<Stats> {
  const total = Math.max(1, Math.round(opts.rate * opts.seconds));
  const latencies: number[] = [];
  let errors = 0;
  const calls: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    calls.push(
      fn(i).then(
        () => void latencies.push(performance.now() - due),
        (error: Error) => {
          if (++errors === 1) console.error(`  first error in ${name}: ${error.message}`);
        },
      ),
    );
  }
  await Promise.all(calls);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, n: latencies.length, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), rps: latencies.length / elapsed, errors };
}

/** The closed-loop throughput of `fn`, then its latency in an open loop at half that rate. */
export async function capacityAndHalfRate(name: string, opts: { concurrency: number; seconds: number }, fn: (i: number) => Promise<void>) {
  const capacity = await measure(name, opts, fn);
  const rate = Math.max(1, capacity.rps / 2);
  const half = await measureAtRate(`  at ${rate.toFixed(0)} req/s (half), open loop`, { rate, seconds: opts.seconds }, fn);
  return [capacity, half];
}

export function printHeader(title: string) {
  console.log(
    `\n${title}\nmachine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown cpu"}), node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

/** Prints the rows; with a target, a verdict for each of the first `rows` rows (one unless given). */
export function printStats(rows: Stats[], target?: { p95: number; rows?: number }) {
  const f = (x: number) => x.toFixed(1).padStart(7);
  console.log(`  ${"".padEnd(60)}      n   p50 ms  p95 ms  p99 ms    req/s  errors`);
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(60)} ${String(r.n).padStart(6)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${r.rps.toFixed(0).padStart(8)} ${String(r.errors).padStart(7)}`,
    );
  }
  if (!target) return;
  for (const r of rows.slice(0, target.rows ?? 1)) {
    console.log(`  target: p95 < ${target.p95} ms${target.rows ? ` (${r.name})` : ""} → ${r.p95 < target.p95 ? "met" : "NOT met"}`);
  }
}

/** The web server as its own process (production mode), like a deployment. */
export async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<dir>: the web process writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "server/index.ts"], {
    // Production requires a real APP_SECRET; a bench run makes one up.
    env: { APP_SECRET: randomBytes(48).toString("base64"), ...process.env, ...env, NODE_ENV: "production", PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Ours died (bad environment): say so now rather than wait a minute.
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? 1));
  for (let i = 0; i < 120; i++) {
    if (exited !== null) throw new Error(`The server exited (code ${exited}) before it started`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error("The server did not start within 60 s");
}

/** One transaction as the app's role with the shop set as the app sets it (RLS applies): how baselines reach the data. */
export async function asApp<T>(pool: pg.Pool, shopId: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.shop_id', $1, true)", [shopId]);
    const r = await fn(c);
    await c.query("COMMIT");
    return r;
  } catch (error) {
    await c.query("ROLLBACK");
    throw error;
  } finally {
    c.release();
  }
}

/** GETs a path, with a session cookie if given; any answer but 200 counts as an error. */
export const pageGetter = (base: string, cookie?: string) => async (path: string) => {
  const res = await fetch(base + path, cookie ? { headers: { Cookie: cookie } } : {});
  await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
};

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };

/**
 * The top self-time frames of the web process, from the V8 CPU profiles in
 * `dir` written after `since` (a server started with BENCH_CPU_PROF writes
 * one per process when it stops: the supervisor's is nearly all idle, so the
 * biggest is the web process's), so that each run says where time went.
 */
export function printTopFrames(dir: string, since: number, top = 15) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")) : [];
  const newest = files
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).mtimeMs >= since)
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!newest) return console.log(`  (no CPU profile in ${dir})`);
  const profile = JSON.parse(fs.readFileSync(newest, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (!frame) return;
    const where = frame.url
      ? `${frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(server|app|build)\//, "$1/")}:${frame.lineNumber + 1}`
      : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`  top self time of the web process (${path.basename(newest)}, ${(total / 1e6).toFixed(1)} s sampled):`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key.slice(0, 110)}`);
  }
}
