import type { WebKey } from "../lib/i18n";
import type { PRODUCT_STATUSES } from "../../server/schemas/catalog";

/** A product's status as staff read it (a badge, a filter's option). */
export const PRODUCT_STATUS_KEYS: Record<(typeof PRODUCT_STATUSES)[number], WebKey> = {
  draft: "catalog.status.draft",
  active: "catalog.status.active",
  archived: "catalog.status.archived",
};
