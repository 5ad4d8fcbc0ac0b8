import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (web or worker), in one registry. Label
 * values are always from a closed set (a route's id, a procedure's path, a
 * rule's name, a queue's name, a status code), never from a URL or an
 * input: an id in a label would make a new series per record.
 *
 * One instance per process, kept on globalThis: the Remix build bundles its
 * own copy of the server modules a route imports (the order board's stream),
 * and a second registry would miss what that copy counts.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: "nearshop_http_request_duration_seconds",
      help: "HTTP requests by route (the Remix route id, or trpc, static, healthz...), method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    trpcDuration: new Histogram({
      name: "nearshop_trpc_procedure_duration_seconds",
      help: "tRPC procedure calls (from pages and over /api/trpc) by procedure and outcome (ok or the error code)",
      labelNames: ["procedure", "type", "outcome"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    rateLimitRejections: new Counter({
      name: "nearshop_rate_limit_rejections_total",
      help: "Requests refused with 429 because a budget was spent, by rule (server/auth/rate-limit.server.ts)",
      labelNames: ["rule"] as const,
      registers,
    }),
    sseOpen: new Gauge({
      name: "nearshop_sse_open_connections",
      help: "Open server-sent-event streams (the live order board)",
      registers,
    }),
    jobDuration: new Histogram({
      name: "nearshop_job_duration_seconds",
      help: "BullMQ jobs run by this worker, by queue and outcome (completed, failed)",
      labelNames: ["queue", "outcome"] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    }),
    laggingReads: new Counter({
      name: "nearshop_db_lagging_reads_total",
      help: "Reads that may lag (storefront, search, reports) by where they went: replica, primary (no replica, or read-your-writes), behind (not found on the replica, run again on the primary) or fallback (the replica was down)",
      labelNames: ["target"] as const,
      registers,
    }),
    replicaUp: new Gauge({
      name: "nearshop_db_replica_up",
      help: "1 while the read replica answers, 0 while reads fall back to the primary (absent without DATABASE_REPLICA_URL)",
      registers,
    }),
    jobFailures: new Counter({
      name: "nearshop_job_failures_total",
      help: "Failed job attempts by queue (each retry that fails counts)",
      labelNames: ["queue"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { __nearshopMetrics?: Metrics };
export const metrics: Metrics = (globalForMetrics.__nearshopMetrics ??= createMetrics());

/** A gauge read when scraped (pool counts, queue depth, outbox lag); once per name, so a dev reload does not register it twice. */
export function gaugeOnScrape<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  collect: (set: (labels: Partial<Record<L, string>>, value: number) => void) => Promise<void> | void,
) {
  if (metrics.registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      await collect((labels, value) => this.set(labels, value));
    },
  });
}
