import { formatMoney } from "../../server/schemas/money";
import { intlLocale, type Locale } from "./index";
import { translator } from "./web/translate";

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, timeZone: string, kind: "dateTime" | "date" | "day" | "time"): Intl.DateTimeFormat {
  const id = `${locale}|${timeZone}|${kind}`;
  let f = cache.get(id);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "dateTime"
        ? { dateStyle: "medium", timeStyle: "short" }
        : kind === "date"
          ? { dateStyle: "medium" }
          : kind === "day"
            ? { weekday: "short", day: "numeric", month: "short" }
            : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    f = new Intl.DateTimeFormat(intlLocale(locale), { timeZone, ...options });
    cache.set(id, f);
  }
  return f;
}

/**
 * Numbers, money and times as the person's language writes them ("1,40 €",
 * "3 déc. 2026, 14:05" in French; "€1.40", "3 Dec 2026, 14:05" in English).
 * The zone and the currency stay required: a time is always the shop's (or
 * the browser's) zone, an amount always its own currency.
 */
export function formatsFor(locale: Locale) {
  const t = translator(locale);
  const numbers = new Intl.NumberFormat(intlLocale(locale));
  const zoneName = (timeZone: string) =>
    timeZone === "UTC" || timeZone === "Etc/UTC"
      ? t("common.time.utc")
      : t("common.time.zone", { zone: (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ") });
  return {
    locale,
    money: (minor: number, currency: string) => formatMoney(minor, currency, intlLocale(locale)),
    number: (n: number) => numbers.format(n),
    /** "3 Dec 2026, 14:05" in the given zone. */
    dateTime: (date: string | Date, timeZone: string) => dtf(locale, timeZone, "dateTime").format(new Date(date)),
    /** "3 Dec 2026". */
    date: (date: string | Date, timeZone: string) => dtf(locale, timeZone, "date").format(new Date(date)),
    /** "14:05". */
    time: (date: string | Date, timeZone: string) => dtf(locale, timeZone, "time").format(new Date(date)),
    /** "3 Dec 2026, 14:05 (Paris time)", for people who may be elsewhere. */
    dateTimeNamed: (date: string | Date, timeZone: string) => `${dtf(locale, timeZone, "dateTime").format(new Date(date))} (${zoneName(timeZone)})`,
    /** "Thu 3 Dec, 14:00–14:30". */
    slot: (start: string | Date, end: string | Date, timeZone: string) =>
      `${dtf(locale, timeZone, "day").format(new Date(start))}, ${dtf(locale, timeZone, "time").format(new Date(start))}–${dtf(locale, timeZone, "time").format(new Date(end))}`,
    zoneName,
  };
}

export type Formats = ReturnType<typeof formatsFor>;
