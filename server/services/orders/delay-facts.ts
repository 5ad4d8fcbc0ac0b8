import { slotIn, timeIn, type Locale } from "../../../app/i18n";

/**
 * The history's delay note reads "Delayed by 20 min: new pickup time Thu 3
 * Dec, 14:00–14:30 (Paris time). Oven broke" (delay.ts): the time part
 * always ends with the zone in brackets, so the reason staff typed, if any,
 * is what follows ")." Customers get the time from the order itself, in
 * their language; only the reason is taken from the note, as written.
 */
export function delayReason(note: string): string | null {
  const m = /^Delayed by \d+ min: [^]*?\)\. ([^]+)$/.exec(note);
  return m?.[1]?.trim() || null;
}

/** The order's new pickup slot, or the time it will be ready, in the shop's zone and the message's language. */
export function delayWhen(
  locale: Locale,
  o: { pickupSlotStart: Date | null; pickupSlotEnd: Date | null; readyAt: Date | null },
  timeZone: string,
): { kind: "slot" | "time"; when: string } {
  if (o.pickupSlotStart && o.pickupSlotEnd) return { kind: "slot", when: slotIn(locale, o.pickupSlotStart, o.pickupSlotEnd, timeZone) };
  return { kind: "time", when: timeIn(locale, o.readyAt ?? new Date(), timeZone) };
}
