import { z } from "zod";
import { parseRows } from "../../db/rows";
import { inShop } from "../../db/client.server";
import { LookupRow, type LookupHit } from "../orders/pos";

/** A sellable variant as the till's lookup answers it, plus the product it belongs to and its category (the till's tiles). */
export type FeedVariant = LookupHit & { productId: string; category: string | null };

// A changed variant, or (all but its id null) a deleted one's tombstone.
const FeedRow = z.union([
  LookupRow.extend({ productId: z.string(), category: z.string().nullable(), active: z.boolean(), seq: z.string() }),
  z.object({ variantId: z.string(), active: z.literal(false), seq: z.string() }),
]);

export type Feed = {
  /** Pass it back next time: only what changed after it comes. */
  cursor: string;
  /** Sellable variants changed since the cursor (new, renamed, repriced, back from archive). */
  changed: FeedVariant[];
  /** Variants to drop: deleted, or their product archived or drafted. */
  removed: string[];
  /** More changes wait: ask again with the new cursor. */
  more: boolean;
};

/**
 * The register's catalog, incrementally: every variant whose feed_seq (a
 * trigger moves it on each change a till cares about) is past the cursor,
 * then tombstones of deleted ones, in one cursor order. A register that
 * never synced passes 0 and pages through the whole catalog.
 */
export function catalogFeed(shopId: string, locationId: string, input: { cursor: string; limit: number }): Promise<Feed> {
  return inShop(shopId, async (tx) => {
    const rows = parseRows(
      FeedRow,
      await tx.$queryRaw`
      SELECT * FROM ((SELECT v.id AS "variantId", v.product_id AS "productId", p.title, v.option_values AS "optionValues", v.sku, v.barcode, v.price,
              v.tax_class::text AS "taxClass", p.status = 'active' AS active, v.feed_seq::text AS seq,
              coalesce(s.on_hand - s.reserved, 0) AS available, c.name AS category
       FROM variants v
       JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
       LEFT JOIN categories c ON c.id = p.category_id
       LEFT JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id AND s.location_id = ${locationId}::uuid
       WHERE v.shop_id = ${shopId}::uuid AND v.feed_seq > ${input.cursor}::bigint
       ORDER BY v.feed_seq LIMIT ${input.limit + 1})
      UNION ALL
      (SELECT t.variant_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, t.feed_seq::text, 0, NULL
       FROM variant_tombstones t
       WHERE t.shop_id = ${shopId}::uuid AND t.feed_seq > ${input.cursor}::bigint
       ORDER BY t.feed_seq LIMIT ${input.limit + 1})) feed
      ORDER BY seq::bigint LIMIT ${input.limit + 1}`,
    );
    const more = rows.length > input.limit;
    const page = rows.slice(0, input.limit);
    const changed: FeedVariant[] = [];
    const removed: string[] = [];
    for (const row of page) {
      if (row.active) {
        const { seq: _, active: _active, optionValues, ...v } = row;
        changed.push({ ...v, variantTitle: optionValues.join(" / ") });
      } else removed.push(row.variantId);
    }
    return { cursor: page.at(-1)?.seq ?? input.cursor, changed, removed, more };
  });
}
