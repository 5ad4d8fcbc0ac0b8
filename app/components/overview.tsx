import type { WebKey } from "../lib/i18n";

/** The home page's setup steps: what each asks (catalogue keys) and where it is done. */
export const SETUP_STEPS: Record<"products" | "hours" | "selling" | "payments" | "staff" | "sale", { label: WebKey; hint: WebKey; path: string }> = {
  products: { label: "office.setup.products", hint: "office.setup.productsHint", path: "products/new" },
  hours: { label: "office.setup.hours", hint: "office.setup.hoursHint", path: "locations" },
  selling: { label: "office.setup.selling", hint: "office.setup.sellingHint", path: "settings#selling" },
  payments: { label: "office.setup.payments", hint: "office.setup.paymentsHint", path: "payments" },
  staff: { label: "office.setup.staff", hint: "office.setup.staffHint", path: "staff" },
  sale: { label: "office.setup.sale", hint: "office.setup.saleHint", path: "pos" },
};

/**
 * Today against the same weekday last week, in whole per cent; null when
 * last week had nothing to compare with.
 */
export function compareSales(today: number, lastWeek: number): number | null {
  if (lastWeek <= 0) return null;
  return Math.round(((today - lastWeek) / lastWeek) * 100);
}
