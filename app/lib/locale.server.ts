import { env } from "../../server/env.server";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE } from "../../server/http/locale";
import type { Locale } from "../i18n";

/** The switcher's cookie, plain ("fr"), so the server reads it before any page code runs (server/http/locale.ts). */
export function localeCookie(locale: Locale): string {
  const secure = env.APP_URL.startsWith("https:") ? "; Secure" : "";
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly${secure}`;
}
