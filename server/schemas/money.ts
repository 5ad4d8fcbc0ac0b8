// Building an Intl.NumberFormat costs far more than using one; a page of
// 50 prices would build hundreds. Keep one per currency and locale.
const formats = new Map<string, Intl.NumberFormat>();
function formatFor(currency: string, locale = "en-GB") {
  const key = `${locale}:${currency}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, f);
  }
  return f;
}

/** Money is integer minor units plus the shop's currency (ISO 4217). */
const digitsOf = new Map<string, number>();
export function currencyDigits(currency: string): number {
  let d = digitsOf.get(currency);
  if (d === undefined) {
    d = formatFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, d);
  }
  return d;
}

/**
 * "12.5" or "12,50" in the currency's major unit to minor units (1250).
 * Returns null when the text is not an amount with at most the currency's
 * decimals, so the caller can say what is wrong.
 */
export function toMinor(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const t = text.trim().replace(",", ".");
  const match = /^(\d{1,9})(?:\.(\d*))?$/.exec(t);
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || 0);
}

/** 1250 → "12.50": plain, for forms and CSV files. */
export function fromMinor(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

/** 1250 → "€12.50", for people. */
export function formatMoney(minor: number, currency: string, locale = "en-GB"): string {
  const digits = currencyDigits(currency);
  return formatFor(currency, locale).format(minor / 10 ** digits);
}
