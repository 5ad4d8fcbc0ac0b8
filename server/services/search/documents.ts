import { z } from "zod";
import { parseRows } from "../../db/rows";
import { Prisma } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { priceBandOf } from "../../schemas/search";
import type { ShopLanguage } from "../../schemas/shop";
import { categoriesById } from "../catalog/categories";
import type { ProductDoc, ShopDoc } from "./types";

/** The shop fields a document needs; null when the shop must not be listed. */
export interface PublicShop {
  id: string;
  slug: string;
  name: string;
  city: string;
  country: string;
  currency: string;
  language: ShopLanguage;
  latitude: number;
  longitude: number;
  updatedAt: Date;
}

export async function publicShop(tx: ShopTx, shopId: string): Promise<PublicShop | null> {
  const shop = await tx.shop.findUnique({
    where: { id: shopId },
    select: {
      id: true,
      slug: true,
      name: true,
      city: true,
      country: true,
      currency: true,
      language: true,
      latitude: true,
      longitude: true,
      updatedAt: true,
      status: true,
    },
  });
  if (!shop || shop.status !== "active") return null;
  const { status: _status, ...rest } = shop;
  return rest;
}

const Row = z.object({
  id: z.string(),
  handle: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  description: z.string(),
  category_id: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  option_names: z.array(z.string().nullable()),
  option_values: z.array(z.array(z.string())),
  min_price: z.number(),
  max_price: z.number(),
  available: z.number(),
  thumb: z.string().nullable(),
  updated_at: z.date(),
});

/**
 * Documents of a shop's active products with a variant: the given ids, or a
 * page of all of them after `after` (keyset on id). Drafts, archived
 * products and private fields (costs, barcodes, stock per location) never
 * get here.
 */
export async function productDocs(tx: ShopTx, shop: PublicShop, select: { ids: string[] } | { after: string | null; limit: number }): Promise<ProductDoc[]> {
  const where =
    "ids" in select
      ? Prisma.sql`AND p.id = ANY(${select.ids}::uuid[])`
      : Prisma.sql`AND p.id > ${select.after ?? "00000000-0000-0000-0000-000000000000"}::uuid`;
  const limit = "ids" in select ? Prisma.empty : Prisma.sql`ORDER BY p.id LIMIT ${select.limit}`;
  const rows = parseRows(
    Row,
    await tx.$queryRaw`
    SELECT p.id, p.handle, p.title, p.brand, left(p.description, 2000) AS description, p.category_id,
           p.attributes, p.available, p.updated_at,
           coalesce(ARRAY(SELECT o->>'name' FROM jsonb_array_elements(p.options) o), '{}') AS option_names,
           v.option_values, v.min_price, v.max_price,
           (SELECT key FROM product_images i WHERE i.shop_id = p.shop_id AND i.product_id = p.id
             ORDER BY position, id LIMIT 1) AS thumb
    FROM products p
    CROSS JOIN LATERAL (
      SELECT min(price)::int AS min_price, max(price)::int AS max_price,
             coalesce(jsonb_agg(to_jsonb(option_values)), '[]') AS option_values
      FROM variants v WHERE v.shop_id = p.shop_id AND v.product_id = p.id) v
    WHERE p.shop_id = ${shop.id}::uuid AND p.status = 'active' AND v.min_price IS NOT NULL ${where}
    ${limit}`,
  );
  const categories = await categoriesById();
  return rows.map((r) => {
    const path: string[] = [];
    const names: string[] = [];
    for (let c = r.category_id ? categories.get(r.category_id) : undefined; c; c = c.parentId ? categories.get(c.parentId) : undefined) {
      path.unshift(c.id);
      names.unshift(c.name);
    }
    const attributes = new Set<string>();
    for (const values of r.option_values) {
      values.forEach((value, i) => {
        const name = r.option_names[i];
        if (name && value) attributes.add(`${name}:${value}`);
      });
    }
    for (const [name, value] of Object.entries(r.attributes ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") attributes.add(`${name}:${String(v)}`);
      }
    }
    return {
      id: r.id,
      shopId: shop.id,
      shopSlug: shop.slug,
      shopName: shop.name,
      handle: r.handle,
      title: r.title,
      brand: r.brand,
      description: r.description,
      categoryId: r.category_id,
      categoryPath: path,
      categoryNames: names.join(" "),
      minPrice: r.min_price,
      maxPrice: r.max_price,
      currency: shop.currency,
      language: shop.language,
      priceBand: priceBandOf(r.min_price),
      attributes: [...attributes].slice(0, 50),
      available: r.available,
      inStock: r.available > 0,
      thumb: r.thumb,
      latitude: shop.latitude,
      longitude: shop.longitude,
      updatedAt: r.updated_at,
    };
  });
}

/** The shop's own document: top-level categories and count of its listed products. */
export async function shopDoc(tx: ShopTx, shop: PublicShop): Promise<ShopDoc> {
  const rows = parseRows(
    z.object({ category_id: z.string().nullable(), n: z.number() }),
    await tx.$queryRaw`
    SELECT category_id, count(*)::int AS n FROM products
    WHERE shop_id = ${shop.id}::uuid AND status = 'active'
    GROUP BY category_id`,
  );
  const categories = await categoriesById();
  const top = new Set<string>();
  for (const r of rows) {
    let c = r.category_id ? categories.get(r.category_id) : undefined;
    while (c?.parentId) c = categories.get(c.parentId);
    if (c) top.add(c.id);
  }
  return {
    id: shop.id,
    slug: shop.slug,
    name: shop.name,
    city: shop.city,
    country: shop.country,
    latitude: shop.latitude,
    longitude: shop.longitude,
    categoryIds: [...top].sort(),
    productCount: rows.reduce((n, r) => n + r.n, 0),
    updatedAt: shop.updatedAt,
  };
}
