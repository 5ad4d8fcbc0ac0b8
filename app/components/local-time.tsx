import { useEffect, useState } from "react";
import { useFormat } from "../lib/i18n";

/** The browser's own zone, or null where there is none to ask (the server). */
function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/**
 * A time of the person's own (a sign-in, a session), where no shop's zone
 * applies: in the zone of the browser looking at it, named ("3 Dec 2026,
 * 15:26 (Paris time)"). The server knows no zone, so its HTML says UTC,
 * named as such; the browser rewrites it once the page runs, so the first
 * paint never disagrees with hydration.
 */
export function LocalTime({ date }: { date: string | Date }) {
  const iso = new Date(date).toISOString();
  const [zone, setZone] = useState("UTC");
  const f = useFormat();
  useEffect(() => {
    const z = browserZone();
    if (z) setZone(z);
  }, []);
  return <time dateTime={iso}>{f.dateTimeNamed(iso, zone)}</time>;
}
