import { Worker, type Job } from "bullmq";
import { logger } from "../server/logger";
import { isSaneRequestId, withRequestContext } from "../server/request-context";
import { bullConnection } from "../server/redis.server";
import { baseDb } from "../server/db/client.server";
import { checkServices } from "../server/boot";
import { startDispatcher } from "./dispatcher";
import { handleImport } from "./imports";
import { handleNotification } from "./notifications";
import { handleOrderJob } from "./orders";
import { handleReportJob } from "./reports";
import { runRetention } from "./retention";
import { handleStripeEvent } from "../server/services/payments/stripe";
import { z } from "zod";
import { handleSearchEvent } from "./search-index";
import { closeQueues, getQueue, QUEUE_PREFIX, unknownJob, type QueueName } from "./queues";
import { EVENTS, eventNameOf, type EventsOf } from "../server/services/outbox/events";
import { observeJobs, serveWorkerMetrics, workerMetrics } from "./metrics";

type Handler = (job: Job) => Promise<unknown>;

/** The id of the web request that caused the job (its outbox event's), when it has one. */
const requestIdOf = (job: Job | undefined) => {
  const id = (job?.data as { requestId?: unknown } | undefined)?.requestId;
  return isSaneRequestId(id) ? id : undefined;
};

/**
 * A job runs under the id of the request that caused it (else its own):
 * its log lines carry it, and so do the events it records, to their jobs.
 */
function inRequestOf(queue: string, handler: Handler): Handler {
  return (job) => withRequestContext({ requestId: requestIdOf(job) ?? `job:${queue}:${job.id}`, readPrimary: true }, () => handler(job));
}

/** A queue whose events each have a handler here: the job's name picks it, old names read as new. */
function byEvent<Q extends QueueName>(queue: Q, handlers: Record<EventsOf<Q>, Handler>): Handler {
  return (job) => {
    const name = eventNameOf(job.name);
    return name && Object.hasOwn(handlers, name) ? handlers[name as EventsOf<Q>](job) : unknownJob(queue, job.name);
  };
}

/**
 * One handler per queue. notifications, search-index, orders and reports
 * route their events in their own modules (each a map the compiler checks
 * against the registry, server/services/outbox/events.ts); the others here.
 */
const handlers: Record<QueueName, Handler> = {
  notifications: (job) => handleNotification(job.name, job.data),
  imports: byEvent("imports", {
    "import.started": (job) => handleImport(job.data, { final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
  }),
  "search-index": (job) => handleSearchEvent(job.name, job.data),
  orders: (job) => handleOrderJob(job.name, job.data),
  reports: (job) => (job.name === "retention" ? runRetention() : handleReportJob(job.name, job.data)),
  webhooks: byEvent("webhooks", {
    "stripe.event": (job) => handleStripeEvent(z.object({ payload: EVENTS["stripe.event"].payload }).parse(job.data).payload.stripeEventId),
  }),
};

/**
 * Repeating jobs: every minute, expire unpaid orders whose delayed job went
 * missing (jobs/orders.ts); every 15 minutes, close the report days that
 * ended in some shop's timezone (jobs/reports.ts).
 */
async function scheduleRepeats() {
  try {
    await getQueue("orders").upsertJobScheduler("sweep-overdue-orders", { every: 60_000 }, { name: "sweep", data: {} });
    await getQueue("reports").upsertJobScheduler("close-report-days", { every: 15 * 60_000 }, { name: "close-days", data: {} });
    // Retention (README, "Data rights and retention"): daily, at 03:17 UTC.
    await getQueue("reports").upsertJobScheduler("retention", { pattern: "17 3 * * *", tz: "UTC" }, { name: "retention", data: {} });
  } catch (error) {
    logger.warn("could not schedule the repeating jobs; retrying in a minute", { error: String(error) });
    setTimeout(() => void scheduleRepeats(), 60_000).unref();
  }
}

export async function startWorker() {
  const stopDispatcher = startDispatcher();
  void scheduleRepeats();
  workerMetrics();
  const metricsServer = serveWorkerMetrics();
  const workers = Object.entries(handlers).map(([queue, handler]) => {
    const w = new Worker(queue, inRequestOf(queue, handler as Handler), {
      connection: bullConnection("worker"),
      prefix: QUEUE_PREFIX,
      // search-index jobs mostly wait for their batch (jobs/search-index.ts).
      concurrency: queue === "search-index" ? 64 : 8,
    });
    w.on("failed", (job, error) =>
      logger.warn("job failed", { requestId: requestIdOf(job), queue, job: job?.id, name: job?.name, attempt: job?.attemptsMade, error: error.message }),
    );
    w.on("completed", (job, result) => logger.info("job done", { requestId: requestIdOf(job), queue, job: job.id, name: job.name, result }));
    w.on("error", () => {});
    observeJobs(queue as QueueName, w);
    return w;
  });
  logger.info("worker started", { queues: Object.keys(handlers), prefix: QUEUE_PREFIX });

  return async function stop() {
    // Stop taking new work, let running jobs finish, then let go of clients.
    await stopDispatcher();
    metricsServer?.close();
    await Promise.all(workers.map((w) => w.close()));
    await closeQueues();
    await baseDb.$disconnect();
  };
}

if (process.argv[1]?.endsWith("jobs/worker.ts")) {
  await checkServices("worker");
  const stop = await startWorker();
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      logger.info("worker stopping: finishing running jobs", { signal });
      await stop();
      process.exit(0);
    });
  }
}
