import { z } from "zod";
import { spendSearch, spendShopPublic } from "../auth/rate-limit.server";
import { slugSchema } from "../schemas/shop";
import { placeSearchSchema, parseCoordinates, pointSchema, productSearchSchema, shopSearchSchema, suggestSchema } from "../schemas/search";
import { searchEngine } from "../services/search/indexer";
import { findPlaces, findPostcodes, looksLikePostcode } from "../services/search/places";
import { productPage, shopPage } from "../services/search/storefront";
import { shopsOpen } from "../services/locations/public";
import { publicProcedure, router } from "../trpc/init";
import { replicaReads } from "../trpc/replica-reads";

/** Public, signed in or not; every call spends from the caller's IP budget. */
const searchProcedure = publicProcedure
  .use(async ({ ctx, next }) => {
    await spendSearch(ctx.ip);
    return next();
  })
  .use(replicaReads);

export const discoveryRouter = router({
  /** Place names for the location typeahead, places for a postcode, or the point typed as "lat, lng". */
  places: searchProcedure.input(placeSearchSchema).query(({ input }) => {
    const point = parseCoordinates(input.q);
    if (point) return [{ name: `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}`, country: "", ...point, population: 0 }];
    return looksLikePostcode(input.q) ? findPostcodes(input.q) : findPlaces(input.q);
  }),
  // "Open now · closes at 19:00" beside each shop (issue 25): read after the search, for the page's shops only.
  shops: searchProcedure.input(shopSearchSchema).query(async ({ input }) => {
    const result = await searchEngine().searchShops(input);
    const open = await shopsOpen(result.hits.map((h) => h.id));
    return { ...result, hits: result.hits.map((h) => ({ ...h, open: open.get(h.id) ?? null })) };
  }),
  products: searchProcedure.input(productSearchSchema).query(async ({ input }) => {
    const result = await searchEngine().searchProducts(input);
    const open = await shopsOpen([...new Set(result.hits.map((h) => h.shop.id))]);
    return { ...result, hits: result.hits.map((h) => ({ ...h, shop: { ...h.shop, open: open.get(h.shop.id) ?? null } })) };
  }),
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
