import { PRICE_BANDS } from "../../schemas/search";
import { categoriesById } from "../catalog/categories";
import type { FacetValue } from "./types";

/** Category facet values with the tree's names, depth and parent; unknown ids are dropped. */
export async function categoryFacets(values: FacetValue[]) {
  const byId = await categoriesById();
  return values.flatMap((f) => {
    const c = byId.get(f.value);
    return c ? [{ ...f, label: c.name, depth: c.depth, parentId: c.parentId }] : [];
  });
}

const BAND_ORDER = PRICE_BANDS.map((b) => b.id as string);

/** Price band facet values with their labels, cheapest band first. */
export function priceBandFacets(values: FacetValue[]): FacetValue[] {
  return values
    .map((f) => ({ ...f, label: PRICE_BANDS.find((b) => b.id === f.value)?.label ?? f.value }))
    .sort((a, b) => BAND_ORDER.indexOf(a.value) - BAND_ORDER.indexOf(b.value));
}
