import http from "node:http";
import express from "express";
import type { Worker } from "bullmq";
import { z } from "zod";
import { env } from "../server/env.server";
import { logger } from "../server/logger";
import { baseDb } from "../server/db/client.server";
import { parseRows } from "../server/db/rows";
import { gaugeOnScrape, metrics } from "../server/metrics/metrics.server";
import { metricsEndpoint, poolMetrics } from "../server/http/metrics";
import { getQueue, QUEUES, type QueueName } from "./queues";

const Lag = z.object({ lag: z.number().nullable() });
const JOB_STATES = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

/** The worker's own metrics: queue depth, jobs' duration and failures, outbox lag, the pool. */
export function workerMetrics() {
  poolMetrics();
  gaugeOnScrape("nearshop_queue_jobs", "Jobs in each BullMQ queue, by state", ["queue", "state"], async (set) => {
    await Promise.all(
      QUEUES.map(async (queue) => {
        const counts = await getQueue(queue).getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) set({ queue, state }, counts[state] ?? 0);
      }),
    );
  });
  gaugeOnScrape("nearshop_outbox_lag_seconds", "Age of the oldest outbox event not yet moved to its queue (0 when none waits)", [], async (set) => {
    const [row] = parseRows(
      Lag,
      await baseDb.$queryRaw`SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS lag FROM outbox WHERE dispatched_at IS NULL`,
    );
    set({}, row?.lag ?? 0);
  });
}

/** Times each job this worker finishes and counts failed attempts, per queue. */
export function observeJobs(queue: QueueName, worker: Worker) {
  worker.on("completed", (job) => {
    if (job.processedOn && job.finishedOn) metrics.jobDuration.observe({ queue, outcome: "completed" }, (job.finishedOn - job.processedOn) / 1000);
  });
  worker.on("failed", (job) => {
    metrics.jobFailures.inc({ queue });
    // An attempt that will be retried has no finishedOn: it ended now.
    if (job?.processedOn) metrics.jobDuration.observe({ queue, outcome: "failed" }, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
  });
}

/**
 * The worker has no other HTTP: with WORKER_METRICS_PORT set it serves
 * /metrics there, under the same rule as the web's (METRICS_TOKEN). Without
 * a token it listens on loopback only.
 */
export function serveWorkerMetrics(): http.Server | null {
  if (!env.WORKER_METRICS_PORT) return null;
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", metricsEndpoint);
  app.use((_req, res) => void res.status(404).type("text/plain").send("Not found"));
  const host = env.METRICS_TOKEN ? undefined : "127.0.0.1";
  const server = http.createServer(app).listen(env.WORKER_METRICS_PORT, host, () => {
    logger.info("worker metrics listening", { port: env.WORKER_METRICS_PORT, host: host ?? "all interfaces" });
  });
  server.on("error", (error) => logger.error("worker metrics could not listen", { port: env.WORKER_METRICS_PORT, error: String(error) }));
  return server;
}
