import { z } from "zod";
import { parseRows } from "../../db/rows";
import { inShop } from "../../db/client.server";
import { Prisma } from "../../db/generated/client.ts";
import { notFound } from "../errors";

const PAGE = 50;

const SoldBeyondStock = z.object({
  movementId: z.string(),
  createdAt: z.date(),
  variantId: z.string(),
  title: z.string(),
  optionValues: z.array(z.string()),
  sku: z.string(),
  locationName: z.string(),
  sold: z.number(),
  beyondStock: z.number(),
  orderId: z.string().nullable(),
  orderNumber: z.number().nullable(),
  staffName: z.string().nullable(),
  onHandNow: z.number(),
});
export type SoldBeyondStock = z.output<typeof SoldBeyondStock>;

/**
 * Till sales that took more than the recorded stock (the shop's "sell below
 * recorded stock" setting), newest first, for a manager to recount: what,
 * where, how many units the ledger did not have, the sale, who sold it and
 * the level now. Reads the ledger rows marked beyond_stock (a partial index).
 */
export function soldBeyondStock(shopId: string, input: { locationId?: string; cursor?: string }) {
  return inShop(shopId, async (tx) => {
    if (input.locationId) {
      const location = await tx.location.findFirst({ where: { id: input.locationId }, select: { id: true } });
      if (!location) throw notFound("Location");
    }
    const where = [Prisma.sql`m.shop_id = ${shopId}::uuid`, Prisma.sql`m.beyond_stock > 0`];
    if (input.locationId) where.push(Prisma.sql`m.location_id = ${input.locationId}::uuid`);
    if (input.cursor) where.push(Prisma.sql`m.id < ${input.cursor}::uuid`);
    const rows = parseRows(
      SoldBeyondStock,
      await tx.$queryRaw`
      SELECT m.id AS "movementId", m.created_at AS "createdAt", m.variant_id AS "variantId", p.title, v.option_values AS "optionValues",
             v.sku, l.name AS "locationName", -m.on_hand_delta AS sold, m.beyond_stock AS "beyondStock",
             o.id AS "orderId", o.number AS "orderNumber", u.name AS "staffName", coalesce(s.on_hand, 0) AS "onHandNow"
      FROM stock_movements m
      JOIN variants v ON v.shop_id = m.shop_id AND v.id = m.variant_id
      JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      JOIN locations l ON l.shop_id = m.shop_id AND l.id = m.location_id
      LEFT JOIN orders o ON o.shop_id = m.shop_id
        AND o.id = CASE WHEN m.reference LIKE 'order:%' THEN substr(m.reference, 7)::uuid END
      LEFT JOIN users u ON u.id = m.user_id
      LEFT JOIN stock_levels s ON s.shop_id = m.shop_id AND s.variant_id = m.variant_id AND s.location_id = m.location_id
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY m.id DESC
      LIMIT ${PAGE + 1}`,
    );
    const more = rows.length > PAGE;
    // Raw rows have a null prototype, which the page data stream drops: copy them.
    const items = rows.slice(0, PAGE).map((r) => ({ ...r, optionValues: [...r.optionValues] }));
    return { items, nextCursor: more ? items[items.length - 1]?.movementId : undefined };
  });
}
