import { z } from "zod";
import { idSchema } from "./common";
import { queryWords } from "../services/search/words";

/** Limits of the public search endpoints; each is named in its error. */
export const SEARCH_LIMITS = {
  maxRadiusKm: 100,
  defaultRadiusKm: 10,
  maxPerPage: 48,
  defaultPerPage: 24,
  maxPage: 100,
  maxQueryLength: 200,
  maxFilterValues: 20,
} as const;

export const PRODUCT_SORTS = ["relevance", "distance", "price", "-price"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Price bands of the price facet, in minor units (upper bound exclusive). */
export const PRICE_BANDS = [
  { id: "under-10", label: "Under 10", min: 0, max: 1000 },
  { id: "10-25", label: "10 to 25", min: 1000, max: 2500 },
  { id: "25-50", label: "25 to 50", min: 2500, max: 5000 },
  { id: "50-100", label: "50 to 100", min: 5000, max: 10000 },
  { id: "100-plus", label: "100 and more", min: 10000, max: Number.MAX_SAFE_INTEGER },
] as const;
export type PriceBand = (typeof PRICE_BANDS)[number]["id"];

export function priceBandOf(minorUnits: number): PriceBand {
  return PRICE_BANDS.find((b) => minorUnits < b.max)?.id ?? "100-plus";
}

// C0/C1 controls other than tab and newlines, and lone surrogates: nothing a
// person types, often something a fuzzer does.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const searchText = z
  .string()
  .max(SEARCH_LIMITS.maxQueryLength, `Search text is too long: use ${SEARCH_LIMITS.maxQueryLength} characters at most`)
  .refine((s) => !LONE_SURROGATE.test(s) && !CONTROL.test(s), "Search text contains characters that cannot be searched (control characters or broken Unicode)")
  .transform((s) => s.normalize("NFC").replace(/\s+/g, " ").trim());

const latitude = z.coerce
  .number({ message: "Latitude must be a number" })
  .min(-90, "Latitude must be between -90 and 90")
  .max(90, "Latitude must be between -90 and 90");
const longitude = z.coerce
  .number({ message: "Longitude must be a number" })
  .min(-180, "Longitude must be between -180 and 180")
  .max(180, "Longitude must be between -180 and 180");

export const pointSchema = z.object({ lat: latitude, lng: longitude });
export type Point = z.infer<typeof pointSchema>;

const radiusKm = z.coerce
  .number({ message: "Radius must be a number of kilometres" })
  .positive("Radius must be more than 0 km")
  .max(SEARCH_LIMITS.maxRadiusKm, `Radius can be ${SEARCH_LIMITS.maxRadiusKm} km at most`)
  .default(SEARCH_LIMITS.defaultRadiusKm);

const page = z.coerce
  .number({ message: "Page must be a number" })
  .int("Page must be a whole number")
  .min(1, "Page starts at 1")
  .max(SEARCH_LIMITS.maxPage, `Results go up to page ${SEARCH_LIMITS.maxPage}; narrow the search instead`)
  .default(1);
const perPage = z.coerce
  .number({ message: "Page size must be a number" })
  .int("Page size must be a whole number")
  .min(1, "Page size must be at least 1")
  .max(SEARCH_LIMITS.maxPerPage, `Page size can be ${SEARCH_LIMITS.maxPerPage} at most`)
  .default(SEARCH_LIMITS.defaultPerPage);

const filterValues = (what: string, item: z.ZodType<string>) =>
  z.array(item).max(SEARCH_LIMITS.maxFilterValues, `Choose ${SEARCH_LIMITS.maxFilterValues} ${what} at most`).default([]);
const facetValue = z.string().trim().min(1).max(200, "A filter value is too long (200 characters at most)");

export const productSearchSchema = z
  .object({
    q: searchText.default(""),
    /** Where the customer is; optional only inside one shop. */
    near: pointSchema.optional(),
    radiusKm,
    categoryId: z
      .string()
      .trim()
      .max(100, "Not a known category")
      .regex(/^[a-z0-9-]*$/, "Not a known category")
      .optional(),
    brands: filterValues("brands", facetValue),
    priceBands: filterValues("price ranges", z.enum(PRICE_BANDS.map((b) => b.id) as [PriceBand, ...PriceBand[]], { message: "Not a known price range" })),
    shopIds: filterValues("shops", idSchema),
    attributes: filterValues("attributes", facetValue),
    inStock: z.boolean().default(false),
    sort: z.enum(PRODUCT_SORTS, { message: `Sort by ${PRODUCT_SORTS.join(", ")}` }).default("relevance"),
    page,
    perPage,
  })
  // Without a location, words search every shop; nothing at all would list every product there is.
  .refine((s) => s.near || s.shopIds.length === 1 || queryWords(s.q).length > 0, {
    message: "Type what you are looking for, or set your location to see what is near you",
    path: ["near"],
  });
export type ProductSearch = z.infer<typeof productSearchSchema>;
export type ProductSearchInput = z.input<typeof productSearchSchema>;

export const shopSearchSchema = z.object({
  near: pointSchema,
  radiusKm,
  q: searchText.default(""),
  categoryId: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9-]*$/, "Not a known category")
    .optional(),
  page,
  perPage,
});
export type ShopSearch = z.infer<typeof shopSearchSchema>;

export const suggestSchema = z.object({
  q: searchText,
  near: pointSchema.optional(),
  radiusKm,
  shopIds: filterValues("shops", idSchema),
});
export type SuggestQuery = z.infer<typeof suggestSchema>;

export const placeSearchSchema = z.object({
  q: searchText.pipe(z.string().min(2, "Type at least 2 letters of a place name")),
});

/**
 * "48.85, 2.35" or "48.85 2.35": a place typed as coordinates.
 */
export function parseCoordinates(text: string): Point | null {
  const m = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const parsed = pointSchema.safeParse({ lat: m[1], lng: m[2] });
  return parsed.success ? parsed.data : null;
}
