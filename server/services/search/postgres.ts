import { z } from "zod";
import { IdRow, parseRows } from "../../db/rows";
import { baseDb, inShop, preparedStatements } from "../../db/client.server";
import { reads } from "../../db/replica.server";
import { Prisma } from "../../db/generated/client.ts";
import { containing } from "../../db/like";
import { statementName } from "../../db/statements";
import type { Point, ProductSearch, ShopSearch, SuggestQuery } from "../../schemas/search";
import { categoryFacets, priceBandFacets } from "./facets";
import type { FacetValue, ProductDoc, ProductResults, SearchEngine, ShopDoc, ShopResults } from "./types";
import { Planner, type Plan, type TextQuery } from "./postgres-plan";
import { attributeGroups, queryWords, withoutAccents } from "./words";

const FACET_LIMIT = 20;

/**
 * Reads of the public search tables (anyone may read them; RLS still
 * applies), through the pg pool Prisma's adapter also uses: the SQL here is
 * hand-written, and Prisma's raw-query layer costs 0.15-0.3 ms of CPU a query
 * on top of pg (docs/decisions/0010-search-reads.md). Writes go through
 * inShop.
 */
async function read<S extends z.ZodType>(schema: S, query: Prisma.Sql): Promise<z.output<S>[]> {
  return parseRows(
    schema,
    (await reads().pgPool.query({ name: preparedStatements ? statementName(query.text) : undefined, text: query.text, values: query.values })).rows,
  );
}

// The rows of the reads below (through pg: JSON numbers are numbers, a uuid a string).
const Facets = z.array(z.object({ value: z.string(), label: z.string().optional(), count: z.number() })).nullable();
const ProductHit = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  shop_id: z.string(),
  shop_slug: z.string(),
  shop_name: z.string(),
  dist: z.number().nullable(),
  min_price: z.number(),
  max_price: z.number(),
  currency: z.string(),
  available: z.number(),
  in_stock: z.boolean(),
  thumb: z.string().nullable(),
});
const ProductSearchRow = z.object({
  hits: z.array(ProductHit).nullable(),
  total: z.number(),
  category: Facets,
  brand: Facets,
  price_band: Facets,
  shop: Facets,
  attributes: Facets,
  in_stock: z.number(),
});
const ShopHit = z.object({
  shop_id: z.string(),
  slug: z.string(),
  name: z.string(),
  city: z.string(),
  country: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  dist: z.number(),
  product_count: z.number(),
});
const ShopSearchRow = z.object({ hits: z.array(ShopHit).nullable(), total: z.number(), category: Facets });
const StoredProduct = z.object({
  id: z.string(),
  title: z.string(),
  minPrice: z.number(),
  maxPrice: z.number(),
  available: z.number(),
  categoryId: z.string().nullable(),
});

/** The earth's radius in metres, as earthdistance's earth() has it. */
const EARTH_RADIUS_M = 6_378_168;

/** The straight line through the earth between two points `metres` apart on its surface (earthdistance's gc_to_sec). */
function chord(metres: number) {
  return 2 * EARTH_RADIUS_M * Math.sin(Math.min(metres / (2 * EARTH_RADIUS_M), Math.PI / 2));
}

/** A straight-line distance back to metres along the surface (earthdistance's sec_to_gc). */
function alongSurface(chordMetres: number) {
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(chordMetres / (2 * EARTH_RADIUS_M), 1));
}

/**
 * `earth_box` narrows with the GiST index on the stored earth_point; the
 * straight-line distance makes it a circle. Straight-line distances order
 * rows as surface distances do, and need no function call per row
 * (earth_distance() costs about 5 µs a row).
 */
function withinRadius(near: { lat: number; lng: number }, radiusKm: number) {
  const m = radiusKm * 1000;
  return Prisma.sql`earth_box(ll_to_earth(${near.lat}, ${near.lng}), ${m}) @> earth_point
    AND cube_distance(ll_to_earth(${near.lat}, ${near.lng}), earth_point) <= ${chord(m)}`;
}

/** The straight-line distance from `near` (see alongSurface), or NULL without a location. */
function distance(near: { lat: number; lng: number } | undefined) {
  return near ? Prisma.sql`cube_distance(ll_to_earth(${near.lat}, ${near.lng}), earth_point)` : Prisma.sql`NULL::float8`;
}

/** search_product_document(language, title, brand, category_names, description), stored. */
const DOCUMENT = Prisma.sql`document`;

/**
 * The text filter: the index is read with either language's query, and each
 * row is then held to its own language's (nothing to check twice when both
 * languages read the words alike).
 */
function matches(text: TextQuery) {
  const either = Prisma.sql`${DOCUMENT} @@ ${text.either}::tsquery`;
  return text.same ? either : Prisma.sql`${either} AND ${DOCUMENT} @@ ${ownQuery(text)}`;
}

/** The row's own language's query. */
function ownQuery(text: TextQuery) {
  return text.same ? Prisma.sql`${text.fr}::tsquery` : Prisma.sql`(CASE WHEN language = 'fr' THEN ${text.fr}::tsquery ELSE ${text.en}::tsquery END)`;
}

/**
 * Above this many products within the radius, the text index may narrow a
 * search faster than distance does. Measured on the bench data (2 cores):
 * reading the products within a radius costs about 0.5 µs a row (10,000
 * rows: 5 ms), a prefix match in the text index 15-20 ms for common words
 * whatever the radius. PostgreSQL's planner cannot tell: it costs a prefix
 * match as cheap however many words and rows it covers, so it would
 * otherwise intersect both indexes and read the text one for every query.
 */
const GEO_FIRST_MAX = 10_000;

/**
 * The rows a search reads and its WHERE clause: within the radius first when
 * that is the narrower filter (OFFSET 0 keeps the planner from folding the
 * text filter in), else the whole index with the radius as one more filter.
 */
function source(plan: Plan, near: Point | undefined, radiusKm: number, filters: Prisma.Sql[]) {
  const all = (extra: Prisma.Sql[]) => (extra.length ? Prisma.sql`WHERE ${Prisma.join(extra, " AND ")}` : Prisma.empty);
  if (near && plan.geoFirst) {
    return { from: Prisma.sql`(SELECT * FROM search_products WHERE ${withinRadius(near, radiusKm)} OFFSET 0) p`, where: all(filters) };
  }
  return { from: Prisma.sql`search_products`, where: all(near ? [withinRadius(near, radiusKm), ...filters] : filters) };
}

/** Facet counts as the engine's contract has them (category and price band labels are put in after). */
function facet(rows: z.output<typeof Facets> | undefined): FacetValue[] {
  return (rows ?? []).map((r) => ({ value: r.value, label: r.label ?? r.value, count: r.count }));
}

/** A listing of one whole shop: no query words, no filter but the shop. */
function wholeShop(s: ProductSearch, text: TextQuery | null): string | null {
  const narrowed = text || s.categoryId || s.brands.length || s.priceBands.length || s.attributes.length || s.inStock;
  return !narrowed && s.shopIds.length === 1 ? (s.shopIds[0] ?? null) : null;
}

export class PostgresEngine implements SearchEngine {
  readonly name = "postgres" as const;
  private readonly planner: Planner;
  private readonly keptFacets: boolean;

  /**
   * `geoFirstMax`: the most products within the radius for a search to read by distance first (tests set -1: never).
   * `keptFacets: false` counts a whole shop's facets over its products as any other search does (the bench's "before").
   */
  constructor(options: { geoFirstMax?: number; keptFacets?: boolean } = {}) {
    this.planner = new Planner(read, options.geoFirstMax ?? GEO_FIRST_MAX, withinRadius);
    this.keptFacets = options.keptFacets ?? true;
  }

  async upsertProducts(shopId: string, docs: ProductDoc[]) {
    if (!docs.length) return;
    await inShop(shopId, async (tx) => {
      await upsertRows(tx, docs);
      await addTerms(tx, docs);
    });
  }

  async removeProducts(shopId: string, productIds: string[]) {
    if (!productIds.length) return;
    await inShop(shopId, (tx) => tx.$executeRaw`DELETE FROM search_products WHERE shop_id = ${shopId}::uuid AND product_id = ANY(${productIds}::uuid[])`);
  }

  async upsertShop(doc: ShopDoc) {
    await inShop(
      doc.id,
      (tx) => tx.$executeRaw`
      INSERT INTO search_shops (shop_id, slug, name, city, country, latitude, longitude, category_ids, product_count, updated_at)
      VALUES (${doc.id}::uuid, ${doc.slug}, ${doc.name}, ${doc.city}, ${doc.country}, ${doc.latitude}, ${doc.longitude},
              ${doc.categoryIds}::text[], ${doc.productCount}, ${doc.updatedAt})
      ON CONFLICT (shop_id) DO UPDATE SET slug = excluded.slug, name = excluded.name, city = excluded.city,
        country = excluded.country, latitude = excluded.latitude, longitude = excluded.longitude,
        category_ids = excluded.category_ids, product_count = excluded.product_count, updated_at = excluded.updated_at`,
    );
  }

  async removeShop(shopId: string) {
    await inShop(shopId, async (tx) => {
      await tx.$executeRaw`DELETE FROM search_products WHERE shop_id = ${shopId}::uuid`;
      await tx.$executeRaw`DELETE FROM search_shops WHERE shop_id = ${shopId}::uuid`;
    });
  }

  async searchProducts(s: ProductSearch): Promise<ProductResults> {
    // Inside one shop (its public page) the radius does not apply.
    const near = s.shopIds.length === 1 ? undefined : s.near;
    const plan = await this.planner.plan(s.q, near, s.radiusKm);
    const { text, corrected } = plan;
    const filters: Prisma.Sql[] = [];
    if (text) filters.push(matches(text));
    if (s.categoryId) filters.push(Prisma.sql`category_path @> ARRAY[${s.categoryId}]::text[]`);
    if (s.brands.length) filters.push(Prisma.sql`brand = ANY(${s.brands}::text[])`);
    if (s.priceBands.length) filters.push(Prisma.sql`price_band = ANY(${s.priceBands}::text[])`);
    if (s.shopIds.length) filters.push(Prisma.sql`shop_id = ANY(${s.shopIds}::uuid[])`);
    for (const group of attributeGroups(s.attributes)) filters.push(Prisma.sql`attributes && ${group}::text[]`);
    if (s.inStock) filters.push(Prisma.sql`in_stock`);
    const { from, where } = source(plan, near, s.radiusKm, filters);
    const rank = text ? Prisma.sql`ts_rank(${DOCUMENT}, ${ownQuery(text)})` : Prisma.sql`0::real`;
    const order = {
      relevance: Prisma.sql`rank DESC, dist NULLS LAST, title, product_id`,
      distance: Prisma.sql`dist NULLS LAST, rank DESC, title, product_id`,
      price: Prisma.sql`min_price, dist NULLS LAST, product_id`,
      "-price": Prisma.sql`min_price DESC, dist NULLS LAST, product_id`,
    }[s.sort];
    const offset = (s.page - 1) * s.perPage;
    const shopId = this.keptFacets ? wholeShop(s, text) : null;

    const [row] = await read(
      ProductSearchRow,
      shopId
        ? wholeShopListing(shopId, s, offset)
        : Prisma.sql`
      WITH hits AS MATERIALIZED (
        SELECT product_id, shop_id, shop_slug, shop_name, handle, title, brand, category_path, min_price, max_price,
               currency, price_band, attributes, available, in_stock, thumb,
               ${distance(s.near)} AS dist, ${rank} AS rank
        FROM ${from} ${where})
      SELECT
        (SELECT json_agg(h) FROM (
           SELECT product_id AS id, handle, title, brand, shop_id, shop_slug, shop_name, dist, min_price, max_price,
                  currency, available, in_stock, thumb
           FROM hits ORDER BY ${order} LIMIT ${s.perPage} OFFSET ${offset}) h) AS hits,
        (SELECT count(*)::int FROM hits) AS total,
        (SELECT json_agg(f) FROM (SELECT c AS value, count(*) AS count FROM hits, unnest(category_path) c
                                  GROUP BY c ORDER BY count(*) DESC, c LIMIT 200) f) AS category,
        (SELECT json_agg(f) FROM (SELECT brand AS value, brand AS label, count(*) AS count FROM hits WHERE brand IS NOT NULL
                                  GROUP BY brand ORDER BY count(*) DESC, brand LIMIT ${FACET_LIMIT}) f) AS brand,
        (SELECT json_agg(f) FROM (SELECT price_band AS value, price_band AS label, count(*) AS count FROM hits
                                  GROUP BY price_band) f) AS price_band,
        (SELECT json_agg(f) FROM (SELECT shop_id AS value, min(shop_name) AS label, count(*) AS count FROM hits
                                  GROUP BY shop_id ORDER BY count(*) DESC, min(shop_name) LIMIT ${FACET_LIMIT}) f) AS shop,
        (SELECT json_agg(f) FROM (SELECT a AS value, a AS label, count(*) AS count FROM hits, unnest(attributes) a
                                  GROUP BY a ORDER BY count(*) DESC, a LIMIT ${FACET_LIMIT}) f) AS attributes,
        (SELECT count(*)::int FROM hits WHERE in_stock) AS in_stock`,
    );

    return {
      hits: (row?.hits ?? []).map((h) => ({
        id: h.id,
        handle: h.handle,
        title: h.title,
        brand: h.brand,
        shop: { id: h.shop_id, slug: h.shop_slug, name: h.shop_name },
        distanceKm: h.dist === null ? null : alongSurface(h.dist) / 1000,
        minPrice: h.min_price,
        maxPrice: h.max_price,
        currency: h.currency.trim(),
        available: h.available,
        inStock: h.in_stock,
        thumb: h.thumb,
      })),
      total: row?.total ?? 0,
      page: s.page,
      perPage: s.perPage,
      facets: {
        category: await categoryFacets(facet(row?.category)),
        brand: facet(row?.brand),
        priceBand: priceBandFacets(facet(row?.price_band)),
        shop: facet(row?.shop),
        attributes: facet(row?.attributes),
        inStock: row?.in_stock ?? 0,
      },
      correctedQuery: corrected,
    };
  }

  async searchShops(s: ShopSearch): Promise<ShopResults> {
    const filters = [withinRadius(s.near, s.radiusKm)];
    if (s.q) filters.push(Prisma.sql`name ILIKE ${containing(s.q)}`);
    const within = Prisma.join(filters, " AND ");
    const category = s.categoryId ? Prisma.sql`AND category_ids @> ARRAY[${s.categoryId}]::text[]` : Prisma.empty;
    const [row] = await read(
      ShopSearchRow,
      Prisma.sql`
      WITH near AS MATERIALIZED (
        SELECT shop_id, slug, name, city, country, latitude, longitude, category_ids, product_count, ${distance(s.near)} AS dist
        FROM search_shops WHERE ${within})
      SELECT
        (SELECT json_agg(h) FROM (SELECT * FROM near WHERE true ${category}
           ORDER BY dist, name LIMIT ${s.perPage} OFFSET ${(s.page - 1) * s.perPage}) h) AS hits,
        (SELECT count(*)::int FROM near WHERE true ${category}) AS total,
        (SELECT json_agg(f) FROM (SELECT c AS value, count(*) AS count FROM near, unnest(category_ids) c GROUP BY c) f) AS category`,
    );
    return {
      hits: (row?.hits ?? []).map((h) => ({
        id: h.shop_id,
        slug: h.slug,
        name: h.name,
        city: h.city,
        country: h.country.trim(),
        latitude: h.latitude,
        longitude: h.longitude,
        distanceKm: alongSurface(h.dist) / 1000,
        productCount: h.product_count,
      })),
      total: row?.total ?? 0,
      page: s.page,
      perPage: s.perPage,
      facets: {
        category: (await categoryFacets(facet(row?.category))).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      },
    };
  }

  async suggest(s: SuggestQuery): Promise<string[]> {
    if (!queryWords(s.q).length) return [];
    const near = s.shopIds.length ? undefined : s.near;
    const plan = await this.planner.plan(s.q, near, s.radiusKm, true);
    const { text } = plan;
    if (!text) return [];
    const filters = [matches(text)];
    if (s.shopIds.length) filters.push(Prisma.sql`shop_id = ANY(${s.shopIds}::uuid[])`);
    const { from, where } = source(plan, near, s.radiusKm, filters);
    // Titles that hold the words come first, then those found by brand or category.
    const rows = await read(
      z.object({ title: z.string() }),
      Prisma.sql`
      SELECT title FROM (SELECT title, language, ${DOCUMENT} AS document FROM ${from} ${where} LIMIT 200) t
      GROUP BY title
      ORDER BY bool_or(ts_filter(document, '{a}') @@ ${ownQuery(text)}) DESC, count(*) DESC, length(title), title
      LIMIT 8`,
    );
    return rows.map((r) => r.title);
  }

  async storedProducts(shopId: string) {
    return baseDb.$queryRaw`
      SELECT product_id AS id, title, min_price AS "minPrice", max_price AS "maxPrice", available, category_id AS "categoryId"
      FROM search_products WHERE shop_id = ${shopId}::uuid`.then((rows) => parseRows(StoredProduct, rows));
  }

  async storedShopIds() {
    const rows = parseRows(IdRow, await baseDb.$queryRaw`SELECT shop_id AS id FROM search_shops`);
    return rows.map((r) => r.id);
  }

  /**
   * Ends a full sync of the shop. Its facet counts are counted again from its
   * rows as well: triggers keep them, but rows changed with triggers off (a
   * restore, a hand repair) would leave them wrong, and a reindex repairs.
   */
  async retainProducts(shopId: string, keepIds: string[]) {
    await inShop(shopId, async (tx) => {
      await tx.$executeRaw`
        DELETE FROM search_products WHERE shop_id = ${shopId}::uuid AND NOT (product_id = ANY(${keepIds}::uuid[]))`;
      await tx.$executeRaw`DELETE FROM search_facets WHERE shop_id = ${shopId}::uuid`;
      await tx.$executeRaw`
        INSERT INTO search_facets (shop_id, facet, value, count)
        SELECT p.shop_id, f.facet, f.value, count(*)
        FROM search_products p, search_facet_values(p.category_path, p.brand, p.price_band, p.attributes, p.in_stock) f
        WHERE p.shop_id = ${shopId}::uuid
        GROUP BY p.shop_id, f.facet, f.value
        ORDER BY f.facet, f.value`;
    });
  }

  /** In place: each document is replaced by its new version and stale ones go last, so readers never see an empty index. */
  async rebuild(fill: (target: SearchEngine) => Promise<void>) {
    await fill(this);
  }
}

/**
 * One shop's whole listing (its public page): the page of hits from the
 * shop's index rows, the counts from search_facets, kept by triggers, rather
 * than counted over every product of the shop per view (issue 21; a shop of
 * 40,000 products took 200 ms). A shop's products share its coordinates, so
 * the distance orders nothing here and the page reads in index order.
 */
function wholeShopListing(shopId: string, s: ProductSearch, offset: number) {
  const order = {
    relevance: Prisma.sql`title, product_id`,
    distance: Prisma.sql`title, product_id`,
    price: Prisma.sql`min_price, product_id`,
    "-price": Prisma.sql`min_price DESC, product_id`,
  }[s.sort];
  return Prisma.sql`
    WITH facets AS MATERIALIZED (SELECT facet, value, count FROM search_facets WHERE shop_id = ${shopId}::uuid AND count > 0)
    SELECT
      (SELECT json_agg(h) FROM (
         SELECT product_id AS id, handle, title, brand, shop_id, shop_slug, shop_name, ${distance(s.near)} AS dist, min_price,
                max_price, currency, available, in_stock, thumb
         FROM search_products WHERE shop_id = ${shopId}::uuid ORDER BY ${order} LIMIT ${s.perPage} OFFSET ${offset}) h) AS hits,
      (SELECT coalesce(sum(count), 0)::int FROM facets WHERE facet = 'total') AS total,
      (SELECT json_agg(f) FROM (SELECT value, count FROM facets WHERE facet = 'category'
                                ORDER BY count DESC, value LIMIT 200) f) AS category,
      (SELECT json_agg(f) FROM (SELECT value, value AS label, count FROM facets WHERE facet = 'brand'
                                ORDER BY count DESC, value LIMIT ${FACET_LIMIT}) f) AS brand,
      (SELECT json_agg(f) FROM (SELECT value, value AS label, count FROM facets WHERE facet = 'price_band') f) AS price_band,
      (SELECT json_agg(f) FROM (SELECT p.shop_id AS value, p.shop_name AS label, t.count FROM facets t,
                                  LATERAL (SELECT shop_id, shop_name FROM search_products WHERE shop_id = ${shopId}::uuid LIMIT 1) p
                                WHERE t.facet = 'total') f) AS shop,
      (SELECT json_agg(f) FROM (SELECT value, value AS label, count FROM facets WHERE facet = 'attribute'
                                ORDER BY count DESC, value LIMIT ${FACET_LIMIT}) f) AS attributes,
      (SELECT coalesce(sum(count), 0)::int FROM facets WHERE facet = 'in_stock') AS in_stock`;
}

type Tx = Parameters<Parameters<typeof inShop>[1]>[0];

async function upsertRows(tx: Tx, docs: ProductDoc[]) {
  await tx.$executeRaw`
    INSERT INTO search_products (product_id, shop_id, shop_slug, shop_name, handle, title, brand, description, category_id,
      category_path, category_names, min_price, max_price, currency, price_band, attributes, available, in_stock, thumb,
      latitude, longitude, updated_at, language)
    SELECT d.id, d."shopId", d."shopSlug", d."shopName", d.handle, d.title, d.brand, d.description, d."categoryId",
      ARRAY(SELECT jsonb_array_elements_text(d."categoryPath")), d."categoryNames", d."minPrice", d."maxPrice", d.currency,
      d."priceBand", ARRAY(SELECT jsonb_array_elements_text(d.attributes)), d.available, d."inStock", d.thumb,
      d.latitude, d.longitude, d."updatedAt", d.language::"ShopLanguage"
    FROM jsonb_to_recordset(${JSON.stringify(docs)}::jsonb) AS d(id uuid, "shopId" uuid, "shopSlug" text, "shopName" text,
      handle text, title text, brand text, description text, "categoryId" text, "categoryPath" jsonb, "categoryNames" text,
      "minPrice" int, "maxPrice" int, currency text, "priceBand" text, attributes jsonb, available int, "inStock" boolean,
      thumb text, latitude float8, longitude float8, "updatedAt" timestamptz, language text)
    ON CONFLICT (product_id) DO UPDATE SET shop_slug = excluded.shop_slug, shop_name = excluded.shop_name,
      handle = excluded.handle, title = excluded.title, brand = excluded.brand, description = excluded.description,
      category_id = excluded.category_id, category_path = excluded.category_path, category_names = excluded.category_names,
      min_price = excluded.min_price, max_price = excluded.max_price, currency = excluded.currency,
      price_band = excluded.price_band, attributes = excluded.attributes, available = excluded.available,
      in_stock = excluded.in_stock, thumb = excluded.thumb, latitude = excluded.latitude, longitude = excluded.longitude,
      updated_at = excluded.updated_at, language = excluded.language`;
}

async function addTerms(tx: Tx, docs: ProductDoc[]) {
  const terms = new Set<string>();
  // Each word as written and without accents: "pates" and "pâte" are both known words.
  for (const d of docs)
    for (const w of queryWords(`${d.title} ${d.brand ?? ""} ${d.categoryNames}`)) {
      terms.add(w);
      terms.add(withoutAccents(w));
    }
  if (!terms.size) return;
  await tx.$executeRaw`INSERT INTO search_terms (term) SELECT unnest(${[...terms]}::text[]) ON CONFLICT DO NOTHING`;
}
