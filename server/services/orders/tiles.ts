import { z } from "zod";
import { inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { notFound } from "../errors";
import { LookupRow, type LookupHit } from "./pos";

/** How many items the tiles show: a counter's quick picks, not the whole catalog (the scan box finds the rest). */
export const MAX_TILES = 300;

const TileRow = LookupRow.extend({ category: z.string().nullable() });
export type Tile = LookupHit & { category: string | null };

/**
 * The till's tiles, for taps without a scanner: the shop's active items
 * with their price and what is available at the till, by category (none
 * last) and title.
 */
export function tillTiles(shopId: string, locationId: string): Promise<Tile[]> {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: locationId }, select: { id: true } });
    if (!location) throw notFound("Location");
    const rows = parseRows(
      TileRow,
      await tx.$queryRaw`
      SELECT v.id AS "variantId", p.title, v.option_values AS "optionValues", v.sku, v.barcode, v.price, v.tax_class::text AS "taxClass",
             coalesce(s.on_hand - s.reserved, 0) AS available, c.name AS category
      FROM variants v
      JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      LEFT JOIN categories c ON c.id = p.category_id
      LEFT JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id AND s.location_id = ${locationId}::uuid
      WHERE v.shop_id = ${shopId}::uuid AND p.status = 'active'
      ORDER BY c.name NULLS LAST, p.title, v.position
      LIMIT ${MAX_TILES}`,
    );
    return rows.map(({ optionValues, ...r }) => ({ ...r, variantTitle: optionValues.join(" / ") }));
  });
}
