import { IntlMessageFormat } from "intl-messageformat";
import { formatMoney } from "../../server/schemas/money";
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export type { MessageKey } from "./en";
export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** The BCP 47 tag `Intl` formats with: British English (day before month, 24-hour), French of France. */
export const intlLocale = (locale: Locale): string => (locale === "fr" ? "fr-FR" : "en-GB");

const compiled = new Map<string, IntlMessageFormat>();

/**
 * One message, whole, in one language. Values are formatted by the caller
 * (money, times: the helpers below, with the shop's zone and currency), so
 * only counts (`plural`) and choices (`select`) are done by the message.
 */
export function t(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  const id = `${locale}\u0000${key}`;
  let message = compiled.get(id);
  if (!message) {
    message = new IntlMessageFormat(catalogs[locale][key], intlLocale(locale), undefined, { ignoreTag: true });
    compiled.set(id, message);
  }
  const out = message.format<string>(values);
  return Array.isArray(out) ? out.join("") : String(out);
}

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

/**
 * The language a customer's message goes out in: theirs when the order
 * recorded one, else the shop's.
 */
export function messageLocale(o: { locale?: string | null; shopLanguage: string }): Locale {
  if (isLocale(o.locale)) return o.locale;
  return isLocale(o.shopLanguage) ? o.shopLanguage : "en";
}

/** "1,40 €" in French, "€1.40" in English: minor units of the order's currency. */
export const moneyIn = (locale: Locale, minor: number, currency: string) => formatMoney(minor, currency, intlLocale(locale));

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, timeZone: string, kind: "time" | "dateTime" | "slot"): Intl.DateTimeFormat {
  const id = `${locale}|${timeZone}|${kind}`;
  let f = dateFormats.get(id);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "time"
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
        : kind === "slot"
          ? { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
          : { dateStyle: "long", timeStyle: "short" };
    f = new Intl.DateTimeFormat(intlLocale(locale), { timeZone, ...options });
    dateFormats.set(id, f);
  }
  return f;
}

/** "14:30" in the shop's zone (24-hour in both languages). */
export const timeIn = (locale: Locale, date: Date, timeZone: string) => dtf(locale, timeZone, "time").format(date);
/** "3 December 2026 at 14:05" / "3 décembre 2026 à 14:05" in the shop's zone. */
export const dateTimeIn = (locale: Locale, date: Date, timeZone: string) => dtf(locale, timeZone, "dateTime").format(date);
/** "Thu 3 Dec, 14:00–14:30" / "jeu. 3 déc., 14:00–14:30" in the shop's zone. */
export const slotIn = (locale: Locale, start: Date, end: Date, timeZone: string) => dtf(locale, timeZone, "slot").formatRange(start, end);

/** The first of French or English the browser asks for (Accept-Language, by weight), or null. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .slice(0, 500)
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? "1",
      );
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((x) => x.lang).find(isLocale) ?? null;
}

/**
 * The language a person's own emails and notices are in: their account's
 * (set at sign-up or by the switcher), else the one their pages were last
 * shown in, else their shop's, else English.
 */
export function personLocale(user: { locale?: string | null; lastLocale?: string | null } | null | undefined, shopLanguage?: string | null): Locale {
  if (isLocale(user?.locale)) return user.locale;
  if (isLocale(user?.lastLocale)) return user.lastLocale;
  return isLocale(shopLanguage) ? shopLanguage : "en";
}
