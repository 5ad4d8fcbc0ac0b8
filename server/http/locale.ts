import { localeFromAcceptLanguage, type Locale } from "../../app/i18n";
import { cookieValue } from "./cookie-value";

/** The switcher's cookie: the language a visitor picked, signed in or not (a year). */
export const LOCALE_COOKIE = "nearshop_lang";
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * The language a request is answered in: the account's choice, else the
 * switcher's cookie, else the browser's Accept-Language, else null (the
 * caller's default: English for pages, the shop's language for messages).
 */
export function requestLocale(cookieHeader: string, acceptLanguage: string | undefined, user: { locale: Locale | null } | null): Locale | null {
  if (user?.locale) return user.locale;
  const picked = cookieValue(cookieHeader, LOCALE_COOKIE, /^(en|fr)$/);
  if (picked === "en" || picked === "fr") return picked;
  return localeFromAcceptLanguage(acceptLanguage);
}
