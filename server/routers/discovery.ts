import { z } from "zod";
import { spendSearch, spendShopPublic } from "../auth/rate-limit.server";
import { slugSchema } from "../schemas/shop";
import { placeSearchSchema, parseCoordinates, pointSchema, productSearchSchema, shopSearchSchema, suggestSchema } from "../schemas/search";
import { searchEngine } from "../services/search/indexer";
import { findPlaces, findPostcodes, looksLikePostcode } from "../services/search/places";
import { productPage, shopPage } from "../services/search/storefront";
import { publicProcedure, router } from "../trpc/init";

/** Public, signed in or not; every call spends from the caller's IP budget. */
const searchProcedure = publicProcedure.use(async ({ ctx, next }) => {
  await spendSearch(ctx.ip);
  return next();
});

export const discoveryRouter = router({
  /** Place names for the location typeahead, places for a postcode, or the point typed as "lat, lng". */
  places: searchProcedure.input(placeSearchSchema).query(({ input }) => {
    const point = parseCoordinates(input.q);
    if (point) return [{ name: `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`, country: "", ...point, population: 0 }];
    return looksLikePostcode(input.q) ? findPostcodes(input.q) : findPlaces(input.q);
  }),
  shops: searchProcedure.input(shopSearchSchema).query(({ input }) => searchEngine().searchShops(input)),
  products: searchProcedure.input(productSearchSchema).query(({ input }) => searchEngine().searchProducts(input)),
  suggest: searchProcedure.input(suggestSchema).query(({ input }) => searchEngine().suggest(input)),
  shop: searchProcedure.input(z.object({ slug: slugSchema, near: pointSchema.optional() })).query(async ({ input }) => {
    await spendShopPublic(input.slug);
    return shopPage(input.slug, input.near);
  }),
  product: searchProcedure
    .input(z.object({ slug: slugSchema, handle: z.string().trim().min(1).max(200), near: pointSchema.optional() }))
    .query(async ({ input }) => {
      await spendShopPublic(input.slug);
      return productPage(input.slug, input.handle, input.near);
    }),
});
