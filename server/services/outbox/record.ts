import { v7 as uuidv7 } from "uuid";
import type { Prisma } from "../../db/generated/client.ts";

import { currentRequest, isSaneRequestId } from "../../request-context";
import { EVENTS, type OutboxEvent } from "./events";

export { QUEUES, type QueueName, type OutboxEvent } from "./events";

type Tx = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * Records an event in the same transaction as the change that causes it, in
 * one statement. The NOTIFY is delivered on commit only, waking the
 * dispatcher at once; if it is missed, the dispatcher's poll finds the row.
 */
export async function recordEvent(tx: Tx, event: OutboxEvent): Promise<string> {
  const [row] = outboxRows([event]);
  await tx.$queryRaw`
    WITH event AS (
      INSERT INTO outbox (id, shop_id, queue, type, payload, request_id)
      VALUES (${row!.id}::uuid, ${row!.shop_id}::uuid, ${row!.queue}, ${row!.type}, ${JSON.stringify(row!.payload)}::jsonb, ${row!.request_id})
      RETURNING id)
    SELECT pg_notify('outbox', '')::text FROM event`;
  return row!.id;
}

/**
 * Events as outbox rows (column names as keys, a fresh id each), for a
 * statement that writes them beside the change that causes them
 * (`jsonb_populate_recordset(NULL::outbox, ...)`). The queue is the
 * registry's and the payload is checked against its schema here, so a bad
 * event fails the write that causes it, not a job later. The request in
 * progress (its id) goes with them, to the job's log lines.
 */
export function outboxRows(events: OutboxEvent[]) {
  const id = currentRequest()?.requestId;
  const request_id = isSaneRequestId(id) ? id : null;
  return events.map((e) => {
    const { queue, payload } = EVENTS[e.type];
    return { id: uuidv7(), shop_id: e.shopId ?? null, queue, type: e.type, payload: payload.parse(e.payload) as Prisma.InputJsonValue, request_id };
  });
}
