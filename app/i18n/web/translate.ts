import { IntlMessageFormat } from "intl-messageformat";
import { TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { Fragment, createElement, isValidElement, type ReactNode } from "react";
import { intlLocale, type Locale } from "../index";
import { webCatalogs, type WebKey } from "./index";

export type Values = Record<string, string | number>;
export type RichValues = Record<string, string | number | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

type Compiled = { format: IntlMessageFormat; tags: Record<string, (chunks: ReactNode[]) => ReactNode> };
const compiled = new Map<string, Compiled>();

/** The tags a message uses (`<strong>`, `<link>`), wherever they sit. */
function tagsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.tag) {
      out.add(el.value);
      tagsOf(el.children, out);
    }
    if (el.type === TYPE.select || el.type === TYPE.plural) for (const option of Object.values(el.options)) tagsOf(option.value, out);
  }
  return out;
}

function message(locale: Locale, key: WebKey): Compiled | null {
  const id = `${locale}\u0000${key}`;
  let m = compiled.get(id);
  if (!m) {
    const text = Object.hasOwn(webCatalogs[locale], key) ? webCatalogs[locale][key] : undefined;
    if (text === undefined) return null;
    const format = new IntlMessageFormat(text, intlLocale(locale));
    // A tag nobody gave an element for keeps its words, unmarked: plain `t()` of a sentence with <strong> never throws.
    const tags = Object.fromEntries([...tagsOf(format.getAst())].map((tag) => [tag, (chunks: ReactNode[]) => chunks]));
    m = { format, tags };
    compiled.set(id, m);
  }
  return m;
}

/**
 * A key the catalogue lacks (only possible through a cast, e.g. a key built
 * from data) shows as ⟦key⟧: visible on the page, and the journeys fail on it.
 */
const missing = (key: string) => `⟦${key}⟧`;

/** One whole message in one language, as plain text (attributes, titles, toasts). */
export function translate(locale: Locale, key: WebKey, values?: Values): string {
  const m = message(locale, key);
  if (!m) return missing(key);
  const out = m.format.format<string>({ ...(m.tags as Record<string, never>), ...values });
  return Array.isArray(out) ? out.flat(Infinity).join("") : String(out);
}

/** A message with parts that are elements: `<link>…</link>` in the text, a function or an element in `values`. */
export function translateRich(locale: Locale, key: WebKey, values: RichValues): ReactNode {
  const m = message(locale, key);
  if (!m) return missing(key);
  const out = m.format.format<ReactNode>({ ...m.tags, ...values } as Record<string, ReactNode>);
  if (!Array.isArray(out)) return out as ReactNode;
  return createElement(Fragment, null, ...out.map((part: ReactNode, i: number) => (isValidElement(part) ? createElement(Fragment, { key: i }, part) : part)));
}

export type T = ((key: WebKey, values?: Values) => string) & { rich: (key: WebKey, values: RichValues) => ReactNode; locale: Locale };

/** `t("key", values)` bound to a language, with `t.rich` and `t.locale`. */
export function translator(locale: Locale): T {
  const t = ((key: WebKey, values?: Values) => translate(locale, key, values)) as T;
  t.rich = (key, values) => translateRich(locale, key, values);
  t.locale = locale;
  return t;
}
