import { z } from "zod";
import { parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import type { ProductOption } from "../../schemas/catalog";
import { comboKey } from "../catalog/matrix";
import { productsChanged } from "../catalog/products";
import { recordEvent } from "../outbox/record";
import type { ImportRow, RowError } from "./parse";

const BATCH_ROWS = 500;

export type BatchResult = { applied: number; unchanged: number; errors: RowError[] };

/** Rows grouped by product handle, then cut into batches of whole products. */
export function batchesOf(rows: ImportRow[], size = BATCH_ROWS): ImportRow[][] {
  const groups = new Map<string, ImportRow[]>();
  for (const r of rows) groups.set(r.handle, [...(groups.get(r.handle) ?? []), r]);
  const batches: ImportRow[][] = [];
  let current: ImportRow[] = [];
  for (const group of groups.values()) {
    current.push(...group);
    if (current.length >= size) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

function mergeOptions(existing: ProductOption[], names: string[], rows: ImportRow[]): ProductOption[] {
  return names.map((name, i) => {
    const values = [...(existing[i]?.values ?? [])];
    for (const r of rows) {
      const v = r.optionValues[i] as string;
      if (!values.some((x) => x.toLowerCase() === v.toLowerCase())) values.push(v);
    }
    return { name, values };
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type ExistingVariant = {
  id: string;
  sku: string;
  productId: string;
  barcode: string | null;
  price: number;
  compareAtPrice: number | null;
  cost: number | null;
  taxClass: string;
  optionValues: string[];
};

/**
 * Applies one batch in one transaction: creates or updates products and
 * variants (matched by SKU, grouped by handle), sets stock to the file's
 * on-hand figures through ledger movements, and records outbox events. A
 * row that changes nothing writes nothing, so importing a file twice is a
 * no-op the second time.
 */
export function applyBatch(shopId: string, batch: ImportRow[], meta: { importId: string; userId: string | null; fileName: string }) {
  return inShop(shopId, async (tx): Promise<BatchResult> => {
    const errors: RowError[] = [];
    const fail = (r: ImportRow, message: string) => errors.push({ line: r.line, sku: r.sku, message });
    const byHandle = new Map<string, ImportRow[]>();
    for (const r of batch) byHandle.set(r.handle, [...(byHandle.get(r.handle) ?? []), r]);
    const handles = [...byHandle.keys()];
    const products = await tx.product.findMany({
      where: { handle: { in: handles } },
      select: {
        id: true,
        handle: true,
        title: true,
        description: true,
        brand: true,
        categoryId: true,
        status: true,
        tags: true,
        attributes: true,
        options: true,
      },
    });
    const productByHandle = new Map(products.map((p) => [p.handle, p]));
    const variants: ExistingVariant[] = await tx.variant.findMany({
      where: { OR: [{ sku: { in: batch.map((r) => r.sku) } }, { productId: { in: products.map((p) => p.id) } }] },
      select: { id: true, sku: true, productId: true, barcode: true, price: true, compareAtPrice: true, cost: true, taxClass: true, optionValues: true },
    });
    const variantBySku = new Map(variants.map((v) => [v.sku, v]));
    const barcodes = batch.flatMap((r) => (r.barcode ? [r.barcode] : []));
    const barcodeOwner = new Map(
      (await tx.variant.findMany({ where: { barcode: { in: barcodes } }, select: { sku: true, barcode: true } })).map((v) => [v.barcode, v.sku]),
    );
    const handleOf = new Map(products.map((p) => [p.id, p.handle]));
    const outsideProducts = variants.filter((v) => !handleOf.has(v.productId)).map((v) => v.productId);
    if (outsideProducts.length) {
      for (const p of await tx.product.findMany({ where: { id: { in: outsideProducts } }, select: { id: true, handle: true } })) {
        handleOf.set(p.id, p.handle);
      }
    }

    const touched = new Set<number>();
    const changedProducts = new Set<string>();
    const stockWanted: { row: ImportRow; variantId: string; productId: string; locationId: string; onHand: number }[] = [];
    const newProducts: NewProduct[] = [];
    const newVariants: NewVariant[] = [];

    for (const handle of handles) {
      const rows: ImportRow[] = [];
      for (const r of byHandle.get(handle) ?? []) {
        const known = variantBySku.get(r.sku);
        const owner = r.barcode ? barcodeOwner.get(r.barcode) : undefined;
        if (known && handleOf.get(known.productId) !== handle) {
          fail(r, `SKU ${r.sku} belongs to the product with handle "${handleOf.get(known.productId)}"; use that handle or another SKU`);
        } else if (owner && owner !== r.sku) {
          fail(r, `Barcode ${r.barcode} is already used by SKU ${owner}`);
        } else {
          if (r.barcode) barcodeOwner.set(r.barcode, r.sku);
          rows.push(r);
        }
      }
      const first = rows[0];
      if (!first) continue;
      const existing = productByHandle.get(handle);
      const names = first.optionNames;
      const combos = new Map(variants.filter((v) => existing && v.productId === existing.id).map((v) => [comboKey(v.optionValues), v.sku]));
      const ok = rows.filter((r) => {
        if (r.optionValues.length !== names.length)
          return !fail(r, `Has ${r.optionValues.length} option values; this product has ${names.length} options (${names.join(", ") || "none"})`);
        const holder = combos.get(comboKey(r.optionValues));
        if (holder && holder !== r.sku) return !fail(r, `Options "${r.optionValues.join(" / ") || "Default"}" are already the variant with SKU ${holder}`);
        combos.set(comboKey(r.optionValues), r.sku);
        return true;
      });
      if (!ok.length) continue;
      const fields = {
        title: first.title,
        description: first.description,
        brand: first.brand,
        categoryId: first.categoryId,
        status: first.status,
        tags: first.tags,
        attributes: first.attributes,
        options: mergeOptions((existing?.options ?? []) as ProductOption[], names, ok),
      };
      let productId: string;
      if (!existing) {
        productId = uuidv7();
        newProducts.push({ id: productId, handle, ...fields });
        changedProducts.add(productId);
        ok.forEach((r) => touched.add(r.line));
      } else {
        productId = existing.id;
        const before = {
          title: existing.title,
          description: existing.description,
          brand: existing.brand,
          categoryId: existing.categoryId,
          status: existing.status,
          tags: existing.tags,
          attributes: existing.attributes,
          options: existing.options,
        };
        if (!same(before, fields)) {
          await tx.product.update({ where: { shopId_id: { shopId, id: productId } }, data: fields, select: { id: true } });
          changedProducts.add(productId);
          ok.forEach((r) => touched.add(r.line));
        }
      }
      for (const [i, r] of ok.entries()) {
        const data = { optionValues: r.optionValues, barcode: r.barcode, price: r.price, compareAtPrice: r.compareAtPrice, cost: r.cost, taxClass: r.taxClass };
        const known = variantBySku.get(r.sku);
        let variantId: string;
        if (!known) {
          variantId = uuidv7();
          newVariants.push({ id: variantId, productId, sku: r.sku, position: i, ...data });
          touched.add(r.line);
          changedProducts.add(productId);
        } else {
          variantId = known.id;
          const before = {
            optionValues: known.optionValues,
            barcode: known.barcode,
            price: known.price,
            compareAtPrice: known.compareAtPrice,
            cost: known.cost,
            taxClass: known.taxClass,
          };
          if (!same(before, data)) {
            await tx.variant.update({ where: { shopId_id: { shopId, id: variantId } }, data, select: { id: true } });
            touched.add(r.line);
            changedProducts.add(productId);
          }
        }
        for (const [locationId, onHand] of r.stock) stockWanted.push({ row: r, variantId, productId, locationId, onHand });
      }
    }
    await insertProducts(tx, shopId, newProducts);
    await insertVariants(tx, shopId, newVariants);

    await setStock(tx, shopId, stockWanted, meta, { touched, changedProducts, fail });

    if (changedProducts.size) await productsChanged(tx, shopId, [...changedProducts]);
    const failed = new Set(errors.map((e) => e.line));
    const applied = [...touched].filter((l) => !failed.has(l)).length;
    return { applied, unchanged: batch.length - applied - failed.size, errors };
  });
}

type NewProduct = {
  id: string;
  handle: string;
  title: string;
  description: string;
  brand: string | null;
  categoryId: string | null;
  status: string;
  tags: string[];
  attributes: unknown;
  options: unknown;
};
type NewVariant = {
  id: string;
  productId: string;
  sku: string;
  position: number;
  optionValues: string[];
  barcode: string | null;
  price: number;
  compareAtPrice: number | null;
  cost: number | null;
  taxClass: string;
};

/**
 * New rows in one statement each, passed as one JSON document: Prisma's
 * createMany spends about 0.3 ms of CPU a row compiling its arguments, which
 * made it most of a large import's time.
 */
async function insertProducts(tx: ShopTx, shopId: string, rows: NewProduct[]) {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO products (shop_id, id, handle, title, description, brand, category_id, status, tags, attributes, options, updated_at)
    SELECT ${shopId}::uuid, d.id, d.handle, d.title, d.description, d.brand, d."categoryId", d.status::"ProductStatus",
           ARRAY(SELECT jsonb_array_elements_text(d.tags)), d.attributes, d.options, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(id uuid, handle text, title text, description text, brand text,
      "categoryId" text, status text, tags jsonb, attributes jsonb, options jsonb)`;
}

async function insertVariants(tx: ShopTx, shopId: string, rows: NewVariant[]) {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO variants (shop_id, id, product_id, sku, position, option_values, barcode, price, compare_at_price, cost, tax_class, updated_at)
    SELECT ${shopId}::uuid, d.id, d."productId", d.sku, d.position, ARRAY(SELECT jsonb_array_elements_text(d."optionValues")),
           d.barcode, d.price, d."compareAtPrice", d.cost, d."taxClass"::"TaxClass", now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS d(id uuid, "productId" uuid, sku text, position int,
      "optionValues" jsonb, barcode text, price int, "compareAtPrice" int, cost int, "taxClass" text)`;
}

type Wanted = { row: ImportRow; variantId: string; productId: string; locationId: string; onHand: number };

/** Sets on-hand figures as adjustments in the ledger, in bulk. */
async function setStock(
  tx: ShopTx,
  shopId: string,
  wanted: Wanted[],
  meta: { importId: string; userId: string | null; fileName: string },
  out: { touched: Set<number>; changedProducts: Set<string>; fail: (r: ImportRow, m: string) => void },
) {
  if (!wanted.length) return;
  const vIds = wanted.map((w) => w.variantId);
  const lIds = wanted.map((w) => w.locationId);
  // Products before levels, as the ledger does (no deadlocks between them).
  const productIds = [...new Set(wanted.map((w) => w.productId))];
  await tx.$queryRaw`SELECT id FROM products WHERE shop_id = ${shopId}::uuid AND id = ANY(${productIds}::uuid[]) ORDER BY id FOR UPDATE`;
  await tx.$executeRaw`
    INSERT INTO stock_levels (shop_id, variant_id, location_id)
    SELECT ${shopId}::uuid, v, l FROM unnest(${vIds}::uuid[], ${lIds}::uuid[]) AS t(v, l)
    ON CONFLICT DO NOTHING`;
  // Lock the levels first, so the deltas below are against what is there.
  const current = parseRows(
    z.object({ v: z.string(), l: z.string(), onHand: z.number(), reserved: z.number(), threshold: z.number().nullable() }),
    await tx.$queryRaw`
    SELECT s.variant_id AS v, s.location_id AS l, s.on_hand AS "onHand", s.reserved, s.low_stock_threshold AS threshold
    FROM stock_levels s JOIN unnest(${vIds}::uuid[], ${lIds}::uuid[]) AS t(v, l) ON s.variant_id = t.v AND s.location_id = t.l
    WHERE s.shop_id = ${shopId}::uuid
    ORDER BY s.variant_id, s.location_id
    FOR UPDATE OF s`,
  );
  const now = new Map(current.map((c) => [`${c.v}:${c.l}`, c]));
  const changes: { w: Wanted; delta: number }[] = [];
  for (const w of wanted) {
    const c = now.get(`${w.variantId}:${w.locationId}`);
    if (!c || c.onHand === w.onHand) continue;
    if (w.onHand < c.reserved) {
      out.fail(w.row, `Stock at this location cannot be set to ${w.onHand}: ${c.reserved} are reserved for orders`);
      continue;
    }
    changes.push({ w, delta: w.onHand - c.onHand });
    out.touched.add(w.row.line);
    out.changedProducts.add(w.productId);
    const before = c.onHand - c.reserved;
    const after = w.onHand - c.reserved;
    if (c.threshold !== null && before > c.threshold && after <= c.threshold) {
      await recordEvent(tx, {
        type: "stock.low",
        payload: { variantId: w.variantId, locationId: w.locationId, available: after, threshold: c.threshold },
        shopId,
      });
    }
  }
  if (!changes.length) return;
  const cv = changes.map((c) => c.w.variantId);
  const cl = changes.map((c) => c.w.locationId);
  const cd = changes.map((c) => c.delta);
  const ids = changes.map(() => uuidv7());
  const reason = `CSV import: ${meta.fileName}`.slice(0, 200);
  await tx.$executeRaw`
    WITH input AS (SELECT * FROM unnest(${ids}::uuid[], ${cv}::uuid[], ${cl}::uuid[], ${cd}::int[]) AS t(id, v, l, d)),
    moved AS (
      UPDATE stock_levels s SET on_hand = s.on_hand + i.d, updated_at = now()
      FROM input i WHERE s.shop_id = ${shopId}::uuid AND s.variant_id = i.v AND s.location_id = i.l
      RETURNING i.id, i.v, i.l, i.d
    )
    INSERT INTO stock_movements (shop_id, id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, user_id)
    SELECT ${shopId}::uuid, id, v, l, 'adjusted', d, 0, ${reason}, ${`import:${meta.importId}`}, ${meta.userId}::uuid FROM moved`;
  const pIds = changes.map((c) => c.w.productId);
  await tx.$executeRaw`
    UPDATE products p SET available = p.available + t.d
    FROM (SELECT pid, sum(d)::int AS d FROM unnest(${pIds}::uuid[], ${cd}::int[]) AS u(pid, d) GROUP BY pid) t
    WHERE p.shop_id = ${shopId}::uuid AND p.id = t.pid`;
}
