import { isLocale } from "../i18n";
import { translator, type T } from "./i18n";

/**
 * A `meta` function's translator, in the page's language as the root
 * loader decided it (English when the root has no data, as on an error).
 */
export function metaT(matches: readonly { id: string; data?: unknown }[]): T {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return translator(isLocale(root?.locale) ? root.locale : "en");
}
