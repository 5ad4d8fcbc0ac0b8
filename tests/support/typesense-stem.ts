// Stemming as the Typesense stand-in models it: a field with `"stem": true`
// has its words (and a query's words, when searched in it) reduced by the
// Snowball stemmer of its locale on the real server. These are small suffix
// rules, enough for the conformance cases (plurals, French -e/-er, English
// -s/-ing/-ed), not Snowball: the PostgreSQL engine uses PostgreSQL's real
// stemmers, and a real Typesense server is checked with TYPESENSE_URL.
import { tokens } from "./typesense-filter";

/** The locales the stand-in knows (Typesense accepts more); "" and "en" are the default tokenizer. */
export const LOCALES = new Set(["", "en", "fr", "de", "es", "it", "pt", "nl"]);

function stemFrench(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith("eaux")) s = s.slice(0, -1);
  else if (s.length > 3 && /[sx]$/.test(s)) s = s.slice(0, -1);
  if (s.length > 4 && /(er|ez)$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && /(ée|é)$/.test(s)) s = s.replace(/ée?$/, "");
  else if (s.length > 3 && s.endsWith("e")) s = s.slice(0, -1);
  return s;
}

function stemEnglish(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith("ies")) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith("sses")) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us")) s = s.slice(0, -1);
  const verb = /^(.*[aeiouy].*?)(ing|ed)$/.exec(s);
  if (verb && (verb[1] as string).length >= 2) {
    s = verb[1] as string;
    if (/([bdfgmnprt])\1$/.test(s)) s = s.slice(0, -1);
  }
  return s;
}

export function stem(word: string, locale: string | undefined): string {
  return locale === "fr" ? stemFrench(word) : stemEnglish(word);
}

/**
 * A field's words as the server indexes them: the default (English) locale
 * drops accents, another keeps them (ICU); stemmed when the field says so.
 */
export function fieldTokens(text: string, field: { locale?: string; stem?: boolean }, separators: string): string[] {
  const keepAccents = Boolean(field.locale && field.locale !== "en");
  const words = keepAccents
    ? text
        .normalize("NFC")
        .toLowerCase()
        .split(/\s+/)
        .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
        .filter(Boolean)
    : tokens(text, separators);
  return field.stem ? words.map((w) => stem(w, field.locale)) : words;
}
