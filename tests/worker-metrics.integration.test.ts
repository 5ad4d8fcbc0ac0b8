// Issue 20, item 4: the worker's /metrics (its own port, the same token as
// the web): queue depth, job duration and failures per queue, outbox lag.
import type { Server } from "node:http";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const { TOKEN, PORT } = vi.hoisted(() => {
  const TOKEN = "worker-metrics-token-0123456789abcdef";
  const PORT = String(20000 + Math.floor(Math.random() * 20000));
  process.env.METRICS_TOKEN = TOKEN;
  process.env.WORKER_METRICS_PORT = PORT;
  return { TOKEN, PORT };
});

import { db } from "../server/db/client.server";
import { bullConnection } from "../server/redis.server";
import { closeQueues, getQueue, QUEUE_PREFIX } from "../jobs/queues";
import { observeJobs, serveWorkerMetrics, workerMetrics } from "../jobs/metrics";

let server: Server;
const workers: Worker[] = [];

beforeAll(async () => {
  workerMetrics();
  server = serveWorkerMetrics()!;
  await new Promise((resolve) => (server.listening ? resolve(null) : server.once("listening", resolve)));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  await new Promise((resolve) => server.close(resolve));
});

const scrape = (token?: string) => fetch(`http://127.0.0.1:${PORT}/metrics`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
const metricsText = async () => {
  const r = await scrape(TOKEN);
  expect(r.status).toBe(200);
  return r.text();
};
const valueOf = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("the worker's /metrics", () => {
  it("answers only with the token, and nothing else on its port", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("wrong-token-wrong-token-wrong")).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${PORT}/`)).status).toBe(404);
    expect(valueOf(await metricsText(), "nearshop_db_pool_max")).toBe(5);
  });

  it("shows the age of the oldest event not yet queued, and 0 once none waits", async () => {
    expect(valueOf(await metricsText(), "nearshop_outbox_lag_seconds")).toBe(0);
    const event = await db.outboxEvent.create({
      data: { queue: "notifications", type: "account.welcome", payload: {}, createdAt: new Date(Date.now() - 90_000) },
      select: { id: true },
    });
    const lag = valueOf(await metricsText(), "nearshop_outbox_lag_seconds")!;
    expect(lag).toBeGreaterThanOrEqual(90);
    expect(lag).toBeLessThan(150);
    await db.outboxEvent.update({ where: { id: event.id }, data: { dispatchedAt: new Date() } });
    expect(valueOf(await metricsText(), "nearshop_outbox_lag_seconds")).toBe(0);
  });

  it("counts jobs waiting per queue, and times jobs and counts failures per queue", async () => {
    await getQueue("imports").add("import.started", { n: 1 });
    await getQueue("imports").add("import.started", { n: 2 });
    let text = await metricsText();
    expect(valueOf(text, 'nearshop_queue_jobs{queue="imports",state="waiting"}')).toBe(2);
    expect(valueOf(text, 'nearshop_queue_jobs{queue="reports",state="waiting"}')).toBe(0);

    // One job fails, one succeeds (a stand-in handler: what is measured is the worker's events).
    const w = new Worker(
      "imports",
      async (job) => {
        if (job.data.n === 1) throw new Error("boom");
        return "ok";
      },
      { connection: bullConnection("worker"), prefix: QUEUE_PREFIX },
    );
    workers.push(w);
    observeJobs("imports", w);
    await expect
      .poll(
        async () => {
          text = await metricsText();
          return [
            valueOf(text, 'nearshop_job_failures_total{queue="imports"}'),
            valueOf(text, 'nearshop_job_duration_seconds_count{queue="imports",outcome="completed"}'),
          ];
        },
        { timeout: 15_000, interval: 200 },
      )
      .toEqual([1, 1]);
    expect(valueOf(text, 'nearshop_job_duration_seconds_count{queue="imports",outcome="failed"}')).toBe(1);
    // The failed job waits for its retry (delayed), the other is done.
    expect(valueOf(text, 'nearshop_queue_jobs{queue="imports",state="waiting"}')).toBe(0);
    expect(valueOf(text, 'nearshop_queue_jobs{queue="imports",state="delayed"}')).toBe(1);
  });
});
