type CategoryFacet = { value: string; parentId: string | null; depth: number };

/**
 * Only the category facet values the results page shows (components/product-search.tsx):
 * the top level, or the chosen category (the raw `category` parameter, as
 * the component reads it) and its children. A big shop's
 * listing counts up to 200 categories; shipping them all in the loader's
 * data doubled the page's size (issue 21).
 */
export function shownFacets<T extends { facets: { category: CategoryFacet[] } }>(result: T, chosen: string | null): T {
  const category = result.facets.category.filter((c) => (chosen ? c.value === chosen || c.parentId === chosen : c.depth === 0));
  return { ...result, facets: { ...result.facets, category } };
}
