import type { OpenState } from "../locations/hours";
import type { ProductSearch, ShopSearch, SuggestQuery } from "../../schemas/search";
import type { ShopLanguage } from "../../schemas/shop";

/**
 * What a search engine stores for a product: public fields only (no costs,
 * no drafts). Built from the database by documents.ts for both engines.
 */
export interface ProductDoc {
  id: string;
  shopId: string;
  shopSlug: string;
  shopName: string;
  handle: string;
  title: string;
  brand: string | null;
  description: string;
  categoryId: string | null;
  /** Category ids from the root down to the product's own. */
  categoryPath: string[];
  /** "Groceries Dairy & eggs Cheese": searchable words of the category. */
  categoryNames: string;
  minPrice: number;
  maxPrice: number;
  currency: string;
  /** The shop's language: the words are stemmed in it (fr: French stems without accents). */
  language: ShopLanguage;
  priceBand: string;
  /** "Size:M", "material:cotton". */
  attributes: string[];
  available: number;
  inStock: boolean;
  thumb: string | null;
  latitude: number;
  longitude: number;
  updatedAt: Date;
}

export interface ShopDoc {
  id: string;
  slug: string;
  name: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  /** Top-level categories of its active products. */
  categoryIds: string[];
  productCount: number;
  updatedAt: Date;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface ProductHit {
  id: string;
  handle: string;
  title: string;
  brand: string | null;
  /** open: open now or when it opens ("Open now · closes at 19:00"), added after the search (discovery router), not by engines. */
  shop: { id: string; slug: string; name: string; open?: OpenState | null };
  /** Null when searching one shop without a location. */
  distanceKm: number | null;
  minPrice: number;
  maxPrice: number;
  currency: string;
  available: number;
  inStock: boolean;
  thumb: string | null;
}

export interface ProductResults {
  hits: ProductHit[];
  total: number;
  page: number;
  perPage: number;
  facets: {
    category: (FacetValue & { depth: number; parentId: string | null })[];
    brand: FacetValue[];
    priceBand: FacetValue[];
    shop: FacetValue[];
    attributes: FacetValue[];
    inStock: number;
  };
  /** The query as the engine understood it after typo correction, when it differs. */
  correctedQuery: string | null;
}

export type ShopHit = Pick<ShopDoc, "id" | "slug" | "name" | "city" | "country" | "latitude" | "longitude" | "productCount"> & {
  distanceKm: number;
};

export interface ShopResults {
  hits: ShopHit[];
  total: number;
  page: number;
  perPage: number;
  facets: { category: FacetValue[] };
}

/**
 * One results contract, two engines (ARCHITECTURE.md, Search). Writes are
 * per shop: the PostgreSQL engine's index only accepts a shop's rows inside
 * that shop's scope.
 */
export interface SearchEngine {
  readonly name: "postgres" | "typesense";
  upsertProducts(shopId: string, docs: ProductDoc[]): Promise<void>;
  removeProducts(shopId: string, productIds: string[]): Promise<void>;
  upsertShop(doc: ShopDoc): Promise<void>;
  /** Removes the shop and every product of it. */
  removeShop(shopId: string): Promise<void>;
  searchProducts(query: ProductSearch): Promise<ProductResults>;
  searchShops(query: ShopSearch): Promise<ShopResults>;
  suggest(query: SuggestQuery): Promise<string[]>;
  /** What the engine holds for a shop, for the consistency check. */
  storedProducts(shopId: string): Promise<Pick<ProductDoc, "id" | "title" | "minPrice" | "maxPrice" | "available" | "categoryId">[]>;
  storedShopIds(): Promise<string[]>;
  /** Removes the shop's documents whose ids are not in `keepIds` (after a full sync). */
  retainProducts(shopId: string, keepIds: string[]): Promise<void>;
  /** Full rebuild: `fill` writes every document; readers never see a half index. */
  rebuild(fill: (target: SearchEngine) => Promise<void>): Promise<void>;
}
