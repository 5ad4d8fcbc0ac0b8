/**
 * The words of a query or a title as both engines see them: lower case,
 * letters and digits only, at most 8 words of at most 40 characters. What
 * goes into a tsquery comes only from here, so it needs no further quoting.
 */
export function queryWords(text: string): string[] {
  const words =
    text
      .normalize("NFC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, 8).map((w) => w.slice(0, 40));
}

/** "Size:M", "Size:L", "Colour:Red" → { Size: [...], Colour: [...] }: OR inside a name, AND across names. */
export function attributeGroups(values: string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const v of values) {
    const name = v.split(":", 1)[0] ?? v;
    groups.set(name, [...(groups.get(name) ?? []), v]);
  }
  return [...groups.values()];
}

/** "pâtes" → "pates", "éclair" → "eclair": as unaccent leaves most Latin letters. */
export function withoutAccents(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
}

/**
 * Short function words of French and English (from PostgreSQL's french.stop
 * and english.stop), which PostgreSQL's configurations drop; the Typesense
 * engine drops them from queries likewise.
 */
const STOP_WORDS = new Set(
  "a an and are as at be by for from in is it of on or the to with au aux avec ce ces dans de des du elle en et il je la le les leur lui ma mais me mon ne nos notre nous ou par pas pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous".split(
    " ",
  ),
);

/** The words without stop words; all of them when nothing else is left. */
export function withoutStopWords(words: string[]): string[] {
  const kept = words.filter((w) => !STOP_WORDS.has(w));
  return kept.length ? kept : words;
}
