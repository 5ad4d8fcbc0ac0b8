import { z } from "zod";
import { Prisma } from "../../db/generated/client.ts";
import { parseRows } from "../../db/rows";
import type { ShopTx } from "../../db/tenancy";
import { fieldError } from "../errors";
import { openIntervals, pickupSlots, type Slot } from "./hours";
import { hoursOf } from "./settings";

/** How many upcoming slots checkout offers per pickup point. */
export const OFFERED_SLOTS = 24;
/** How far ahead slots are made (days). */
const DAYS_AHEAD = 8;

export type PickupPoint = { id: string; name: string; pickupPrepMinutes: number; pickupSlotMinutes: number; pickupSlotCapacity: number };

/** Orders in each slot, cancelled ones not counted (their place is free again). */
async function takenPlaces(tx: ShopTx, shopId: string, locationId: string, starts: Date[]) {
  if (!starts.length) return new Map<number, number>();
  const rows = parseRows(
    z.object({ start: z.date(), taken: z.number() }),
    await tx.$queryRaw`
      SELECT pickup_slot_start AS start, count(*)::int AS taken
      FROM orders
      WHERE shop_id = ${shopId}::uuid AND location_id = ${locationId}::uuid
        AND pickup_slot_start = ANY(${starts}::timestamptz[]) AND status <> 'cancelled'
      GROUP BY pickup_slot_start`,
  );
  return new Map(rows.map((r) => [r.start.getTime(), r.taken]));
}

/** The slots the location's hours make from now on (none when it has no hours). */
async function slotsFromHours(tx: ShopTx, point: PickupPoint, zone: string, now: Date, limit: number) {
  const hours = (await hoursOf(tx, [point.id], zone, now)).get(point.id)!;
  const intervals = openIntervals(hours.week, hours.exceptions, zone, now, DAYS_AHEAD);
  return {
    hasHours: hours.week.length > 0 || hours.exceptions.length > 0,
    slots: pickupSlots(intervals, now, { prepMinutes: point.pickupPrepMinutes, slotMinutes: point.pickupSlotMinutes }, limit),
  };
}

/** What checkout offers at a pickup point: the next slots with a place left (full ones are not offered). */
export async function offeredSlots(tx: ShopTx, shopId: string, point: PickupPoint, zone: string, now = new Date()) {
  const { hasHours, slots } = await slotsFromHours(tx, point, zone, now, OFFERED_SLOTS * 4);
  const taken = await takenPlaces(
    tx,
    shopId,
    point.id,
    slots.map((s) => s.start),
  );
  const open = slots
    .map((s) => ({ ...s, left: point.pickupSlotCapacity - (taken.get(s.start.getTime()) ?? 0) }))
    .filter((s) => s.left > 0)
    .slice(0, OFFERED_SLOTS);
  return { hasHours, slots: open };
}

/**
 * Takes a place in the chosen slot for an order being placed in this
 * transaction, or refuses. Orders for one slot queue on a transaction-level
 * advisory lock, so the count read after it includes every order committed
 * before: two customers racing for the last place, one gets it, the other
 * is told to choose another time. Returns null when the location has no
 * hours (no slots: the order is placed without one, as before).
 */
export async function bookSlot(
  tx: ShopTx,
  shopId: string,
  point: PickupPoint,
  zone: string,
  chosen: string | undefined,
  now = new Date(),
): Promise<Slot | null> {
  const { hasHours, slots } = await slotsFromHours(tx, point, zone, now, 500);
  if (!hasHours) return null;
  if (!chosen) throw fieldError("pickupSlot", `Choose a pickup time at ${point.name}`);
  const at = new Date(chosen).getTime();
  const slot = slots.find((s) => s.start.getTime() === at);
  if (!slot) throw fieldError("pickupSlot", `That pickup time is not offered at ${point.name} any more: choose another`);
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`pickup-slot:${point.id}:${slot.start.toISOString()}`}, 0))`);
  const taken = (await takenPlaces(tx, shopId, point.id, [slot.start])).get(at) ?? 0;
  if (taken >= point.pickupSlotCapacity) throw fieldError("pickupSlot", "That pickup time has just filled up: choose another");
  return slot;
}
