/**
 * One area's web messages, English and French side by side. The French
 * object must have exactly the English keys: a missing or extra key fails
 * `tsc` (and the catalogue test, which also compares placeholders).
 * Keys are "area.page.what"; one whole sentence per key, never glued from
 * pieces; ICU syntax for counts ({count, plural, one {# item} other {# items}})
 * and choices ({kind, select, ...}); `<link>…</link>` where part of a sentence
 * is a link or emphasis (`t.rich`).
 */
export function defineMessages<const K extends string>(messages: { en: Record<K, string>; fr: Record<NoInfer<K>, string> }) {
  return messages;
}
