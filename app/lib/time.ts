/**
 * The one way a time reaches a person: in the shop's time zone, in one
 * format ("2 Dec 2026, 14:05"). The zone is required on purpose: a
 * forgotten zone used to show UTC (or the server's zone) an hour off.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, dateOnly: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${dateOnly ? "d" : "dt"}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", dateOnly ? { timeZone, dateStyle: "medium" } : { timeZone, dateStyle: "medium", timeStyle: "short" });
    formats.set(key, f);
  }
  return f;
}

/** "2 Dec 2026, 14:05" in the shop's zone. */
export function formatShopTime(date: string | Date, timeZone: string): string {
  return formatter(timeZone, false).format(new Date(date));
}

/** "2 Dec 2026" in the shop's zone: for days (an invitation's expiry, a shop's start). */
export function formatShopDate(date: string | Date, timeZone: string): string {
  return formatter(timeZone, true).format(new Date(date));
}

/** "Paris time" for Europe/Paris, "UTC" for UTC: a zone named for people outside the shop. */
export function zoneName(timeZone: string): string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return "UTC";
  return `${(timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ")} time`;
}

/** "2 Dec 2026, 14:05 (Paris time)": for customers, who may not be in the shop's zone. */
export function formatShopTimeNamed(date: string | Date, timeZone: string): string {
  return `${formatShopTime(date, timeZone)} (${zoneName(timeZone)})`;
}

const slotFormats = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

/** A pickup slot, "Wed 2 Dec, 14:00–14:30", in the shop's zone (24-hour). */
export function formatSlot(start: string | Date, end: string | Date, timeZone: string): string {
  let f = slotFormats.get(timeZone);
  if (!f) {
    f = {
      day: new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" }),
      time: new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
    };
    slotFormats.set(timeZone, f);
  }
  return `${f.day.format(new Date(start))}, ${f.time.format(new Date(start))}–${f.time.format(new Date(end))}`;
}
