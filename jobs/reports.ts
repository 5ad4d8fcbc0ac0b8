import { z } from "zod";
import { closeFinishedDays, daysTouched, rollupDay } from "../server/services/reports/rollup";
import { getQueue, unknownJob } from "./queues";
import { EVENTS, eventNameOf, type EventsOf } from "../server/services/outbox/events";

const eventSchema = z.object({
  eventId: z.uuid(),
  shopId: z.uuid(),
  payload: EVENTS["sales.changed"].payload,
});
const rollupSchema = z.object({ shopId: z.uuid(), day: z.iso.date() });

/** Rebuilds of one shop-day are gathered into one per second. */
const WINDOW_MS = 1000;

/**
 * The `reports` queue. A `sales.changed` event (from the outbox) asks for
 * the local days it touched to be rebuilt; all asks for one shop-day that
 * arrive within the same second become one `rollup` job, run just after
 * that second ends: every change it gathers was committed before it was
 * asked for, so the rebuild sees them all, and a busy shop costs at most one
 * rebuild per day per second. `close-days` (scheduled) closes finished days.
 */
/** The queue's events (`rollup` and `close-days` are its own jobs, not events). */
const events = {
  "sales.changed": async (data: unknown) => {
    const job = eventSchema.parse(data);
    const days = await daysTouched(job.shopId, job.payload.orderId, new Date(job.payload.at));
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    await getQueue("reports").addBulk(
      days.map((day) => ({
        name: "rollup",
        data: { shopId: job.shopId, day },
        opts: { jobId: `rollup-${job.shopId}-${day}-${window}`, delay: (window + 1) * WINDOW_MS - now + 20, removeOnComplete: { age: 3600, count: 1000 } },
      })),
    );
    return `rebuild of ${days.join(", ")} asked`;
  },
} satisfies Record<EventsOf<"reports">, (data: unknown) => Promise<string>>;

export async function handleReportJob(jobName: string, data: unknown): Promise<string> {
  const name = eventNameOf(jobName) ?? jobName;
  if (Object.hasOwn(events, name)) return events[name as keyof typeof events](data);
  if (name === "rollup") {
    const { shopId, day } = rollupSchema.parse(data);
    const t = await rollupDay(shopId, day);
    return `${day}: ${t.ordersAfter} orders`;
  }
  if (name === "close-days") {
    const { closed, corrected, failed } = await closeFinishedDays();
    if (failed) throw new Error(`${failed} shop days could not be closed (${closed} closed, ${corrected} corrected)`);
    return `${closed} shop days closed, ${corrected} corrected`;
  }
  return unknownJob("reports", jobName);
}
