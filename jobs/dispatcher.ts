import { z } from "zod";
import { parseRows } from "../server/db/rows";
import pg from "pg";
import { baseDb } from "../server/db/client.server";
import { env } from "../server/env.server";
import { logger } from "../server/logger";
import { getQueue, QUEUES, type QueueName } from "./queues";
import { eventNameOf } from "../server/services/outbox/events";

const BATCH = 200;
const POLL_MS = 2000;
const REDIS_TIMEOUT_MS = 5000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** An event whose payload has `runAt` (ISO time) waits in BullMQ until then. */
function delayOf(payload: unknown): number | undefined {
  const runAt = (payload as { runAt?: unknown } | null)?.runAt;
  if (typeof runAt !== "string") return undefined;
  const ms = Date.parse(runAt) - Date.now();
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

// The queue column is written from the events registry only, so it names a queue the worker knows.
const Row = z.object({
  id: z.string(),
  queue: z.enum(QUEUES),
  type: z.string(),
  payload: z.unknown(),
  shop_id: z.string().nullable(),
  request_id: z.string().nullable(),
});
type Row = z.output<typeof Row>;

/**
 * Moves one batch of outbox rows into BullMQ and marks them sent, all inside
 * one transaction holding the rows (SKIP LOCKED lets several dispatchers
 * share the work). The job id is the event id, so a batch re-sent after a
 * crash between add and commit is deduplicated by BullMQ and, past that, by
 * the handlers' own idempotency. Returns how many rows were moved.
 */
export async function dispatchBatch(): Promise<number> {
  return baseDb.$transaction(
    async (tx) => {
      const rows = parseRows(
        Row,
        await tx.$queryRaw`
        SELECT id, queue, type, payload, shop_id, request_id FROM outbox
        WHERE dispatched_at IS NULL
        ORDER BY created_at
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, Row[]>();
      for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
      for (const [queue, list] of byQueue) {
        // BullMQ waits for a connection forever; give up fast instead and
        // leave the rows for the next round.
        await withTimeout(
          getQueue(queue).addBulk(
            list.map((r) => ({
              // A row stored under a name from before the registry goes out under its new one.
              name: eventNameOf(r.type) ?? r.type,
              // requestId: the job logs under the id of the request that caused it (jobs/worker.ts).
              data: { eventId: r.id, shopId: r.shop_id, payload: r.payload, requestId: r.request_id ?? undefined },
              opts: { jobId: r.id, delay: delayOf(r.payload) },
            })),
          ),
          REDIS_TIMEOUT_MS,
        );
      }
      const ids = rows.map((r) => r.id);
      await tx.$executeRaw`UPDATE outbox SET dispatched_at = now() WHERE id = ANY(${ids}::uuid[])`;
      return rows.length;
    },
    { timeout: REDIS_TIMEOUT_MS * 3 },
  );
}

/**
 * Runs until stopped: wakes on NOTIFY outbox (sent on commit by
 * recordEvent) and polls as a fallback, backing off while Redis is down.
 */
export function startDispatcher() {
  let stopped = false;
  let wake: (() => void) | null = null;
  // LISTEN holds its session: never through a transaction-mode pooler.
  const listener = new pg.Client({ connectionString: env.DATABASE_DIRECT_URL ?? env.APP_DATABASE_URL });
  const connectListener = async () => {
    try {
      await listener.connect();
      listener.on("notification", () => wake?.());
      listener.on("error", () => {});
      await listener.query("LISTEN outbox");
    } catch (error) {
      logger.warn("outbox: LISTEN unavailable, polling only", { error: String(error) });
    }
  };
  void connectListener();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  let failures = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        const moved = await dispatchBatch();
        if (failures > 0) logger.info("outbox: dispatching again");
        failures = 0;
        if (moved === BATCH) continue;
        await sleep(POLL_MS);
      } catch (error) {
        failures++;
        if (failures === 1) logger.warn("outbox: cannot dispatch yet; events stay in PostgreSQL", { error: String(error) });
        await sleep(Math.min(POLL_MS * 2 ** Math.min(failures, 4), 30_000));
      }
    }
  })();

  return async function stop() {
    stopped = true;
    wake?.();
    await loop;
    await listener.end().catch(() => {});
  };
}
