import { inShop } from "../../db/client.server";
import { notFound } from "../errors";
import { recordEvent } from "../outbox/record";

/** Queues the receipt of a sale to an email address (sent by the notifications job). */
export function emailReceipt(shopId: string, orderId: string, email: string) {
  return inShop(shopId, async (tx) => {
    const order = await tx.order.findFirst({ where: { id: orderId }, select: { id: true, number: true } });
    if (!order) throw notFound("Order");
    await recordEvent(tx, { type: "receipt.requested", payload: { orderId, email }, shopId });
    return { queued: true, number: order.number };
  });
}
