import { z } from "zod";
import { inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { recordAudit } from "../audit/record";
import { fromMinor } from "../../schemas/money";
import { KNOWN_COLUMNS, STOCK_PREFIX, formatAttributes } from "../imports/format";

const PAGE = 1000;

const Row = z.object({
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  brand: z.string().nullable(),
  category: z.string().nullable(),
  status: z.string(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  options: z.array(z.object({ name: z.string() })),
  option_values: z.array(z.string()),
  sku: z.string(),
  barcode: z.string().nullable(),
  price: z.number(),
  compare_at_price: z.number().nullable(),
  cost: z.number().nullable(),
  tax_class: z.string(),
  stock: z.record(z.string(), z.number()).nullable(),
});

/**
 * One page of the catalog CSV, as rows of cells, in SKU order. `after` is
 * the last SKU of the previous page. The route streams pages as they come,
 * so memory stays flat however large the catalog.
 */
export function exportPage(shopId: string, after?: string) {
  return inShop(shopId, async (tx) => {
    if (!after) await recordAudit(tx, shopId, { kind: "export.products", recordType: "products" });
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
    const locations = await tx.location.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } });
    const rows = parseRows(
      Row,
      await tx.$queryRaw`
      SELECT p.handle, p.title, p.description, p.brand, p.category_id AS category, p.status::text AS status, p.tags, p.attributes,
             p.options, v.option_values, v.sku, v.barcode, v.price, v.compare_at_price, v.cost, v.tax_class::text AS tax_class,
             (SELECT jsonb_object_agg(s.location_id, s.on_hand) FROM stock_levels s
               WHERE s.shop_id = v.shop_id AND s.variant_id = v.id) AS stock
      FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      WHERE v.shop_id = ${shopId}::uuid AND v.sku > ${after ?? ""}
      ORDER BY v.sku
      LIMIT ${PAGE}`,
    );
    const money = (m: number | null) => (m === null ? "" : fromMinor(m, shop.currency));
    const header = [...KNOWN_COLUMNS, ...locations.map((l) => `${STOCK_PREFIX}${l.name}`)];
    const cells = rows.map((r) => {
      const options = [0, 1, 2].flatMap((i) => [r.options[i]?.name ?? "", r.option_values[i] ?? ""]);
      return [
        r.handle,
        r.title,
        r.description,
        r.brand ?? "",
        r.category ?? "",
        r.status,
        r.tags.join(", "),
        formatAttributes(r.attributes),
        ...options,
        r.sku,
        r.barcode ?? "",
        money(r.price),
        money(r.compare_at_price),
        money(r.cost),
        r.tax_class,
        ...locations.map((l) => String(r.stock?.[l.id] ?? 0)),
      ];
    });
    return { header, rows: cells, next: rows.length === PAGE ? rows[rows.length - 1]?.sku : undefined };
  });
}
