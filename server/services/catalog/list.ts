import { inShop } from "../../db/client.server";
import { z } from "zod";
import { Prisma, ProductStatus } from "../../db/generated/client.ts";
import { parseRows } from "../../db/rows";
import type { ProductListInput } from "../../schemas/catalog";
import { containing } from "../../db/like";

const ProductRow = z.object({
  id: z.string(),
  title: z.string(),
  handle: z.string(),
  status: z.enum(ProductStatus),
  brand: z.string().nullable(),
  category: z.string().nullable(),
  updatedAt: z.date(),
  variants: z.number(),
  minPrice: z.number().nullable(),
  maxPrice: z.number().nullable(),
  available: z.number(),
  low: z.boolean(),
  thumb: z.string().nullable(),
  /** The first variant's SKU (the product's others are on its page). */
  sku: z.string().nullable(),
});
export type ProductRow = z.output<typeof ProductRow>;

/** Counts stop here: past it the list says "10,000+". */
export const COUNT_CAP = 10_000;

/** The order, and the keyset condition that continues after a cursor row. */
const SORTS = {
  title: { order: Prisma.sql`p.title, p.id`, after: Prisma.sql`(p.title, p.id) >`, cols: Prisma.sql`title, id` },
  "-title": { order: Prisma.sql`p.title DESC, p.id DESC`, after: Prisma.sql`(p.title, p.id) <`, cols: Prisma.sql`title, id` },
  updated: { order: Prisma.sql`p.updated_at, p.id`, after: Prisma.sql`(p.updated_at, p.id) >`, cols: Prisma.sql`updated_at, id` },
  "-updated": { order: Prisma.sql`p.updated_at DESC, p.id DESC`, after: Prisma.sql`(p.updated_at, p.id) <`, cols: Prisma.sql`updated_at, id` },
  "-created": { order: Prisma.sql`p.id DESC`, after: Prisma.sql`p.id <`, cols: Prisma.sql`id` },
  // Units available (kept on the product row by the ledger). No index on it: an index would make every
  // stock movement rewrite all of the product's indexes (no HOT update); a shop's products sort in memory.
  stock: { order: Prisma.sql`p.available, p.id`, after: Prisma.sql`(p.available, p.id) >`, cols: Prisma.sql`available, id` },
  "-stock": { order: Prisma.sql`p.available DESC, p.id DESC`, after: Prisma.sql`(p.available, p.id) <`, cols: Prisma.sql`available, id` },
} as const;

const isLow = Prisma.sql`EXISTS (SELECT 1 FROM variants v JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id
  WHERE v.shop_id = p.shop_id AND v.product_id = p.id AND s.low_stock_threshold IS NOT NULL AND s.on_hand - s.reserved <= s.low_stock_threshold)`;

/**
 * The back office product list: search (title, or exact SKU / barcode),
 * filters, sorting, keyset pagination. One SQL statement, so it stays fast
 * on large catalogs; see bench/product-list.ts.
 */
export function listProducts(shopId: string, input: ProductListInput) {
  const sort = SORTS[input.sort];
  const where: Prisma.Sql[] = [Prisma.sql`p.shop_id = ${shopId}::uuid`];
  if (input.q) {
    // Matching ids first (title by trigram index, see product_ids_with_title
    // in the migration; SKU and barcode exact), then the page among them.
    where.push(Prisma.sql`p.id = ANY(ARRAY(
      SELECT product_ids_with_title(${containing(input.q)})
      UNION SELECT product_id FROM variants WHERE shop_id = ${shopId}::uuid AND (sku = ${input.q} OR barcode = ${input.q})))`);
  }
  if (input.status) where.push(Prisma.sql`p.status = ${input.status}::"ProductStatus"`);
  if (input.categoryId) {
    // The tree is three levels deep: the category, its children, theirs.
    where.push(Prisma.sql`p.category_id IN (
      SELECT id FROM categories WHERE id = ${input.categoryId} OR parent_id = ${input.categoryId}
        OR parent_id IN (SELECT id FROM categories WHERE parent_id = ${input.categoryId}))`);
  }
  // Levels never go below zero available, so the product's total is
  // positive exactly when some variant is available somewhere.
  if (input.stock === "in_stock") where.push(Prisma.sql`p.available > 0`);
  if (input.stock === "out") where.push(Prisma.sql`p.available <= 0`);
  if (input.stock === "low") where.push(isLow);
  // The count reads the same filters without the cursor, up to the cap.
  const counted = [...where];
  if (input.cursor) {
    where.push(Prisma.sql`${sort.after} (SELECT ${sort.cols} FROM products WHERE shop_id = ${shopId}::uuid AND id = ${input.cursor}::uuid)`);
  }
  const limit = input.limit;
  return inShop(shopId, async (tx) => {
    // The page of products is chosen first; the per-product aggregates then
    // run for those rows only.
    const rows = parseRows(
      ProductRow,
      await tx.$queryRaw`
      SELECT p.id, p.title, p.handle, p.status::text AS status, p.brand, c.name AS category, p.updated_at AS "updatedAt",
             agg.variants, agg.min_price AS "minPrice", agg.max_price AS "maxPrice", agg.available, agg.low, agg.sku,
             (SELECT key FROM product_images i WHERE i.shop_id = p.shop_id AND i.product_id = p.id
               ORDER BY position, id LIMIT 1) AS thumb
      FROM (SELECT * FROM products p WHERE ${Prisma.join(where, " AND ")} ORDER BY ${sort.order} LIMIT ${limit + 1}) p
      LEFT JOIN categories c ON c.id = p.category_id
      CROSS JOIN LATERAL (
        SELECT count(DISTINCT v.id)::int AS variants, min(v.price) AS min_price, max(v.price) AS max_price,
               coalesce(sum(s.on_hand - s.reserved), 0)::int AS available,
               coalesce(bool_or(s.on_hand - s.reserved <= s.low_stock_threshold), false) AS low,
               (array_agg(v.sku ORDER BY v.position, v.id))[1] AS sku
        FROM variants v LEFT JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id
        WHERE v.shop_id = p.shop_id AND v.product_id = p.id
      ) agg
      ORDER BY ${sort.order}`,
    );
    const [count] = parseRows(
      z.object({ n: z.number() }),
      await tx.$queryRaw`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM products p WHERE ${Prisma.join(counted, " AND ")} LIMIT ${COUNT_CAP + 1}) x`,
    );
    const more = rows.length > limit;
    // Parsed rows are plain objects (raw ones have a null prototype, which the page data stream drops).
    const items = rows.slice(0, limit);
    const total = count?.n ?? 0;
    return { items, nextCursor: more ? items[items.length - 1]?.id : undefined, total: Math.min(total, COUNT_CAP), moreThan: total > COUNT_CAP };
  });
}
