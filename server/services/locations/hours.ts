import { DateTime } from "luxon";

/**
 * Opening hours as data plus pure functions (no database): a week of
 * intervals, dates that differ, and what they mean at a given instant in
 * the shop's zone. Times of day are minutes after local midnight; a close
 * before the open ends the next day (overnight); 1440 is midnight at the
 * end of the day. Zone math (DST days included) is luxon's.
 */
export type WeeklyInterval = { weekday: number; opensMinute: number; closesMinute: number };
/** day: "YYYY-MM-DD" in the shop's zone; no times: closed all day. */
export type DayException = { day: string; opensMinute: number | null; closesMinute: number | null };
export type Interval = { start: DateTime; end: DateTime };

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "09:00" for 540; "24:00" for 1440. */
export function minuteText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** A local wall-clock time on a date; a time skipped by a DST change moves forward (luxon's rule). */
function at(date: DateTime, minute: number): DateTime {
  const day = minute >= 1440 ? date.plus({ days: 1 }) : date;
  const m = minute % 1440;
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(m / 60), minute: m % 60 }, { zone: date.zone });
}

function interval(date: DateTime, opens: number, closes: number): Interval {
  const start = at(date, opens);
  const end = closes > opens ? at(date, closes) : at(date.plus({ days: 1 }), closes);
  return { start, end };
}

/** The intervals of one local date: its exception if it has one, else its weekday's. */
export function intervalsOn(date: DateTime, week: WeeklyInterval[], exceptions: DayException[]): Interval[] {
  const iso = date.toISODate();
  const special = exceptions.filter((e) => e.day === iso);
  if (special.length) {
    if (special.some((e) => e.opensMinute === null || e.closesMinute === null)) return [];
    return special.map((e) => interval(date, e.opensMinute!, e.closesMinute!)).sort((a, b) => a.start.toMillis() - b.start.toMillis());
  }
  return week
    .filter((w) => w.weekday === date.weekday)
    .map((w) => interval(date, w.opensMinute, w.closesMinute))
    .sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

/**
 * Open intervals touching [from, from + days], in order, with touching or
 * overlapping ones joined (Friday 22:00–24:00 and Saturday 00:00–02:00 are
 * one night). Starts the day before, for an overnight interval still open.
 */
export function openIntervals(week: WeeklyInterval[], exceptions: DayException[], zone: string, from: Date, days = 8): Interval[] {
  const first = DateTime.fromJSDate(from, { zone }).startOf("day").minus({ days: 1 });
  const all: Interval[] = [];
  for (let i = 0; i <= days + 1; i++) all.push(...intervalsOn(first.plus({ days: i }), week, exceptions));
  return joinIntervals(all).filter((i) => i.end.toMillis() > from.getTime());
}

/** Intervals in order, touching or overlapping ones joined into one. */
export function joinIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start.toMillis() - b.start.toMillis());
  const joined: Interval[] = [];
  for (const next of sorted) {
    const last = joined[joined.length - 1];
    if (last && next.start.toMillis() <= last.end.toMillis()) {
      if (next.end > last.end) last.end = next.end;
    } else {
      joined.push({ ...next });
    }
  }
  return joined;
}

export type OpenStatus = { open: true; closesAt: DateTime } | { open: false; opensAt: DateTime | null };

/** Open or closed at `now`, and until when. */
export function openStatus(intervals: Interval[], now: Date): OpenStatus {
  const t = now.getTime();
  const current = intervals.find((i) => i.start.toMillis() <= t && t < i.end.toMillis());
  if (current) return { open: true, closesAt: current.end };
  const next = intervals.find((i) => i.start.toMillis() > t);
  return { open: false, opensAt: next?.start ?? null };
}

/**
 * Open or closed, as data the page words in its language (issue 26): open
 * until `at`; or closed, opening at `at` in `days` days (0 today, 1
 * tomorrow), or never in the coming days (`at` null); times in `zone`.
 */
export type OpenState = ({ open: true; at: string } | { open: false; at: string | null; days: number | null }) & { zone: string };

export function openState(status: OpenStatus, now: Date, zone: string): OpenState {
  if (status.open) return { open: true, at: status.closesAt.toUTC().toISO()!, zone };
  if (!status.opensAt) return { open: false, at: null, days: null, zone };
  const opens = status.opensAt.setZone(zone);
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  return { open: false, at: opens.toUTC().toISO()!, days: Math.round(opens.startOf("day").diff(today, "days").days), zone };
}

/** "Open now · closes at 19:00", "Closed · opens tomorrow 09:00", "Closed · opens Monday 09:00". */
export function openStatusText(status: OpenStatus, now: Date, zone: string): string {
  if (status.open) return `Open now · closes at ${status.closesAt.setZone(zone).toFormat("HH:mm")}`;
  if (!status.opensAt) return "Closed";
  const opens = status.opensAt.setZone(zone);
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const days = Math.round(opens.startOf("day").diff(today, "days").days);
  const when = days === 0 ? "at" : days === 1 ? "tomorrow" : days < 7 ? opens.setLocale("en-GB").toFormat("cccc") : opens.setLocale("en-GB").toFormat("d LLL");
  return `Closed · opens ${when} ${opens.toFormat("HH:mm")}`;
}

export type Slot = { start: Date; end: Date };

/**
 * Pickup slots: back to back from each open interval's start, each ending
 * by its close, none starting before now + preparation time; at most
 * `limit`.
 */
export function pickupSlots(intervals: Interval[], now: Date, settings: { prepMinutes: number; slotMinutes: number }, limit = 48): Slot[] {
  const earliest = now.getTime() + settings.prepMinutes * 60_000;
  const out: Slot[] = [];
  for (const i of intervals) {
    for (let start = i.start; start.plus({ minutes: settings.slotMinutes }) <= i.end; start = start.plus({ minutes: settings.slotMinutes })) {
      if (start.toMillis() < earliest) continue;
      out.push({ start: start.toJSDate(), end: start.plus({ minutes: settings.slotMinutes }).toJSDate() });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
