import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { isLocale, type Locale } from "../i18n";
import { formatsFor, type Formats } from "../i18n/format";
import { translator, type T } from "../i18n/web/translate";

export { translator, type T } from "../i18n/web/translate";
export { formatsFor, type Formats } from "../i18n/format";
export type { WebKey } from "../i18n/web";

/**
 * The page's language, from the root loader (server/http/locale.ts decides
 * it). On an error page whose root data is missing, the <html lang> the
 * server wrote, else English.
 */
export function useLocale(): Locale {
  const root = useRouteLoaderData<{ locale?: string }>("root");
  if (isLocale(root?.locale)) return root.locale;
  if (typeof document !== "undefined" && isLocale(document.documentElement.lang)) return document.documentElement.lang;
  return "en";
}

/** `t("key", values)` in the page's language; `t.rich(...)` for sentences with links. */
export function useT(): T {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}

const formatsCache = new Map<Locale, Formats>();
/** The page language's formats (see formatsFor). */
export function useFormat(): Formats {
  const locale = useLocale();
  let f = formatsCache.get(locale);
  if (!f) formatsCache.set(locale, (f = formatsFor(locale)));
  return f;
}
