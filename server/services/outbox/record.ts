import { z } from "zod";
import type { Prisma } from "../../db/generated/client.ts";

export const QUEUES = ["notifications", "search-index", "imports", "reports", "orders", "webhooks"] as const;
export type QueueName = (typeof QUEUES)[number];

type Tx = Pick<Prisma.TransactionClient, "outboxEvent" | "$executeRaw">;

export interface OutboxInput {
  queue: QueueName;
  type: string;
  payload: Prisma.InputJsonValue;
  shopId?: string | null;
}

/**
 * Records an event in the same transaction as the change that causes it. The
 * NOTIFY is delivered on commit only, waking the dispatcher at once; if it is
 * missed, the dispatcher's poll finds the row anyway.
 */
export async function recordEvent(tx: Tx, event: OutboxInput) {
  const row = await tx.outboxEvent.create({
    data: {
      queue: z.enum(QUEUES).parse(event.queue),
      type: event.type,
      payload: event.payload,
      shopId: event.shopId ?? null,
    },
    select: { id: true },
  });
  await tx.$executeRaw`SELECT pg_notify('outbox', '')`;
  return row.id;
}
