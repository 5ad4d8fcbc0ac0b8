import { PRICE_BANDS } from "../../server/schemas/search";
import { currencyDigits } from "../../server/schemas/money";
import { intlLocale, type Locale } from "../i18n";
import { translate } from "../i18n/web/translate";

/**
 * Facet words as people read them (issue 26): "Colour: red" rather than
 * the stored "Colour:Red", and price bands with the currency's symbol placed
 * by Intl.NumberFormat ("Under €10", "€10 – €25").
 */

/**
 * "Colour:Red" → "Colour: red" ("Colour : red" in French, whose colon takes
 * a no-break space before it); sizes and codes ("Size:M", "Size:XL") keep
 * their capitals. The name and value are the shop's words, left as written.
 */
export function attributeLabel(value: string, locale: Locale = "en"): string {
  const at = value.indexOf(":");
  if (at <= 0) return value;
  const name = value.slice(0, at).trim();
  const raw = value.slice(at + 1).trim();
  // A capitalised ordinary word ("Red", "Dark blue") reads lower case after the name; "M", "XL", "iPhone" stay.
  const shown = /^\p{Lu}[\p{Ll}\s'-]+$/u.test(raw) ? raw.toLowerCase() : raw;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}${locale === "fr" ? "\u00a0:" : ":"} ${shown}`;
}

const wholeFormats = new Map<string, Intl.NumberFormat>();
function wholeAmount(minor: number, currency: string, locale: string): string {
  const key = `${locale}:${currency}`;
  let f = wholeFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    wholeFormats.set(key, f);
  }
  return f.format(minor / 10 ** currencyDigits(currency));
}

/**
 * A price band's words in the results' currency and the page's language:
 * "Under €10", "€10 – €25", "€100 and more" ("Moins de 10 €", "10 € – 25 €",
 * "100 € et plus"). Without one currency (results spanning currencies) the
 * bare numbers ("Under 10", "10 – 25").
 */
export function priceBandLabel(id: string, currency: string | null, locale: Locale = "en"): string {
  const band = PRICE_BANDS.find((b) => b.id === id);
  if (!band) return id;
  const numbers = new Intl.NumberFormat(intlLocale(locale));
  const money = (minor: number) => (currency ? wholeAmount(minor, currency, intlLocale(locale)) : numbers.format(minor / 100));
  if (band.min === 0) return translate(locale, "store.facets.priceUnder", { amount: money(band.max) });
  if (band.max === Number.MAX_SAFE_INTEGER) return translate(locale, "store.facets.priceAndMore", { amount: money(band.min) });
  return `${money(band.min)} – ${money(band.max)}`;
}

/** The one currency every hit is priced in, or null when there are none or several. */
export function soleCurrency(hits: { currency: string }[]): string | null {
  const all = new Set(hits.map((h) => h.currency));
  return all.size === 1 ? [...all][0]! : null;
}
