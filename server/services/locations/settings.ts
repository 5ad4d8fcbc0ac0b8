import { DateTime } from "luxon";
import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import type { ExceptionInput, OpeningHoursInput, PauseOrdersInput, PickupSettingsInput, TimeInterval } from "../../schemas/locations";
import { WEEKDAY_KEYS } from "../../schemas/locations";
import { notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import { minuteText, type DayException, type WeeklyInterval } from "./hours";

/** "09:00-12:30, 14:00-19:00": the form's way of writing a day's intervals. */
export function intervalsText(intervals: TimeInterval[]): string {
  return intervals.map((i) => `${minuteText(i.opensMinute)}-${minuteText(i.closesMinute)}`).join(", ");
}

async function ownLocation(tx: ShopTx, locationId: string) {
  const found = await tx.location.findFirst({ where: { id: locationId }, select: { id: true } });
  if (!found) throw notFound("Location");
}

/** A location's hours and exceptions as the engine reads them (exceptions from yesterday on). */
export async function hoursOf(tx: ShopTx, locationIds: string[], zone: string, now = new Date()) {
  const from = new Date(`${DateTime.fromJSDate(now, { zone }).minus({ days: 1 }).toISODate()}T00:00:00Z`);
  const [week, exceptions] = [
    await tx.locationHours.findMany({
      where: { locationId: { in: locationIds } },
      select: { locationId: true, weekday: true, opensMinute: true, closesMinute: true },
    }),
    await tx.locationException.findMany({
      where: { locationId: { in: locationIds }, day: { gte: from } },
      select: { locationId: true, day: true, opensMinute: true, closesMinute: true },
      orderBy: { day: "asc" },
      take: 2000,
    }),
  ];
  const byLocation = new Map<string, { week: WeeklyInterval[]; exceptions: DayException[] }>(locationIds.map((id) => [id, { week: [], exceptions: [] }]));
  for (const w of week) byLocation.get(w.locationId)?.week.push(w);
  for (const e of exceptions) byLocation.get(e.locationId)?.exceptions.push({ ...e, day: e.day.toISOString().slice(0, 10) });
  return byLocation;
}

/** The location's settings page: hours per weekday as text, upcoming exceptions, pickup settings. */
export function locationSettings(shopId: string, locationId: string, zone: string) {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({
      where: { id: locationId },
      select: {
        id: true,
        name: true,
        addressLine1: true,
        city: true,
        pickupPoint: true,
        publicName: true,
        pickupPrepMinutes: true,
        pickupSlotMinutes: true,
        pickupSlotCapacity: true,
        ordersPausedUntil: true,
        ordersPausedNote: true,
      },
    });
    if (!location) throw notFound("Location");
    const week = await tx.locationHours.findMany({ where: { locationId }, orderBy: [{ weekday: "asc" }, { opensMinute: "asc" }], take: 100 });
    const today = new Date(`${DateTime.now().setZone(zone).toISODate()}T00:00:00Z`);
    const exceptions = await tx.locationException.findMany({
      where: { locationId, day: { gte: today } },
      orderBy: [{ day: "asc" }, { opensMinute: "asc" }],
      take: 200,
    });
    const days = new Map<string, { day: string; closed: boolean; hours: TimeInterval[]; note: string }>();
    for (const e of exceptions) {
      const day = e.day.toISOString().slice(0, 10);
      const entry = days.get(day) ?? { day, closed: false, hours: [], note: e.note };
      if (e.opensMinute === null || e.closesMinute === null) entry.closed = true;
      else entry.hours.push({ opensMinute: e.opensMinute, closesMinute: e.closesMinute });
      days.set(day, entry);
    }
    return {
      location,
      timezone: zone,
      hours: Object.fromEntries(
        WEEKDAY_KEYS.map((k, i) => [
          k,
          intervalsText(week.filter((w) => w.weekday === i + 1).map((w) => ({ opensMinute: w.opensMinute, closesMinute: w.closesMinute }))),
        ]),
      ) as Record<(typeof WEEKDAY_KEYS)[number], string>,
      exceptions: [...days.values()].map((d) => ({ day: d.day, closed: d.closed, hours: intervalsText(d.hours), note: d.note })),
    };
  });
}

/** Replaces the location's week (the whole form is the week). */
export function setOpeningHours(shopId: string, input: OpeningHoursInput) {
  return inShop(shopId, async (tx) => {
    await ownLocation(tx, input.locationId);
    await tx.locationHours.deleteMany({ where: { locationId: input.locationId } });
    const rows = WEEKDAY_KEYS.flatMap((k, i) => input.hours[k].map((h) => ({ shopId, locationId: input.locationId, weekday: i + 1, ...h })));
    if (rows.length) await tx.locationHours.createMany({ data: rows });
    await recordEvent(tx, { type: "location.changed", payload: { locationId: input.locationId }, shopId });
    return { intervals: rows.length };
  });
}

/** One date's exception: replaces what that date had. No hours: closed all day. */
export function setException(shopId: string, input: ExceptionInput) {
  return inShop(shopId, async (tx) => {
    await ownLocation(tx, input.locationId);
    const day = new Date(`${input.day}T00:00:00Z`);
    await tx.locationException.deleteMany({ where: { locationId: input.locationId, day } });
    const rows = input.hours.length
      ? input.hours.map((h) => ({ shopId, locationId: input.locationId, day, note: input.note, ...h }))
      : [{ shopId, locationId: input.locationId, day, note: input.note, opensMinute: null, closesMinute: null }];
    await tx.locationException.createMany({ data: rows });
    await recordEvent(tx, { type: "location.changed", payload: { locationId: input.locationId }, shopId });
    return { day: input.day, closed: input.hours.length === 0 };
  });
}

export function removeException(shopId: string, input: { locationId: string; day: string }) {
  return inShop(shopId, async (tx) => {
    await ownLocation(tx, input.locationId);
    const { count } = await tx.locationException.deleteMany({ where: { locationId: input.locationId, day: new Date(`${input.day}T00:00:00Z`) } });
    if (!count) throw notFound("Exception");
    await recordEvent(tx, { type: "location.changed", payload: { locationId: input.locationId }, shopId });
    return { day: input.day };
  });
}

export function setPickupSettings(shopId: string, input: PickupSettingsInput) {
  return inShop(shopId, async (tx) => {
    await ownLocation(tx, input.locationId);
    const saved = await tx.location.update({
      where: { shopId_id: { shopId, id: input.locationId } },
      data: {
        pickupPoint: input.pickupPoint,
        publicName: input.publicName,
        pickupPrepMinutes: input.prepMinutes,
        pickupSlotMinutes: input.slotMinutes,
        pickupSlotCapacity: input.slotCapacity,
      },
      select: { id: true, name: true },
    });
    await recordEvent(tx, { type: "location.changed", payload: { locationId: input.locationId }, shopId });
    return saved;
  });
}

/**
 * Pauses online orders at a location until a time: for some minutes, or to
 * the end of the shop's day. The checkout reads the location's row with FOR
 * SHARE, so an order being placed as the pause is saved either finishes
 * first or sees the pause: none slips through after it.
 */
export async function pauseOnlineOrders(shopId: string, input: PauseOrdersInput, zone: string, now = new Date()) {
  const until = input.untilEndOfDay
    ? DateTime.fromJSDate(now).setZone(zone).endOf("day").plus({ milliseconds: 1 }).toJSDate()
    : new Date(now.getTime() + input.minutes! * 60_000);
  return inShop(shopId, async (tx) => {
    const updated = await tx.location.updateMany({
      where: { id: input.locationId },
      data: { ordersPausedUntil: until, ordersPausedNote: input.note ?? "" },
    });
    if (updated.count === 0) throw notFound("Location");
    await recordEvent(tx, { type: "location.changed", payload: { locationId: input.locationId }, shopId });
    return { until };
  });
}

/** Takes online orders at the location again, at once. */
export async function resumeOnlineOrders(shopId: string, locationId: string) {
  return inShop(shopId, async (tx) => {
    const updated = await tx.location.updateMany({ where: { id: locationId }, data: { ordersPausedUntil: null, ordersPausedNote: "" } });
    if (updated.count === 0) throw notFound("Location");
    await recordEvent(tx, { type: "location.changed", payload: { locationId }, shopId });
    return { resumed: true as const };
  });
}
