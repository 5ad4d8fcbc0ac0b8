import cluster from "node:cluster";
import { env } from "./env.server";
import { logger } from "./logger";

/**
 * The web entry point. One Node process renders pages on one core; with
 * WEB_CONCURRENCY=n this starts n web processes sharing the port, and
 * replaces any that dies. Nothing is held in a
 * web process between requests (sessions, queues, caches, rate limits and
 * the order board's messages live in PostgreSQL and Redis), so any process
 * can answer any request. The default is one: on a machine that also runs
 * PostgreSQL, Redis and the worker, a second web process bought little (see
 * the README's benchmarks); give the web its own cores and set one per core.
 */
const processes = env.WEB_CONCURRENCY ?? 1;

if (processes > 1 && cluster.isPrimary) supervise(processes);
else await import("./web");

function supervise(count: number) {
  const startedAt = new Map<number, number>();
  let stopping = false;
  let quickExits = 0;
  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (startedAt.size === 0) process.exit(0);
      return;
    }
    // A process that cannot even start (database down, no build) would be
    // replaced for ever: give up and let the supervisor above say why.
    quickExits = lived < 10_000 ? quickExits + 1 : 0;
    if (quickExits >= count * 2) {
      logger.error("web processes keep exiting as they start; stopping", { code, signal });
      process.exit(1);
    }
    logger.error("a web process exited; starting another", { pid: worker.process.pid, code, signal });
    setTimeout(fork, 500);
  });
  for (let i = 0; i < count; i++) fork();
  logger.info(`Nearshop web: ${count} processes`, { primary: process.pid });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Each process finishes its in-flight requests (see web.ts), then exits.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => process.exit(1), 30_000).unref();
    });
  }
}
