import { Client } from "typesense";
import type { CollectionCreateSchema } from "typesense/lib/Typesense/Collections";
import type { ProductSearch, ShopSearch, SuggestQuery } from "../../schemas/search";
import { categoryFacets, priceBandFacets } from "./facets";
import type { FacetValue, ProductDoc, ProductResults, SearchEngine, ShopDoc, ShopResults } from "./types";
import { attributeGroups } from "./words";

/** Collections are reached through these aliases, so a rebuild swaps in at once. */
export const ALIASES = { products: "products", shops: "shops" } as const;
const FACET_LIMIT = 20;

export function productsSchema(name: string): CollectionCreateSchema {
  return {
    name,
    fields: [
      { name: "shop_id", type: "string", facet: true },
      { name: "shop_slug", type: "string", index: false, optional: true },
      { name: "shop_name", type: "string", index: false, optional: true },
      { name: "handle", type: "string", index: false, optional: true },
      { name: "title", type: "string", infix: false },
      { name: "brand", type: "string", facet: true, optional: true },
      { name: "description", type: "string", optional: true },
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

/** Typesense filter values go in backticks; a backtick inside cannot be escaped, so it is dropped. */
const quote = (v: string) => `\`${v.replace(/`/g, "")}\``;
const list = (vs: string[]) => `[${vs.map(quote).join(",")}]`;

function toDocument(d: ProductDoc) {
  return {
    id: d.id,
    shop_id: d.shopId,
    shop_slug: d.shopSlug,
    shop_name: d.shopName,
    handle: d.handle,
    title: d.title,
    brand: d.brand ?? undefined,
    description: d.description,
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

/** The search parameters for a product query: exported so tests can compare them with what was sent. */
export function productSearchParams(s: ProductSearch) {
  const filters: string[] = [];
  if (s.near && s.shopIds.length !== 1) filters.push(`location:(${s.near.lat}, ${s.near.lng}, ${s.radiusKm} km)`);
  if (s.categoryId) filters.push(`category_path:=${quote(s.categoryId)}`);
  if (s.brands.length) filters.push(`brand:=${list(s.brands)}`);
  if (s.priceBands.length) filters.push(`price_band:=${list(s.priceBands)}`);
  if (s.shopIds.length) filters.push(`shop_id:=${list(s.shopIds)}`);
  for (const group of attributeGroups(s.attributes)) filters.push(`attributes:=${list(group)}`);
  if (s.inStock) filters.push("in_stock:=true");
  const geo = s.near ? `location(${s.near.lat}, ${s.near.lng}):asc` : null;
  const sort = {
    relevance: ["_text_match:desc", geo],
    distance: [geo, "_text_match:desc"],
    price: ["min_price:asc", geo],
    "-price": ["min_price:desc", geo],
  }[s.sort].filter(Boolean);
  return {
    q: s.q || "*",
    query_by: "title,brand,category_names,description",
    query_by_weights: "4,3,2,1",
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

export class TypesenseEngine implements SearchEngine {
  readonly name = "typesense" as const;
  constructor(
    private readonly client: Client,
    private readonly collections: { products: string; shops: string } = ALIASES,
  ) {}

  static fromUrl(url: string, apiKey: string) {
    const u = new URL(url);
    const protocol = u.protocol.replace(":", "");
    const client = new Client({
      nodes: [{ host: u.hostname, port: Number(u.port || (protocol === "https" ? 443 : 80)), protocol, path: u.pathname.replace(/\/$/, "") }],
      apiKey,
      connectionTimeoutSeconds: 5,
      numRetries: 2,
      logLevel: "warn",
    });
    return new TypesenseEngine(client);
  }

  async upsertProducts(_shopId: string, docs: ProductDoc[]) {
    if (!docs.length) return;
    const results = await this.client.collections<ProductDocument>(this.collections.products).documents().import(docs.map(toDocument), { action: "upsert" });
    const failed = results.filter((r) => !r.success);
    if (failed.length) throw new Error(`Typesense refused ${failed.length} documents: ${failed[0]?.error}`);
  }

  async removeProducts(shopId: string, productIds: string[]) {
    if (!productIds.length) return;
    await this.client
      .collections(this.collections.products)
      .documents()
      .delete({ filter_by: `shop_id:=${quote(shopId)} && id:${list(productIds)}` });
  }

  async upsertShop(doc: ShopDoc) {
    await this.client
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
    await this.client
      .collections(this.collections.products)
      .documents()
      .delete({ filter_by: `shop_id:=${quote(shopId)}` });
    await this.client
      .collections(this.collections.shops)
      .documents()
      .delete({ filter_by: `id:=${quote(shopId)}` });
  }

  async searchProducts(s: ProductSearch): Promise<ProductResults> {
    const res = await this.client.collections<ProductDocument>(this.collections.products).documents().search(productSearchParams(s));
    const counts = (field: string): FacetValue[] =>
      (res.facet_counts?.find((f) => f.field_name === field)?.counts ?? []).map((c) => ({ value: c.value, label: c.value, count: c.count }));
    const shopNames = new Map((res.hits ?? []).map((h) => [h.document.shop_id, h.document.shop_name ?? ""]));
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
        shop: counts("shop_id")
          .slice(0, FACET_LIMIT)
          .map((f) => ({ ...f, label: shopNames.get(f.value) ?? "Shop" })),
        attributes: counts("attributes").slice(0, FACET_LIMIT),
        inStock: counts("in_stock").find((f) => f.value === "true")?.count ?? 0,
      },
      correctedQuery: null,
    };
  }

  async searchShops(s: ShopSearch): Promise<ShopResults> {
    const filters = [`location:(${s.near.lat}, ${s.near.lng}, ${s.radiusKm} km)`];
    if (s.categoryId) filters.push(`category_ids:=${quote(s.categoryId)}`);
    const res = await this.client
      .collections<{ id: string; slug: string; name: string; city: string; country: string; location: [number, number]; product_count: number }>(
        this.collections.shops,
      )
      .documents()
      .search({
        q: s.q || "*",
        query_by: "name",
        filter_by: filters.join(" && "),
        sort_by: `location(${s.near.lat}, ${s.near.lng}):asc`,
        facet_by: "category_ids",
        page: s.page,
        per_page: s.perPage,
      });
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
        category: await categoryFacets((res.facet_counts?.[0]?.counts ?? []).map((c) => ({ value: c.value, label: c.value, count: c.count }))),
      },
    };
  }

  async suggest(s: SuggestQuery): Promise<string[]> {
    const filters: string[] = [];
    if (s.shopIds.length) filters.push(`shop_id:=${list(s.shopIds)}`);
    else if (s.near) filters.push(`location:(${s.near.lat}, ${s.near.lng}, ${s.radiusKm} km)`);
    const res = await this.client
      .collections<ProductDocument>(this.collections.products)
      .documents()
      .search({
        q: s.q,
        query_by: "title",
        prefix: true,
        filter_by: filters.join(" && ") || undefined,
        group_by: "title",
        group_limit: 1,
        per_page: 8,
        include_fields: "title",
      });
    return (res.grouped_hits ?? []).map((g) => g.hits[0]?.document.title ?? "").filter(Boolean);
  }

  async storedProducts(shopId: string) {
    const jsonl = await this.client
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
    const jsonl = await this.client.collections(this.collections.shops).documents().export({ include_fields: "id" });
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

  /** Fills new collections, then points the aliases at them and drops the old ones. */
  async rebuild(fill: (target: SearchEngine) => Promise<void>) {
    const stamp = Date.now();
    const next = { products: `${ALIASES.products}_${stamp}`, shops: `${ALIASES.shops}_${stamp}` };
    await this.client.collections().create(productsSchema(next.products));
    await this.client.collections().create(shopsSchema(next.shops));
    await fill(new TypesenseEngine(this.client, next));
    const previous = await Promise.all(
      (["products", "shops"] as const).map(async (k) => {
        const old = await this.client
          .aliases(ALIASES[k])
          .retrieve()
          .then((a) => a.collection_name)
          .catch(() => null);
        await this.client.aliases().upsert(ALIASES[k], { collection_name: next[k] });
        return old;
      }),
    );
    for (const old of previous) if (old) await this.client.collections(old).delete();
  }
}
