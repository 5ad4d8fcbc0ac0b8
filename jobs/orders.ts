import { z } from "zod";
import { EVENTS, eventNameOf, type EventsOf } from "../server/services/outbox/events";
import { unknownJob } from "./queues";
import { logger } from "../server/logger";
import { expireOrder, overdueOrders } from "../server/services/orders/transitions";
import { sendStripeRefund } from "../server/services/payments/stripe";
import { refundDuplicatePayment } from "../server/services/payments/refunds-outside";

const jobSchema = z.object({ eventId: z.uuid(), shopId: z.uuid(), payload: z.unknown() });

type Job = z.infer<typeof jobSchema>;

/** The `orders` queue's events: unpaid-order expiry, Stripe refunds and the refund of a second payment. */
const handlers = {
  "order.expire": async (job: Job) => {
    const { orderId } = EVENTS["order.expire"].payload.parse(job.payload);
    const result = await expireOrder(job.shopId, orderId);
    // Run early (a clock apart, or a delay lost): try again later.
    if (result === "not due") throw new Error("order not due to expire yet");
    return result;
  },
  "refund.stripe": async (job: Job) => sendStripeRefund(job.shopId, EVENTS["refund.stripe"].payload.parse(job.payload).refundId),
  "refund.duplicate": async (job: Job) => refundDuplicatePayment(job.shopId, EVENTS["refund.duplicate"].payload.parse(job.payload).duplicateId),
} satisfies Record<EventsOf<"orders">, (job: Job) => Promise<string>>;

/** The `orders` queue: its events, and the scheduled `sweep` (not an event). */
export async function handleOrderJob(jobName: string, data: unknown): Promise<string> {
  if (jobName === "sweep") return sweepOverdueOrders();
  const name = eventNameOf(jobName);
  if (!name || !Object.hasOwn(handlers, name)) return unknownJob("orders", jobName);
  return handlers[name as keyof typeof handlers](jobSchema.parse(data));
}

/**
 * The safety net under the delayed expiry jobs (a job lost with Redis, a
 * worker down for an hour): every minute, expire what is overdue.
 */
export async function sweepOverdueOrders(): Promise<string> {
  const overdue = await overdueOrders();
  let expired = 0;
  for (const o of overdue) {
    try {
      if ((await expireOrder(o.shopId, o.orderId)) === "expired") expired++;
    } catch (error) {
      logger.warn("sweep: could not expire an order", { ...o, error: String(error) });
    }
  }
  return `${expired} of ${overdue.length} overdue orders expired`;
}
