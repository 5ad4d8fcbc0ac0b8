import cluster from "node:cluster";
import { env } from "./env.server";
import { logger } from "./logger";

/**
 * The web entry point. One Node process renders pages on one core; with
 * WEB_CONCURRENCY=n this starts n web processes sharing the port. Nothing is
 * held in a web process between requests (sessions, queues, caches, rate
 * limits and the order board's messages live in PostgreSQL and Redis), so
 * any process can answer any request. The default is one: on a machine that
 * also runs PostgreSQL, Redis and the worker, a second web process bought
 * little (see the README's benchmarks); give the web its own cores and set
 * one per core.
 *
 * Crash-only: outside development the web processes always run under this
 * supervisor. A process that hits an error nobody handled logs it and exits
 * (its state can no longer be trusted); the supervisor starts another, at
 * once the first time, then after 0.5, 1, 2 ... up to 30 s while processes
 * keep dying young, and never gives up (a database that is down comes back;
 * the backoff keeps the log and the machine calm meanwhile). Each web process
 * hears how many of its siblings run and how many died lately, and /healthz
 * says so.
 */
const processes = env.WEB_CONCURRENCY ?? 1;

if (cluster.isPrimary && env.NODE_ENV !== "development") supervise(processes);
else {
  process.on("uncaughtException", (error) => {
    logger.error("unhandled error: this web process exits and is replaced", { error: String(error), stack: error.stack });
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled rejection: this web process exits and is replaced", { error: String(reason), stack: (reason as Error)?.stack });
    process.exit(1);
  });
  await import("./web");
}

const YOUNG_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
const EXIT_WINDOW_MS = 15 * 60_000;

function supervise(count: number) {
  const startedAt = new Map<number, number>();
  const exits: number[] = [];
  let stopping = false;
  let youngExits = 0;
  let restartDueAt: number | null = null;
  let lastExit: { code: number | null; signal: string | null; at: string } | null = null;

  const tell = () => {
    const now = Date.now();
    while (exits.length && exits[0]! < now - EXIT_WINDOW_MS) exits.shift();
    const state = {
      wanted: count,
      running: Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length,
      recentExits: exits.length,
      restartDueAt: restartDueAt ? new Date(restartDueAt).toISOString() : null,
      lastExit,
    };
    for (const w of Object.values(cluster.workers ?? {})) {
      if (w?.isConnected()) w.send({ type: "nearshop:supervisor", state }, undefined, () => undefined);
    }
  };
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    worker.once("listening", tell);
  };
  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (startedAt.size === 0) process.exit(0);
      return;
    }
    exits.push(Date.now());
    lastExit = { code, signal, at: new Date().toISOString() };
    youngExits = lived < YOUNG_MS ? youngExits + 1 : 0;
    const delay = youngExits <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (youngExits - 2));
    logger.error("a web process exited; starting another", { pid: worker.process.pid, code, signal, lived, restartInMs: delay });
    restartDueAt = Date.now() + delay;
    tell();
    setTimeout(() => {
      restartDueAt = null;
      if (!stopping) fork();
    }, delay);
  });
  for (let i = 0; i < count; i++) fork();
  logger.info(`Nearshop web: ${count} process${count === 1 ? "" : "es"} under a supervisor`, { primary: process.pid });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Each process finishes its in-flight requests (see web.ts), then exits.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      if (startedAt.size === 0) process.exit(0);
      setTimeout(() => process.exit(1), 30_000).unref();
    });
  }
}
