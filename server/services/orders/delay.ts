import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { badRequest, notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import { formatShopTimeNamed, formatSlot, zoneName } from "../../../app/lib/time";
import { lockOrder, type Actor } from "./core";
import { publishOrderChange } from "./live";

/** Orders the shop is still getting ready: the ones a delay means something for. */
const DELAYABLE = new Set(["paid", "confirmed", "preparing"]);

const Times = z.object({
  pickupSlotStart: z.date().nullable(),
  pickupSlotEnd: z.date().nullable(),
  readyAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  timezone: z.string(),
});

/**
 * Staff push an order back by some minutes (the oven broke, a rush): a
 * pickup slot moves by that much, an order without one gets a promised
 * time; an unpaid pickup order's hold is kept at least to the new slot's
 * end, so the delay never cancels it. The history says by how much and why,
 * the customer is emailed the new time, and the board and the customer's
 * page update.
 */
export async function delayOrder(shopId: string, actor: Actor, input: { orderId: string; minutes: number; reason?: string }) {
  const result = await inShop(shopId, async (tx) => {
    const order = await lockOrder(tx, shopId, input.orderId);
    if (!order) throw notFound("Order");
    if (order.channel !== "online") throw badRequest("Only an online order can be delayed");
    if (!DELAYABLE.has(order.status)) throw badRequest("Only an order still being prepared can be delayed");
    const [row] = parseRows(
      Times,
      await tx.$queryRaw`
      UPDATE orders o SET
        pickup_slot_start = o.pickup_slot_start + make_interval(mins => ${input.minutes}::int),
        pickup_slot_end = o.pickup_slot_end + make_interval(mins => ${input.minutes}::int),
        ready_at = CASE WHEN o.pickup_slot_start IS NULL
                        THEN greatest(coalesce(o.ready_at, now()), now()) + make_interval(mins => ${input.minutes}::int) END,
        expires_at = CASE WHEN o.expires_at IS NOT NULL AND o.pickup_slot_end IS NOT NULL
                          THEN greatest(o.expires_at, o.pickup_slot_end + make_interval(mins => ${input.minutes}::int))
                          ELSE o.expires_at END,
        updated_at = now()
      FROM shops s
      WHERE o.shop_id = ${shopId}::uuid AND o.id = ${order.id}::uuid AND s.id = o.shop_id
      RETURNING o.pickup_slot_start AS "pickupSlotStart", o.pickup_slot_end AS "pickupSlotEnd", o.ready_at AS "readyAt",
                o.expires_at AS "expiresAt", s.timezone`,
    );
    const times = row!;
    const when =
      times.pickupSlotStart && times.pickupSlotEnd
        ? `new pickup time ${formatSlot(times.pickupSlotStart, times.pickupSlotEnd, times.timezone)} (${zoneName(times.timezone)})`
        : `ready at about ${formatShopTimeNamed(times.readyAt!, times.timezone)}`;
    const reason = input.reason?.trim() ?? "";
    const note = `Delayed by ${input.minutes} min: ${when}${reason ? `. ${reason}` : ""}`;
    // A note in the history under the same status: not a status change, so the reports are not told.
    await tx.$executeRaw`
      INSERT INTO order_events (shop_id, id, order_id, from_status, to_status, actor_id, actor, note)
      VALUES (${shopId}::uuid, ${uuidv7()}::uuid, ${order.id}::uuid, ${order.status}::"OrderStatus", ${order.status}::"OrderStatus",
              ${actor.userId}::uuid, ${actor.label}, ${note})`;
    await recordEvent(tx, { type: "order.delayed", payload: { orderId: order.id }, shopId });
    return { orderId: order.id, number: order.number, status: order.status, note };
  });
  await publishOrderChange(shopId, { orderId: result.orderId, number: result.number, status: result.status, isNew: false });
  return result;
}
