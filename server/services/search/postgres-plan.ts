import { z } from "zod";
import { LRUCache } from "lru-cache";
import { Prisma } from "../../db/generated/client.ts";
import type { Point } from "../../schemas/search";
import type { ShopLanguage } from "../../schemas/shop";
import { queryWords, withoutAccents } from "./words";

/**
 * A search's words as each language's text search configuration has them
 * (nearshop_fr: French stems without accents; nearshop_en: English stems),
 * ready to cast to tsquery: built here from the stems PostgreSQL gave, so
 * the search itself runs no stemmer. `either` matches a document of either
 * language (what the text index is read with); each row is then checked
 * with its own language's query, so a French stem never finds an English
 * shop's product (and the other way round).
 */
export type TextQuery = { fr: string; en: string; either: string; same: boolean };
export type Plan = { text: TextQuery | null; corrected: string | null; geoFirst: boolean };

/**
 * One query word: whether it is an indexed word or the prefix of one (as
 * typed, or by its stem in either language, or a stop word), the closest
 * indexed words when it is not, and its stems and theirs per language.
 */
const WordRow = z.object({
  w: z.string(),
  known: z.boolean(),
  alts: z.array(z.string()),
  fr: z.array(z.string()),
  en: z.array(z.string()),
  alts_fr: z.array(z.string()),
  alts_en: z.array(z.string()),
});
type WordCheck = z.output<typeof WordRow>;
const PlanRow = z.object({ nearby: z.number().nullable(), words: z.array(WordRow).nullable() });

type Read = <S extends z.ZodType>(schema: S, query: Prisma.Sql) => Promise<z.output<S>[]>;

/** A lexeme as a tsquery operand: quotes doubled, backslashes escaped. */
const lexeme = (l: string) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/**
 * What a search needs before it runs, remembered for a minute (they change
 * slowly and only steer the query): each query word's check (WordRow), and
 * how many products lie within a radius of a place (the shops index's
 * counts; the key rounds the place to about 100 m).
 */
export class Planner {
  private readonly words = new LRUCache<string, WordCheck>({ max: 50_000, ttl: 60_000 });
  private readonly nearby = new LRUCache<string, number>({ max: 20_000, ttl: 60_000 });

  constructor(
    private readonly read: Read,
    private readonly geoFirstMax: number,
    private readonly withinRadius: (near: Point, radiusKm: number) => Prisma.Sql,
  ) {}

  /**
   * Typo tolerance: a word that is no indexed word and no prefix of one is
   * replaced by the closest indexed words (pg_trgm similarity); `exact`
   * (suggestions) keeps the words as typed. At most one round trip, for what
   * is not remembered.
   */
  async plan(q: string, near: Point | undefined, radiusKm: number, exact = false): Promise<Plan> {
    const words = queryWords(q);
    const nearKey = near ? `${near.lat.toFixed(3)},${near.lng.toFixed(3)},${radiusKm}` : null;
    const unchecked = [...new Set(words.filter((w) => !this.words.has(w)))];
    const countNearby = nearKey !== null && !this.nearby.has(nearKey);
    if (unchecked.length || countNearby) {
      const nearby =
        near && countNearby
          ? Prisma.sql`(SELECT coalesce(sum(product_count), 0)::int FROM search_shops WHERE ${this.withinRadius(near, radiusKm)})`
          : Prisma.sql`NULL::int`;
      // search_terms holds the indexed words as written and without accents,
      // so a stem ("pat" of "pâtes") is known when it starts one of them.
      const [row] = await this.read(
        PlanRow,
        Prisma.sql`
        SELECT ${nearby} AS nearby,
          (SELECT json_agg(json_build_object('w', w, 'known', known OR stop, 'alts', alts, 'fr', fr, 'en', en,
                                             'alts_fr', alts_fr, 'alts_en', alts_en))
           FROM unnest(${unchecked}::text[]) AS t(w),
             LATERAL (SELECT tsvector_to_array(to_tsvector('nearshop_fr', w)) AS fr,
                             tsvector_to_array(to_tsvector('nearshop_en', w)) AS en) s,
             LATERAL (SELECT cardinality(fr) = 0 OR cardinality(en) = 0 AS stop) st,
             LATERAL (SELECT EXISTS (SELECT 1 FROM unnest(ARRAY[w] || fr || en) x
                                     WHERE EXISTS (SELECT 1 FROM search_terms WHERE term >= x AND term < x || chr(1114111))) AS known) k,
             LATERAL (SELECT ARRAY(SELECT term FROM search_terms WHERE NOT (known OR stop) AND length(w) >= 3 AND term % w
                                   ORDER BY term <-> w, term LIMIT 3) AS alts) a,
             LATERAL (SELECT ARRAY(SELECT DISTINCT l FROM unnest(alts) x, unnest(tsvector_to_array(to_tsvector('nearshop_fr', x))) l) AS alts_fr,
                             ARRAY(SELECT DISTINCT l FROM unnest(alts) x, unnest(tsvector_to_array(to_tsvector('nearshop_en', x))) l) AS alts_en) al)
          AS words`,
      );
      if (nearKey !== null && row?.nearby != null) this.nearby.set(nearKey, row.nearby);
      for (const r of row?.words ?? []) this.words.set(r.w, r);
    }
    const count = nearKey === null ? undefined : this.nearby.get(nearKey);
    const geoFirst = count !== undefined && count <= this.geoFirstMax;
    if (!words.length) return { text: null, corrected: null, geoFirst };
    const checked = words.map((w) => this.words.get(w) ?? { w, known: true, alts: [], fr: [w], en: [w], alts_fr: [], alts_en: [] });
    const correct = (r: WordCheck) => !exact && !r.known && r.alts.length > 0;
    const corrected = checked.some(correct) ? checked.map((r) => (correct(r) ? r.alts[0] : r.w)).join(" ") : null;
    const fr = languageQuery(checked, "fr", correct);
    const en = languageQuery(checked, "en", correct);
    return { text: { fr, en, either: fr === en ? fr : `(${fr}) | (${en})`, same: fr === en }, corrected, geoFirst };
  }
}

/**
 * The words in one language: each word's stems by prefix (a word being typed
 * still finds), or its corrections; stop words left out, unless the query is
 * nothing else (then the words as typed, by prefix).
 */
function languageQuery(checked: WordCheck[], language: ShopLanguage, correct: (r: WordCheck) => boolean): string {
  const parts = checked.flatMap((r) => {
    const stems = r[language];
    if (!stems.length) return [];
    const own = stems.map((l) => `${lexeme(l)}:*`).join(" & ");
    const alts = correct(r) ? r[language === "fr" ? "alts_fr" : "alts_en"] : [];
    return [alts.length ? `(${[own.includes("&") ? `(${own})` : own, ...alts.map(lexeme)].join(" | ")})` : own];
  });
  return parts.length ? parts.join(" & ") : checked.map((r) => `${lexeme(withoutAccents(r.w))}:*`).join(" & ");
}
