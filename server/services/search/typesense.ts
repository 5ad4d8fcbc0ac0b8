import { Client } from "typesense";
import type { CollectionCreateSchema } from "typesense/lib/Typesense/Collections";
import type { DocumentSchema, SearchParams, SearchResponse } from "typesense/lib/Typesense/Documents";
import { ImportError, ObjectAlreadyExists, ObjectNotFound } from "typesense/lib/Typesense/Errors";
import type { ImportResponse } from "typesense/lib/Typesense/Documents";
import { baseDb } from "../../db/client.server";
import { DomainError } from "../errors";
import type { ProductSearch, ShopSearch, SuggestQuery } from "../../schemas/search";
import { categoryFacets, priceBandFacets } from "./facets";
import type { FacetValue, ProductDoc, ProductResults, SearchEngine, ShopDoc, ShopResults } from "./types";
import { SHOP_LANGUAGES, type ShopLanguage } from "../../schemas/shop";
import { attributeGroups, queryWords, withoutAccents, withoutStopWords } from "./words";

/** Collections are reached through these aliases, so a rebuild swaps in at once. */
export const ALIASES = { products: "products", shops: "shops" } as const;
const FACET_LIMIT = 20;

/** The text fields searched in the shop's language. */
const LANGUAGE_FIELDS = ["title", "description"] as const;

export function productsSchema(name: string): CollectionCreateSchema {
  return {
    name,
    fields: [
      { name: "shop_id", type: "string", facet: true },
      { name: "shop_slug", type: "string", index: false, optional: true },
      { name: "shop_name", type: "string", index: false, optional: true },
      { name: "handle", type: "string", index: false, optional: true },
      // As written: suggestions and hits read it; searches read the stemmed copies below.
      { name: "title", type: "string", infix: false },
      // The shop's language's copies (docs/decisions/0030-search-language.md): one collection
      // holds every shop, so a French shop fills the _fr fields (French stems) and an English
      // shop the _en ones; a French stem of a query then only meets French shops' words.
      ...LANGUAGE_FIELDS.flatMap((name) =>
        SHOP_LANGUAGES.map((language) => ({ name: `${name}_${language}`, type: "string" as const, locale: language, stem: true, optional: true })),
      ),
      { name: "brand", type: "string", facet: true, optional: true },
      { name: "category_path", type: "string[]", facet: true },
      { name: "category_names", type: "string" },
      { name: "min_price", type: "int32", sort: true },
      { name: "max_price", type: "int32", index: false, optional: true },
      { name: "currency", type: "string", index: false, optional: true },
      { name: "price_band", type: "string", facet: true },
      { name: "attributes", type: "string[]", facet: true },
      { name: "available", type: "int32" },
      { name: "in_stock", type: "bool", facet: true },
      { name: "thumb", type: "string", index: false, optional: true },
      { name: "location", type: "geopoint" },
      { name: "updated_at", type: "int64" },
    ],
    token_separators: ["-", "/"],
  };
}

export function shopsSchema(name: string): CollectionCreateSchema {
  return {
    name,
    fields: [
      { name: "slug", type: "string", index: false, optional: true },
      { name: "name", type: "string" },
      { name: "city", type: "string", facet: false },
      { name: "country", type: "string", facet: true },
      { name: "location", type: "geopoint" },
      { name: "category_ids", type: "string[]", facet: true },
      { name: "product_count", type: "int32" },
      { name: "updated_at", type: "int64" },
    ],
  };
}

/**
 * A facet value as a Typesense filter value, or null when Typesense cannot
 * filter by it. Typesense splits a value into words and drops symbols, so:
 * a value with no letter or digit has no words ("Filter value cannot be
 * empty") and can match nothing; a trailing `*` would make a prefix filter
 * and a trailing `\` would escape the closing backtick, and both are
 * symbols its words never hold, so they are dropped; a backtick cannot be
 * escaped (the server keeps the backslash), so it is dropped too.
 */
export function filterValue(v: string): string | null {
  const plain = v
    .replace(/`/g, "")
    .replace(/[*\\\s]+$/u, "")
    .trim();
  return /[\p{L}\p{N}]/u.test(plain) ? `\`${plain}\`` : null;
}
/** Ids and other word-only values the app makes itself. */
const quote = (v: string) => `\`${v.replace(/[^\p{L}\p{N}_:.-]/gu, "")}\``;
const ids = (vs: string[]) => `[${vs.map(quote).join(",")}]`;
/** A list of facet values, or null when none of them can match. */
function values(vs: string[]): string | null {
  const kept = vs.map(filterValue).filter((v): v is string => v !== null);
  return kept.length ? `[${kept.join(",")}]` : null;
}

/** Reads give up after this, once: a customer waits 2 s at most, and a struggling server is not hit three times. */
const READ_TIMEOUT_SECONDS = 2;
/** Ids per delete-by-filter request: keeps each URL far below what servers and proxies accept. */
const DELETE_CHUNK = 50;

/** A search that Typesense could not answer in time (or at all): the customer is told to try again. */
export function searchUnavailable(cause: unknown): DomainError {
  console.warn(`[search] Typesense did not answer a search: ${(cause as Error)?.message ?? cause}`);
  searchFailures.count += 1;
  return new DomainError("unavailable", "Search is not answering right now. Please try again in a moment.");
}
/** Searches Typesense did not answer since the process started (for metrics; logged each time). */
export const searchFailures = { count: 0 };

/**
 * Text in the shop's language, without accents: a field with a locale other
 * than English keeps accents in Typesense (ICU), and "pâtes" would then find
 * "pates" only by a typo, which its stem ("pat") is too short to be allowed.
 */
function inLanguage(d: ProductDoc): Partial<Record<`${(typeof LANGUAGE_FIELDS)[number]}_${ShopLanguage}`, string>> {
  return { [`title_${d.language}`]: withoutAccents(d.title), [`description_${d.language}`]: withoutAccents(d.description) };
}

function toDocument(d: ProductDoc) {
  return {
    ...inLanguage(d),
    id: d.id,
    shop_id: d.shopId,
    shop_slug: d.shopSlug,
    shop_name: d.shopName,
    handle: d.handle,
    title: d.title,
    brand: d.brand ?? undefined,
    category_path: d.categoryPath,
    category_names: d.categoryNames,
    min_price: d.minPrice,
    max_price: d.maxPrice,
    currency: d.currency,
    price_band: d.priceBand,
    attributes: d.attributes,
    available: d.available,
    in_stock: d.inStock,
    thumb: d.thumb ?? undefined,
    location: [d.latitude, d.longitude] as [number, number],
    updated_at: d.updatedAt.getTime(),
  };
}
type ProductDocument = ReturnType<typeof toDocument>;

/**
 * The search parameters for a product query (exported so tests can compare
 * them with what was sent), or null when a filter can match nothing in
 * Typesense (every brand or attribute chosen is symbols only).
 */
export function productSearchParams(s: ProductSearch) {
  const brands = s.brands.length ? values(s.brands) : "";
  const attributes = attributeGroups(s.attributes).map(values);
  if (brands === null || attributes.includes(null)) return null;
  const filters: string[] = [];
  if (s.near && s.shopIds.length !== 1) filters.push(`location:(${s.near.lat}, ${s.near.lng}, ${s.radiusKm} km)`);
  if (s.categoryId) filters.push(`category_path:=${quote(s.categoryId)}`);
  if (brands) filters.push(`brand:=${brands}`);
  if (s.priceBands.length) filters.push(`price_band:=${ids(s.priceBands)}`);
  if (s.shopIds.length) filters.push(`shop_id:=${ids(s.shopIds)}`);
  for (const group of attributes) filters.push(`attributes:=${group}`);
  if (s.inStock) filters.push("in_stock:=true");
  const geo = s.near ? `location(${s.near.lat}, ${s.near.lng}):asc` : null;
  const sort = {
    relevance: ["_text_match:desc", geo],
    distance: [geo, "_text_match:desc"],
    price: ["min_price:asc", geo],
    "-price": ["min_price:desc", geo],
  }[s.sort].filter(Boolean);
  return {
    q: searchText(s.q) || "*",
    query_by: "title_fr,title_en,brand,category_names,description_fr,description_en",
    query_by_weights: "4,4,3,2,1,1",
    prefix: true,
    num_typos: 2,
    filter_by: filters.join(" && ") || undefined,
    sort_by: sort.join(",") || undefined,
    facet_by: "category_path,brand,price_band,shop_id,attributes,in_stock",
    max_facet_values: 200,
    page: s.page,
    per_page: s.perPage,
  };
}

/**
 * The query as the language fields hold their text: words without accents,
 * and without the stop words of either language ("tartes aux pommes" must
 * find "tarte pomme": Typesense would ask for "aux" too), unless that is all
 * there is.
 */
function searchText(q: string): string {
  return withoutStopWords(queryWords(q)).map(withoutAccents).join(" ");
}

type ShopDocument = {
  id: string;
  slug: string;
  name: string;
  city: string;
  country: string;
  location: [number, number];
  category_ids: string[];
  product_count: number;
};
type Clients = { reads: Client; writes: Client };

export class TypesenseEngine implements SearchEngine {
  readonly name = "typesense" as const;
  constructor(
    private readonly clients: Clients,
    private readonly collections: { products: string; shops: string } = ALIASES,
  ) {}

  static fromUrl(url: string, apiKey: string) {
    const u = new URL(url);
    const protocol = u.protocol.replace(":", "");
    const nodes = [{ host: u.hostname, port: Number(u.port || (protocol === "https" ? 443 : 80)), protocol, path: u.pathname.replace(/\/$/, "") }];
    return new TypesenseEngine({
      // A customer waits for reads: one try, short. Writes run in jobs: patient, retried.
      reads: new Client({ nodes, apiKey, connectionTimeoutSeconds: READ_TIMEOUT_SECONDS, numRetries: 0, logLevel: "warn" }),
      writes: new Client({ nodes, apiKey, connectionTimeoutSeconds: 10, numRetries: 3, retryIntervalSeconds: 0.5, logLevel: "warn" }),
    });
  }

  private get writes() {
    return this.clients.writes;
  }

  /**
   * Searches go by POST to /multi_search: a GET query string is refused past
   * 4,000 characters, and many brands or attributes pass that. Each search
   * of the batch answers on its own (an error there is a bug in our request:
   * thrown as it is); a server that does not answer in time is "unavailable".
   */
  private async search<T extends DocumentSchema>(searches: (SearchParams<T> & { collection: string })[]): Promise<SearchResponse<T>[]> {
    let answer: { results: unknown[] };
    try {
      answer = (await this.clients.reads.multiSearch.perform({ searches } as never, {})) as unknown as { results: unknown[] };
    } catch (error) {
      const status = (error as { httpStatus?: number }).httpStatus;
      if (status && status < 500) throw error;
      throw searchUnavailable(error);
    }
    return answer.results.map((r) => {
      const failed = r as { code?: number; error?: string };
      if (failed.error) throw new Error(`Typesense refused a search (${failed.code ?? "?"}): ${failed.error}`);
      return r as SearchResponse<T>;
    });
  }

  /** Upserts in one import; a document refused is logged with its reason, and only the refused ones are sent again. */
  async upsertProducts(_shopId: string, docs: ProductDoc[]) {
    let pending = docs.map(toDocument);
    let reasons: string[] = [];
    for (let attempt = 1; pending.length && attempt <= 3; attempt++) {
      const results = await this.importDocuments(pending);
      const failed = pending.flatMap((doc, i) => (results[i]?.success === false ? [{ doc, reason: results[i]?.error ?? "no reason given" }] : []));
      reasons = failed.map((f) => `${f.doc.id}: ${f.reason}`);
      for (const reason of reasons) console.warn(`[search] Typesense refused product ${reason} (attempt ${attempt})`);
      pending = failed.map((f) => f.doc);
    }
    if (pending.length) throw new Error(`Typesense refused ${pending.length} of ${docs.length} products: ${reasons.slice(0, 5).join("; ")}`);
  }

  /** One import; the client throws when a line failed, with every line's result on the error. */
  private async importDocuments(docs: ProductDocument[]): Promise<ImportResponse[]> {
    try {
      return await this.writes.collections<ProductDocument>(this.collections.products).documents().import(docs, { action: "upsert" });
    } catch (error) {
      if (error instanceof ImportError) return error.importResults;
      throw error;
    }
  }

  async removeProducts(shopId: string, productIds: string[]) {
    for (let i = 0; i < productIds.length; i += DELETE_CHUNK)
      await this.writes
        .collections(this.collections.products)
        .documents()
        .delete({ filter_by: `shop_id:=${quote(shopId)} && id:${ids(productIds.slice(i, i + DELETE_CHUNK))}` });
  }

  async upsertShop(doc: ShopDoc) {
    await this.writes
      .collections(this.collections.shops)
      .documents()
      .upsert({
        id: doc.id,
        slug: doc.slug,
        name: doc.name,
        city: doc.city,
        country: doc.country,
        location: [doc.latitude, doc.longitude],
        category_ids: doc.categoryIds,
        product_count: doc.productCount,
        updated_at: doc.updatedAt.getTime(),
      });
  }

  async removeShop(shopId: string) {
    await this.writes
      .collections(this.collections.products)
      .documents()
      .delete({ filter_by: `shop_id:=${quote(shopId)}` });
    await this.writes
      .collections(this.collections.shops)
      .documents()
      .delete({ filter_by: `id:=${quote(shopId)}` });
  }

  async searchProducts(s: ProductSearch): Promise<ProductResults> {
    const params = productSearchParams(s);
    if (!params) return emptyProducts(s);
    const [res] = await this.search<ProductDocument>([{ collection: this.collections.products, ...params }]);
    if (!res) return emptyProducts(s);
    const counts = (field: string): FacetValue[] =>
      (res.facet_counts?.find((f) => f.field_name === field)?.counts ?? []).map((c) => ({ value: c.value, label: c.value, count: c.count }));
    const shopFacets = counts("shop_id").slice(0, FACET_LIMIT);
    return {
      hits: (res.hits ?? []).map((h) => {
        const d = h.document;
        const meters = (h.geo_distance_meters as { location?: number } | undefined)?.location;
        return {
          id: d.id,
          handle: d.handle,
          title: d.title,
          brand: d.brand ?? null,
          shop: { id: d.shop_id, slug: d.shop_slug, name: d.shop_name },
          distanceKm: s.near && meters !== undefined ? meters / 1000 : null,
          minPrice: d.min_price,
          maxPrice: d.max_price,
          currency: d.currency,
          available: d.available,
          inStock: d.in_stock,
          thumb: d.thumb ?? null,
        };
      }),
      total: res.found,
      page: s.page,
      perPage: s.perPage,
      facets: {
        category: await categoryFacets(counts("category_path")),
        brand: counts("brand").slice(0, FACET_LIMIT),
        priceBand: priceBandFacets(counts("price_band")),
        shop: await labelShops(shopFacets, res.hits ?? []),
        attributes: counts("attributes").slice(0, FACET_LIMIT),
        inStock: counts("in_stock").find((f) => f.value === "true")?.count ?? 0,
      },
      correctedQuery: null,
    };
  }

  /**
   * Shops near a point. The category counts are taken over the whole radius
   * (as the PostgreSQL engine does), not after the chosen category: with one
   * chosen, a second search in the same request counts them.
   */
  async searchShops(s: ShopSearch): Promise<ShopResults> {
    const radius = `location:(${s.near.lat}, ${s.near.lng}, ${s.radiusKm} km)`;
    const common = { collection: this.collections.shops, q: s.q || "*", query_by: "name", facet_by: "category_ids", max_facet_values: 250 };
    const searches = [
      {
        ...common,
        filter_by: s.categoryId ? `${radius} && category_ids:=${quote(s.categoryId)}` : radius,
        sort_by: `location(${s.near.lat}, ${s.near.lng}):asc`,
        page: s.page,
        per_page: s.perPage,
      },
      ...(s.categoryId ? [{ ...common, filter_by: radius, per_page: 0 }] : []),
    ];
    const [res, overRadius = res] = await this.search<ShopDocument>(searches);
    if (!res) throw new Error("Typesense answered a shop search without its result");
    return {
      hits: (res.hits ?? []).map((h) => ({
        id: h.document.id,
        slug: h.document.slug,
        name: h.document.name,
        city: h.document.city,
        country: h.document.country,
        latitude: h.document.location[0],
        longitude: h.document.location[1],
        distanceKm: ((h.geo_distance_meters as { location?: number } | undefined)?.location ?? 0) / 1000,
        productCount: h.document.product_count,
      })),
      total: res.found,
      page: s.page,
      perPage: s.perPage,
      facets: {
        category: (
          await categoryFacets(
            (overRadius?.facet_counts?.find((f) => f.field_name === "category_ids")?.counts ?? []).map((c) => ({
              value: c.value,
              label: c.value,
              count: c.count,
            })),
          )
        ).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
      },
    };
  }

  /**
   * Titles that start with the words typed. `group_by` needs a facet field
   * and titles are not one, so repeated titles are folded here instead.
   */
  async suggest(s: SuggestQuery): Promise<string[]> {
    const filters: string[] = [];
    if (s.shopIds.length) filters.push(`shop_id:=${ids(s.shopIds)}`);
    else if (s.near) filters.push(`location:(${s.near.lat}, ${s.near.lng}, ${s.radiusKm} km)`);
    const [res] = await this.search<ProductDocument>([
      {
        collection: this.collections.products,
        q: s.q,
        query_by: "title",
        prefix: true,
        filter_by: filters.join(" && ") || undefined,
        per_page: SUGGEST_LIMIT * 4,
        include_fields: "title",
      },
    ]);
    const seen = new Map<string, string>();
    for (const h of res?.hits ?? []) {
      const title = h.document.title;
      const key = title.toLocaleLowerCase();
      if (title && !seen.has(key)) seen.set(key, title);
    }
    return [...seen.values()].slice(0, SUGGEST_LIMIT);
  }

  async storedProducts(shopId: string) {
    const jsonl = await this.writes
      .collections(this.collections.products)
      .documents()
      .export({ filter_by: `shop_id:=${quote(shopId)}`, include_fields: "id,title,min_price,max_price,available,category_path" });
    return jsonl
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const d = JSON.parse(line) as { id: string; title: string; min_price: number; max_price: number; available: number; category_path: string[] };
        return { id: d.id, title: d.title, minPrice: d.min_price, maxPrice: d.max_price, available: d.available, categoryId: d.category_path.at(-1) ?? null };
      });
  }

  async storedShopIds() {
    const jsonl = await this.writes.collections(this.collections.shops).documents().export({ include_fields: "id" });
    return jsonl
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
  }

  async retainProducts(shopId: string, keepIds: string[]) {
    const keep = new Set(keepIds);
    await this.removeProducts(
      shopId,
      (await this.storedProducts(shopId)).map((d) => d.id).filter((id) => !keep.has(id)),
    );
  }

  /**
   * Fills new collections, then points the aliases at them and drops the old
   * ones, and the orphans of earlier rebuilds that failed half-way. Safe to
   * retry: a collection the server made before a timed-out answer is used,
   * not refused; only a missing alias reads as "none", any other error stops
   * the rebuild before the old collections are dropped.
   */
  async rebuild(fill: (target: SearchEngine) => Promise<void>) {
    const stamp = Date.now();
    const next = { products: `${ALIASES.products}_${stamp}`, shops: `${ALIASES.shops}_${stamp}` };
    for (const schema of [productsSchema(next.products), shopsSchema(next.shops)])
      await this.writes
        .collections()
        .create(schema)
        .catch((error: unknown) => {
          if (!(error instanceof ObjectAlreadyExists)) throw error;
        });
    await fill(new TypesenseEngine(this.clients, next));
    for (const k of ["products", "shops"] as const) await this.writes.aliases().upsert(ALIASES[k], { collection_name: next[k] });
    const live = new Set(Object.values(next));
    for (const c of await this.writes.collections().retrieve()) {
      const made = /^(?:products|shops)_(\d+)$/.exec(c.name);
      if (made && !live.has(c.name) && Number(made[1]) < stamp) await this.writes.collections(c.name).delete().catch(ignoreMissing);
    }
  }
}

/** A collection or alias already gone is what we wanted. */
function ignoreMissing(error: unknown) {
  if (!(error instanceof ObjectNotFound)) throw error;
}

const SUGGEST_LIMIT = 8;

function emptyProducts(s: ProductSearch): ProductResults {
  return {
    hits: [],
    total: 0,
    page: s.page,
    perPage: s.perPage,
    facets: { category: [], brand: [], priceBand: [], shop: [], attributes: [], inStock: 0 },
    correctedQuery: null,
  };
}

/**
 * Every shop in the shop facet gets its name: from this page's hits when one
 * is there, else from the shops table (shop names are public).
 */
async function labelShops(facets: FacetValue[], hits: { document: ProductDocument }[]): Promise<FacetValue[]> {
  const names = new Map(hits.map((h) => [h.document.shop_id, h.document.shop_name ?? ""]));
  const missing = facets.map((f) => f.value).filter((id) => !names.get(id));
  if (missing.length) {
    const shops = await baseDb.shop.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } });
    for (const shop of shops) names.set(shop.id, shop.name);
  }
  return facets.map((f) => ({ ...f, label: names.get(f.value) || "Shop" }));
}
