import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import type { Prisma } from "../../db/generated/client.ts";

export const QUEUES = ["notifications", "search-index", "imports", "reports", "orders", "webhooks"] as const;
export type QueueName = (typeof QUEUES)[number];

type Tx = Pick<Prisma.TransactionClient, "$queryRaw">;

export interface OutboxInput {
  queue: QueueName;
  type: string;
  payload: Prisma.InputJsonValue;
  shopId?: string | null;
}

/**
 * Records an event in the same transaction as the change that causes it, in
 * one statement. The NOTIFY is delivered on commit only, waking the
 * dispatcher at once; if it is missed, the dispatcher's poll finds the row.
 */
export async function recordEvent(tx: Tx, event: OutboxInput): Promise<string> {
  const [row] = outboxRows([event]);
  await tx.$queryRaw`
    WITH event AS (
      INSERT INTO outbox (id, shop_id, queue, type, payload)
      VALUES (${row!.id}::uuid, ${row!.shop_id}::uuid, ${row!.queue}, ${row!.type}, ${JSON.stringify(row!.payload)}::jsonb)
      RETURNING id)
    SELECT pg_notify('outbox', '')::text FROM event`;
  return row!.id;
}

/**
 * Events as outbox rows (column names as keys, a fresh id each), for a
 * statement that writes them beside the change that causes them
 * (`jsonb_populate_recordset(NULL::outbox, ...)`); the queue is checked here.
 */
export function outboxRows(events: OutboxInput[]) {
  return events.map((e) => ({
    id: uuidv7(),
    shop_id: e.shopId ?? null,
    queue: z.enum(QUEUES).parse(e.queue),
    type: e.type,
    payload: e.payload,
  }));
}
