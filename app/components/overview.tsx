/** The home page's setup steps: what each asks and where it is done. */
export const SETUP_STEPS = {
  products: { label: "Add your first product", hint: "and make it active", path: "products/new" },
  hours: { label: "Set your opening hours", hint: "and where customers collect", path: "locations" },
  selling: { label: "Check your selling settings", hint: "tax, till discounts, delivery", path: "settings#selling" },
  payments: { label: "Connect card payments", hint: "through Stripe", path: "payments" },
  staff: { label: "Invite your staff", hint: "managers and cashiers", path: "staff" },
  sale: { label: "Make a first sale", hint: "at the till or online", path: "pos" },
} as const;

/**
 * Today against the same weekday last week, in whole per cent; null when
 * last week had nothing to compare with.
 */
export function compareSales(today: number, lastWeek: number): number | null {
  if (lastWeek <= 0) return null;
  return Math.round(((today - lastWeek) / lastWeek) * 100);
}
