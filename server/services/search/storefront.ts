import { reads } from "../../db/replica.server";
import type { Point } from "../../schemas/search";
import { notFound } from "../errors";
import { categoriesById } from "../catalog/categories";
import { pickupPlaces, shopsOpen } from "../locations/public";

/** Great-circle distance in km (for a handful of locations; searches use earthdistance). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

async function activeShop(slug: string) {
  const shop = await reads().db.shop.findUnique({
    where: { slug },
    select: {
      id: true,
      name: true,
      slug: true,
      status: true,
      addressLine1: true,
      addressLine2: true,
      city: true,
      postalCode: true,
      country: true,
      latitude: true,
      longitude: true,
      email: true,
      phone: true,
      currency: true,
      timezone: true,
      description: true,
      logoKey: true,
      coverKey: true,
    },
  });
  if (!shop || shop.status !== "active") throw notFound("Shop");
  const { status: _status, ...rest } = shop;
  return rest;
}

/**
 * A shop's public page: what it is, where it is, whether it is open. Its
 * catalog comes from search. Only pickup points are shown (never a back room).
 */
export async function shopPage(slug: string, near?: Point) {
  const shop = await activeShop(slug);
  const locations = await reads().inShop(shop.id, (tx) => pickupPlaces(tx, shop.timezone));
  const here = { lat: shop.latitude, lng: shop.longitude };
  const open = (await shopsOpen([shop.id])).get(shop.id) ?? null;
  return { shop, locations, open, distanceKm: near ? distanceKm(near, here) : null };
}

/** An active product of an active shop, with stock per location, nearest first. */
export async function productPage(slug: string, handle: string, near?: Point) {
  const shop = await activeShop(slug);
  const found = await reads().inShop(shop.id, async (tx) => {
    const product = await tx.product.findFirst({
      where: { handle, status: "active" },
      select: {
        id: true,
        title: true,
        handle: true,
        description: true,
        brand: true,
        categoryId: true,
        options: true,
        variants: { select: { id: true, optionValues: true, price: true, compareAtPrice: true }, orderBy: [{ position: "asc" }, { id: "asc" }] },
        images: { select: { key: true, alt: true, width: true, height: true }, orderBy: [{ position: "asc" }, { id: "asc" }] },
      },
    });
    if (!product) return null;
    // One after the other: a transaction is one connection, which runs one query at a time.
    const locations = await pickupPlaces(tx, shop.timezone);
    const levels = await tx.stockLevel.findMany({
      where: { variantId: { in: product.variants.map((v) => v.id) } },
      select: { variantId: true, locationId: true, onHand: true, reserved: true },
    });
    return { product, locations, levels };
  });
  if (!found) throw notFound("Product");
  const { product, levels } = found;
  const category = product.categoryId ? (await categoriesById()).get(product.categoryId) : undefined;
  const available = new Map(levels.map((l) => [`${l.variantId}:${l.locationId}`, l.onHand - l.reserved]));
  const locations = found.locations
    .map((l) => ({
      ...l,
      distanceKm: near ? distanceKm(near, { lat: l.latitude, lng: l.longitude }) : null,
      stock: product.variants.map((v) => ({ variantId: v.id, available: Math.max(0, available.get(`${v.id}:${l.id}`) ?? 0) })),
    }))
    .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0));
  return {
    shop,
    product: {
      ...product,
      options: product.options as { name: string; values: string[] }[],
      category: category ? { id: category.id, path: category.path } : null,
    },
    locations,
  };
}
