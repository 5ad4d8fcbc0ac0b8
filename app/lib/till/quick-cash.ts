import { currencyDigits } from "../../../server/schemas/money";

/**
 * The banknotes a customer hands over, in the currency's major unit: the
 * common notes of the currencies shops here use, and for any other the
 * 5-10-20-50-100 most currencies print. Coins are not offered: "Exact"
 * covers an amount paid to the cent.
 */
const NOTES: Record<string, number[]> = {
  EUR: [5, 10, 20, 50, 100, 200],
  GBP: [5, 10, 20, 50],
  USD: [1, 5, 10, 20, 50, 100],
  CAD: [5, 10, 20, 50, 100],
  AUD: [5, 10, 20, 50, 100],
  CHF: [10, 20, 50, 100, 200],
  JPY: [1000, 5000, 10000],
};
const DEFAULT_NOTES = [5, 10, 20, 50, 100];

/**
 * The cash a customer is likely to hand over for `due` (minor units):
 * the exact amount, then the next notes above it, at most `notes` of them
 * (a note equal to the amount is the exact amount, not offered twice).
 * Nothing when no cash is due.
 */
export function quickCash(due: number, currency: string, notes = 4): { label: "Exact" | "note"; amount: number }[] {
  if (!Number.isSafeInteger(due) || due <= 0) return [];
  const unit = 10 ** currencyDigits(currency);
  const above = (NOTES[currency.toUpperCase()] ?? DEFAULT_NOTES)
    .map((n) => n * unit)
    .filter((n) => n > due)
    .slice(0, notes);
  return [{ label: "Exact" as const, amount: due }, ...above.map((amount) => ({ label: "note" as const, amount }))];
}
