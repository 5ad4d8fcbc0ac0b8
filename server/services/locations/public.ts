import { z } from "zod";
import { DateTime } from "luxon";
import { reads } from "../../db/replica.server";
import { parseRows } from "../../db/rows";
import type { ShopTx } from "../../db/tenancy";
import { hoursOf } from "./settings";
import { joinIntervals, openIntervals, openState, openStatus, type DayException, type OpenState, type Interval, type WeeklyInterval } from "./hours";

/**
 * What customers see of a shop's locations: only its pickup points, by
 * their public name, each with "Open now · closes at 19:00". Internal
 * locations (a back room) are never returned here.
 */
export async function pickupPlaces(tx: ShopTx, zone: string, now = new Date()) {
  const places = await tx.location.findMany({
    where: { pickupPoint: true },
    select: {
      id: true,
      name: true,
      publicName: true,
      addressLine1: true,
      city: true,
      postalCode: true,
      country: true,
      latitude: true,
      longitude: true,
      ordersPausedUntil: true,
      ordersPausedNote: true,
    },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    take: 200,
  });
  const hours = await hoursOf(
    tx,
    places.map((p) => p.id),
    zone,
    now,
  );
  return places.map(({ publicName, ordersPausedUntil, ordersPausedNote, ...p }) => {
    const h = hours.get(p.id)!;
    const paused = ordersPausedUntil && ordersPausedUntil > now ? { until: ordersPausedUntil, note: ordersPausedNote } : null;
    const intervals = openIntervals(h.week, h.exceptions, zone, now);
    return {
      ...p,
      name: publicName ?? p.name,
      hasHours: h.week.length > 0 || h.exceptions.length > 0,
      open: h.week.length || h.exceptions.length ? openState(openStatus(intervals, now), now, zone) : null,
      /** Online orders paused here until then (staff's note beside it). */
      paused,
    };
  });
}

const HoursRow = z.object({
  shop_id: z.string(),
  timezone: z.string(),
  location_id: z.string(),
  weekday: z.number().nullable(),
  day: z.date().nullable(),
  opens_minute: z.number().nullable(),
  closes_minute: z.number().nullable(),
});

/**
 * "Open now · closes at 19:00" for many shops at once (shop cards): open
 * when any pickup point is. A shop with no hours set gets null (nothing
 * said, rather than "Closed").
 */
export async function shopsOpen(shopIds: string[], now = new Date()): Promise<Map<string, OpenState>> {
  if (!shopIds.length) return new Map();
  const from = DateTime.fromJSDate(now, { zone: "UTC" }).minus({ days: 2 }).toISODate();
  const rows = parseRows(HoursRow, await reads().baseDb.$queryRaw`SELECT * FROM public_opening_hours(${shopIds.slice(0, 250)}::uuid[], ${from}::date)`);
  const byShop = new Map<string, { zone: string; locations: Map<string, { week: WeeklyInterval[]; exceptions: DayException[] }> }>();
  for (const r of rows) {
    const shop = byShop.get(r.shop_id) ?? { zone: r.timezone, locations: new Map() };
    byShop.set(r.shop_id, shop);
    const loc = shop.locations.get(r.location_id) ?? { week: [], exceptions: [] };
    shop.locations.set(r.location_id, loc);
    if (r.weekday !== null) loc.week.push({ weekday: r.weekday, opensMinute: r.opens_minute!, closesMinute: r.closes_minute! });
    else if (r.day) loc.exceptions.push({ day: r.day.toISOString().slice(0, 10), opensMinute: r.opens_minute, closesMinute: r.closes_minute });
  }
  const out = new Map<string, OpenState>();
  for (const [shopId, shop] of byShop) {
    const all: Interval[] = [];
    for (const loc of shop.locations.values()) all.push(...openIntervals(loc.week, loc.exceptions, shop.zone, now));
    out.set(shopId, openState(openStatus(joinIntervals(all), now), now, shop.zone));
  }
  return out;
}
