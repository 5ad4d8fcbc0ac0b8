import { inShop } from "../../db/client.server";
import { productFiltersSchema } from "../../schemas/catalog";
import { DomainError, fieldError, isUniqueViolation, notFound } from "../errors";

/** A member keeps this many named filters per list at most. */
export const MAX_SAVED_FILTERS = 20;
const PAGE = "products";

/**
 * The filters in a query string as the list reads them, written back in
 * one order with only the list's own fields (an empty field is not set).
 * A value the list would refuse is refused here, naming the field.
 */
export function normaliseProductFilters(query: string): string {
  const raw = Object.fromEntries(
    [...new URLSearchParams(query.replace(/^\?/, ""))].filter(([k, v]) => v !== "" && Object.hasOwn(productFiltersSchema.shape, k)),
  );
  const parsed = productFiltersSchema.safeParse(raw);
  if (!parsed.success) throw fieldError("query", parsed.error.issues[0]?.message ?? "These filters are not valid");
  const out = new URLSearchParams();
  for (const key of Object.keys(productFiltersSchema.shape)) {
    const value = parsed.data[key as keyof typeof parsed.data];
    if (value !== undefined && !(key === "sort" && value === "title")) out.set(key, String(value));
  }
  return out.toString();
}

/** The member's saved product-list filters, by name. */
export function listSavedFilters(shopId: string, userId: string) {
  return inShop(shopId, (tx) =>
    tx.savedFilter.findMany({ where: { userId, page: PAGE }, orderBy: { name: "asc" }, select: { id: true, name: true, query: true } }),
  );
}

/** Saves the list's current filters under a name; the same name again replaces them. */
export function saveFilter(shopId: string, userId: string, input: { name: string; query: string }) {
  const query = normaliseProductFilters(input.query);
  return inShop(shopId, async (tx) => {
    const existing = await tx.savedFilter.findFirst({ where: { userId, page: PAGE, name: input.name }, select: { id: true } });
    if (existing) {
      await tx.savedFilter.updateMany({ where: { id: existing.id, userId }, data: { query } });
      return { id: existing.id, name: input.name, query };
    }
    const count = await tx.savedFilter.count({ where: { userId, page: PAGE } });
    if (count >= MAX_SAVED_FILTERS) throw fieldError("name", `You have ${MAX_SAVED_FILTERS} saved filters: remove one first`);
    try {
      return await tx.savedFilter.create({ data: { shopId, userId, page: PAGE, name: input.name, query }, select: { id: true, name: true, query: true } });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError("conflict", "A filter with this name was just saved: try again");
      throw error;
    }
  });
}

/** Removes one of the member's own saved filters (someone else's is "not found"). */
export function removeFilter(shopId: string, userId: string, filterId: string) {
  return inShop(shopId, async (tx) => {
    const { count } = await tx.savedFilter.deleteMany({ where: { id: filterId, userId } });
    if (count === 0) throw notFound("Saved filter");
    return { removed: true };
  });
}
