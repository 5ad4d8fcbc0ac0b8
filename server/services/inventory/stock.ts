import { z } from "zod";
import { parseRows } from "../../db/rows";
import { inShop } from "../../db/client.server";
import { Prisma } from "../../db/generated/client.ts";
import { containing } from "../../db/like";
import { notFound } from "../errors";

const PAGE = 50;

const StockRow = z.object({
  variantId: z.string(),
  productId: z.string(),
  title: z.string(),
  optionValues: z.array(z.string()),
  sku: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  lowStockThreshold: z.number().nullable(),
});
export type StockRow = z.output<typeof StockRow>;

/** Every variant's stock at one location (missing levels read as zero), by SKU. */
export function stockAtLocation(shopId: string, input: { locationId: string; q?: string; cursor?: string }) {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: input.locationId }, select: { id: true, name: true } });
    if (!location) throw notFound("Location");
    const where = [Prisma.sql`v.shop_id = ${shopId}::uuid`];
    if (input.q) {
      const like = containing(input.q);
      where.push(Prisma.sql`(v.sku ILIKE ${like} OR p.title ILIKE ${like} OR v.barcode = ${input.q})`);
    }
    if (input.cursor) where.push(Prisma.sql`v.sku > ${input.cursor}`);
    const rows = parseRows(
      StockRow,
      await tx.$queryRaw`
      SELECT v.id AS "variantId", v.product_id AS "productId", p.title, v.option_values AS "optionValues", v.sku,
             coalesce(s.on_hand, 0) AS "onHand", coalesce(s.reserved, 0) AS reserved, s.low_stock_threshold AS "lowStockThreshold"
      FROM variants v
      JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      LEFT JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id AND s.location_id = ${location.id}::uuid
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY v.sku
      LIMIT ${PAGE + 1}`,
    );
    const more = rows.length > PAGE;
    // Raw rows have a null prototype, which the page data stream drops: copy them.
    const items = rows.slice(0, PAGE).map((r) => ({ ...r, optionValues: [...r.optionValues] }));
    return { location, items, nextCursor: more ? items[items.length - 1]?.sku : undefined };
  });
}

/** One variant: its levels at every location and its movement history, newest first. */
export function variantStock(shopId: string, input: { variantId: string; cursor?: string }) {
  return inShop(shopId, async (tx) => {
    const variant = await tx.variant.findFirst({
      where: { id: input.variantId },
      select: {
        id: true,
        sku: true,
        barcode: true,
        optionValues: true,
        product: { select: { id: true, title: true } },
        stockLevels: { select: { locationId: true, onHand: true, reserved: true, lowStockThreshold: true } },
      },
    });
    if (!variant) throw notFound("Variant");
    const movements = await tx.stockMovement.findMany({
      where: { variantId: variant.id, ...(input.cursor ? { id: { lt: input.cursor } } : {}) },
      orderBy: { id: "desc" },
      take: PAGE + 1,
      select: {
        id: true,
        kind: true,
        onHandDelta: true,
        reservedDelta: true,
        reason: true,
        reference: true,
        createdAt: true,
        location: { select: { name: true } },
        user: { select: { name: true } },
      },
    });
    const more = movements.length > PAGE;
    const page = movements.slice(0, PAGE);
    return { variant, movements: page, nextCursor: more ? page[page.length - 1]?.id : undefined };
  });
}
