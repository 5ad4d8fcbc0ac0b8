import { z } from "zod";
import { logger } from "../server/logger";
import { expireOrder, overdueOrders } from "../server/services/orders/transitions";
import { sendStripeRefund } from "../server/services/payments/stripe";
import { refundDuplicatePayment } from "../server/services/payments/refunds-outside";

const jobSchema = z.object({ eventId: z.uuid(), shopId: z.uuid(), payload: z.unknown() });

/** The `orders` queue: unpaid-order expiry, Stripe refunds and the refund of a second payment. */
export async function handleOrderJob(name: string, data: unknown): Promise<string> {
  if (name === "sweep") return sweepOverdueOrders();
  const job = jobSchema.parse(data);
  if (name === "order.expire") {
    const { orderId } = z.object({ orderId: z.uuid() }).parse(job.payload);
    const result = await expireOrder(job.shopId, orderId);
    // Run early (a clock apart, or a delay lost): try again later.
    if (result === "not due") throw new Error("order not due to expire yet");
    return result;
  }
  if (name === "refund.stripe") {
    const { refundId } = z.object({ refundId: z.uuid() }).parse(job.payload);
    return sendStripeRefund(job.shopId, refundId);
  }
  if (name === "refund.duplicate") {
    const { duplicateId } = z.object({ duplicateId: z.uuid() }).parse(job.payload);
    return refundDuplicatePayment(job.shopId, duplicateId);
  }
  throw new Error(`Unknown orders job: ${name}`);
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
