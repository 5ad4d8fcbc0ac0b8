import { z } from "zod";
import { parseRows } from "../../db/rows";
import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { MAX_PRICE, type BulkEdit, type ProductInput, type VariantInput } from "../../schemas/catalog";
import { badRequest, fieldError, invalidInput, notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import { comboKey, handleFrom, matrixProblem } from "./matrix";

/** Tells search (and anything else listening) that these products changed. */
export function productsChanged(tx: ShopTx, shopId: string, productIds: string[]) {
  return recordEvent(tx, { type: "product.changed", payload: { productIds }, shopId });
}

async function checkCategory(tx: ShopTx, categoryId: string | undefined) {
  if (!categoryId) return;
  const found = await tx.category.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!found) throw fieldError("categoryId", "Choose a category from the list");
}

/** SKUs and barcodes are unique within the shop: name the clash per field. */
async function checkCodes(tx: ShopTx, variants: VariantInput[], productId?: string) {
  const skus = variants.map((v) => v.sku);
  const barcodes = variants.flatMap((v) => (v.barcode ? [v.barcode] : []));
  const errors: Record<string, string> = {};
  variants.forEach((v, i) => {
    if (skus.indexOf(v.sku) !== i) errors[`variants.${i}.sku`] = `SKU ${v.sku} is used twice in this product`;
    if (v.barcode && barcodes.indexOf(v.barcode) !== barcodes.lastIndexOf(v.barcode)) {
      errors[`variants.${i}.barcode`] = `Barcode ${v.barcode} is used twice in this product`;
    }
  });
  const taken = await tx.variant.findMany({
    where: { OR: [{ sku: { in: skus } }, { barcode: { in: barcodes } }], ...(productId ? { NOT: { productId } } : {}) },
    select: { sku: true, barcode: true, product: { select: { title: true } } },
  });
  for (const t of taken) {
    variants.forEach((v, i) => {
      if (v.sku === t.sku) errors[`variants.${i}.sku`] = `SKU ${v.sku} is already used by "${t.product.title}"`;
      if (v.barcode && v.barcode === t.barcode) errors[`variants.${i}.barcode`] = `Barcode ${v.barcode} is already used by "${t.product.title}"`;
    });
  }
  if (Object.keys(errors).length) {
    throw invalidInput(errors);
  }
}

async function freeHandle(tx: ShopTx, wanted: string, productId?: string) {
  const base = wanted.slice(0, 100);
  const taken = await tx.product.findMany({
    where: { handle: { startsWith: base }, ...(productId ? { NOT: { id: productId } } : {}) },
    select: { handle: true },
  });
  const used = new Set(taken.map((t) => t.handle));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

function checkMatrix(input: ProductInput) {
  const problem = matrixProblem(input.options, input.variants);
  if (problem) throw fieldError("variants", problem);
}

const variantData = (v: VariantInput, position: number) => ({
  optionValues: v.optionValues,
  sku: v.sku,
  barcode: v.barcode ?? null,
  price: v.price,
  compareAtPrice: v.compareAtPrice ?? null,
  cost: v.cost ?? null,
  taxClass: v.taxClass,
  position,
});

const productData = (input: ProductInput) => ({
  title: input.title,
  description: input.description,
  brand: input.brand ?? null,
  categoryId: input.categoryId ?? null,
  status: input.status,
  tags: [...new Set(input.tags)],
  attributes: input.attributes,
  options: input.options,
});

export function createProduct(shopId: string, input: ProductInput) {
  checkMatrix(input);
  return inShop(shopId, async (tx) => {
    await checkCategory(tx, input.categoryId);
    await checkCodes(tx, input.variants);
    const handle = await freeHandle(tx, input.handle ?? handleFrom(input.title));
    const product = await tx.product.create({
      data: { shopId, handle, ...productData(input), variants: { create: input.variants.map(variantData) } },
      select: { id: true, handle: true, title: true },
    });
    await productsChanged(tx, shopId, [product.id]);
    return product;
  });
}

export function updateProduct(shopId: string, productId: string, input: ProductInput) {
  checkMatrix(input);
  return inShop(shopId, async (tx) => {
    const current = await tx.product.findFirst({
      where: { id: productId },
      select: { id: true, handle: true, variants: { select: { id: true, optionValues: true, _count: { select: { movements: true } } } } },
    });
    if (!current) throw notFound("Product");
    await checkCategory(tx, input.categoryId);
    await checkCodes(tx, input.variants, productId);
    const existing = new Map(current.variants.map((v) => [comboKey(v.optionValues), v]));
    const kept = new Set<string>();
    // Removed variants first, so their SKUs are free for the new ones.
    const wanted = new Set(input.variants.map((v) => comboKey(v.optionValues)));
    for (const [key, v] of existing) {
      if (wanted.has(key)) continue;
      if (v._count.movements > 0) {
        throw fieldError(
          "variants",
          `Variant "${v.optionValues.join(" / ") || "Default"}" has stock history and cannot be removed; archive the product instead`,
        );
      }
      await tx.variant.delete({ where: { shopId_id: { shopId, id: v.id } }, select: { id: true } });
    }
    for (const [position, v] of input.variants.entries()) {
      const match = existing.get(comboKey(v.optionValues));
      if (match) {
        kept.add(match.id);
        await tx.variant.update({ where: { shopId_id: { shopId, id: match.id } }, data: variantData(v, position), select: { id: true } });
      } else {
        await tx.variant.create({ data: { shopId, productId, ...variantData(v, position) }, select: { id: true } });
      }
    }
    const handle = input.handle && input.handle !== current.handle ? await freeHandle(tx, input.handle, productId) : current.handle;
    const product = await tx.product.update({
      where: { shopId_id: { shopId, id: productId } },
      data: { handle, ...productData(input) },
      select: { id: true, handle: true, title: true },
    });
    await productsChanged(tx, shopId, [productId]);
    return product;
  });
}

export function getProduct(shopId: string, productId: string) {
  return inShop(shopId, async (tx) => {
    const product = await tx.product.findFirst({
      where: { id: productId },
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
        createdAt: true,
        updatedAt: true,
        category: { select: { path: true } },
        variants: {
          orderBy: { position: "asc" },
          select: {
            id: true,
            optionValues: true,
            sku: true,
            barcode: true,
            price: true,
            compareAtPrice: true,
            cost: true,
            taxClass: true,
            stockLevels: { select: { locationId: true, onHand: true, reserved: true, lowStockThreshold: true } },
          },
        },
        images: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, key: true, alt: true, width: true, height: true } },
      },
    });
    if (!product) throw notFound("Product");
    return product;
  });
}

/** Status and price for many products at once, in one transaction. */
export function bulkEdit(shopId: string, edit: BulkEdit) {
  return inShop(shopId, async (tx) => {
    const found = await tx.product.findMany({ where: { id: { in: edit.productIds } }, select: { id: true } });
    if (found.length !== new Set(edit.productIds).size) throw notFound("One of the selected products");
    const ids = found.map((p) => p.id);
    if (edit.status) await tx.product.updateMany({ where: { id: { in: ids } }, data: { status: edit.status } });
    if (edit.price !== undefined) await tx.variant.updateMany({ where: { productId: { in: ids } }, data: { price: edit.price } });
    if (edit.pricePercent !== undefined) {
      const factor = 1 + edit.pricePercent / 100;
      if (!Number.isFinite(factor) || factor <= 0) throw badRequest("That percentage would make prices zero or negative");
      // Prices are integers with a ceiling (minorUnits): refuse the change
      // whole, naming the dearest price, rather than overflow the column.
      const [top] = parseRows(
        z.object({ price: z.number().nullable() }),
        await tx.$queryRaw`SELECT max(price)::int AS price FROM variants WHERE shop_id = ${shopId}::uuid AND product_id = ANY(${ids}::uuid[])`,
      );
      if (top?.price != null && Math.round(top.price * factor) > MAX_PRICE) {
        throw fieldError(
          "pricePercent",
          `That would take the dearest selected price past the most a price can be (${MAX_PRICE.toLocaleString("en")} in cents): choose a smaller change or fewer products.`,
        );
      }
      await tx.$executeRaw`
        UPDATE variants SET price = round(price * ${factor}::numeric)::int, updated_at = now()
        WHERE shop_id = ${shopId}::uuid AND product_id = ANY(${ids}::uuid[])`;
      await tx.product.updateMany({ where: { id: { in: ids } }, data: { updatedAt: new Date() } });
    }
    await productsChanged(tx, shopId, ids);
    return { updated: ids.length };
  });
}

/** A SKU not yet used in the shop: `SKU-COPY`, then `SKU-COPY-2`… (64 characters at most). */
async function freeSku(tx: ShopTx, sku: string, taken: Set<string>) {
  const base = `${sku.slice(0, 54)}-COPY`;
  const existing = await tx.variant.findMany({ where: { sku: { startsWith: base } }, select: { sku: true } });
  for (const v of existing) taken.add(v.sku);
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * A copy of a product to edit into a new one: a draft (never on sale by
 * surprise), "(copy)" after its title, its options and variants with the
 * same prices and `-COPY` SKUs. Barcodes, images and stock stay with the
 * original: a barcode belongs to one item, and the copy has no stock yet.
 */
export function duplicateProduct(shopId: string, productId: string) {
  return inShop(shopId, async (tx) => {
    const source = await tx.product.findFirst({
      where: { id: productId },
      select: {
        title: true,
        handle: true,
        description: true,
        brand: true,
        categoryId: true,
        tags: true,
        attributes: true,
        options: true,
        variants: {
          orderBy: { position: "asc" },
          select: { optionValues: true, sku: true, price: true, compareAtPrice: true, cost: true, taxClass: true, position: true },
        },
      },
    });
    if (!source) throw notFound("Product");
    const taken = new Set<string>();
    const variants = [];
    for (const v of source.variants) variants.push({ ...v, optionValues: v.optionValues ?? [], sku: await freeSku(tx, v.sku, taken), barcode: null });
    const title = `${source.title.slice(0, 193)} (copy)`;
    const handle = await freeHandle(tx, `${source.handle.slice(0, 95)}-copy`);
    const product = await tx.product.create({
      data: {
        shopId,
        handle,
        title,
        description: source.description,
        brand: source.brand,
        categoryId: source.categoryId,
        status: "draft",
        tags: source.tags,
        attributes: source.attributes ?? {},
        options: source.options ?? [],
        variants: { create: variants },
      },
      select: { id: true, handle: true, title: true },
    });
    await productsChanged(tx, shopId, [product.id]);
    return product;
  });
}

/** One product to a status (archive, or put back as it was after an Undo); answers the status it had. */
export function setProductStatus(shopId: string, productId: string, status: "draft" | "active" | "archived") {
  return inShop(shopId, async (tx) => {
    const current = await tx.product.findFirst({ where: { id: productId }, select: { id: true, title: true, status: true } });
    if (!current) throw notFound("Product");
    if (current.status !== status) {
      await tx.product.updateMany({ where: { id: productId }, data: { status } });
      await productsChanged(tx, shopId, [productId]);
    }
    return { id: current.id, title: current.title, was: current.status, status };
  });
}
