import { useRouteLoaderData } from "@remix-run/react";
import { useCallback } from "react";
import type { loader as shopLoader } from "../routes/shop.$slug";
import { formatMoney } from "../../server/schemas/money";
import { intlLocale } from "../i18n";
import { useLocale } from "./i18n";

/**
 * The one way an amount reaches a person: `formatMoney(minor, currency)`
 * (server/schemas/money.ts), whose currency is required on purpose, like
 * formatShopTime's zone. Pages under /shop/<slug> take the shop's currency
 * from its layout; no fallback currency: a missing one is a bug, not euros.
 */
export function useShopCurrency(): string {
  const currency = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.shop.currency;
  if (!currency) throw new Error("useShopCurrency is only for pages under /shop/<slug>");
  return currency;
}

/** `money(1250)` → "€12.50" (English) or "12,50 €" (French) in the shop's currency, for pages under /shop/<slug>. */
export function useShopMoney(): (minor: number) => string {
  const currency = useShopCurrency();
  const locale = intlLocale(useLocale());
  return useCallback((minor: number) => formatMoney(minor, currency, locale), [currency, locale]);
}

export { formatMoney, fromMinor } from "../../server/schemas/money";
