import { TaxClass } from "../../db/generated/client.ts";
import { z } from "zod";
import { parseRows } from "../../db/rows";
import { asUser, inShop } from "../../db/client.server";
import { isDomainError } from "../errors";
import { chargeableAccount } from "../payments/connect";
import { belowCardMinimum } from "../payments/checkout";
import { variantTitle } from "../catalog/matrix";
import { cartItemSchema, MAX_LINES, type CartItem } from "../../schemas/orders";
import { openShop } from "./core";
import type { ShopTx } from "../../db/tenancy";
import { offeredSlots } from "../locations/slots";
import { priceSale } from "./pricing";

/**
 * A cart as the customer sees it: each item with its name, price and how
 * many are available (at the best location), priced with the shop's tax;
 * items no longer sold are dropped and named. Also what checkout offers:
 * pickup places, delivery (radius, fee) and whether card payment is on.
 */
export async function cartView(shopSlug: string, items: CartItem[]) {
  const shop = await openShop(shopSlug);
  const ids = items.map((i) => i.variantId);
  const { rows, locations } = await inShop(shop.id, async (tx) => ({
    rows: parseRows(
      z.object({
        variantId: z.string(),
        title: z.string(),
        handle: z.string(),
        optionValues: z.array(z.string()),
        sku: z.string(),
        unitPrice: z.number(),
        taxClass: z.enum(TaxClass),
        available: z.number(),
      }),
      await tx.$queryRaw`
      SELECT v.id AS "variantId", p.title, p.handle, v.option_values AS "optionValues", v.sku, v.price AS "unitPrice", v.tax_class::text AS "taxClass",
             coalesce((SELECT max(s.on_hand - s.reserved) FROM stock_levels s WHERE s.shop_id = v.shop_id AND s.variant_id = v.id), 0)::int AS available
      FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      WHERE v.shop_id = ${shop.id}::uuid AND v.id = ANY(${ids}::uuid[]) AND p.status = 'active'`,
    ),
    locations: await pickupChoices(tx, shop.id, shop.timezone),
  }));
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  const kept = items.filter((i) => byId.has(i.variantId)).slice(0, MAX_LINES);
  const priced = priceSale(
    kept.map((i) => {
      const r = byId.get(i.variantId)!;
      return {
        variantId: r.variantId,
        title: r.title,
        handle: r.handle,
        sku: r.sku,
        available: r.available,
        variantTitle: r.optionValues.length ? variantTitle([...r.optionValues]) : "",
        unitPrice: r.unitPrice,
        taxClass: r.taxClass,
        quantity: i.quantity,
      };
    }),
    shop,
  );
  return {
    shop: {
      name: shop.name,
      slug: shop.slug,
      currency: shop.currency,
      deliveryRadiusKm: shop.deliveryRadiusKm,
      deliveryFee: shop.deliveryFee,
      latitude: shop.latitude,
      longitude: shop.longitude,
      taxInclusive: shop.taxInclusive,
      unpaidOrderMinutes: shop.unpaidOrderMinutes,
      pickupHoldHours: shop.pickupHoldHours,
      timezone: shop.timezone,
    },
    locations,
    cardPayments: Boolean(await chargeableAccount(shop.id)),
    cardMinimum: belowCardMinimum(priced.total, shop.currency),
    ...priced,
    dropped: items.length - kept.length,
  };
}

/** Checkout's pickup places (pickup points only, by their public names), each with the slots it offers. */
async function pickupChoices(tx: ShopTx, shopId: string, zone: string) {
  const points = await tx.location.findMany({
    where: { pickupPoint: true },
    select: {
      id: true,
      name: true,
      publicName: true,
      addressLine1: true,
      city: true,
      pickupPrepMinutes: true,
      pickupSlotMinutes: true,
      pickupSlotCapacity: true,
    },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    take: 50,
  });
  const out = [];
  for (const p of points) {
    const name = p.publicName ?? p.name;
    const { hasHours, slots } = await offeredSlots(tx, shopId, { ...p, name }, zone);
    out.push({
      id: p.id,
      name,
      addressLine1: p.addressLine1,
      city: p.city,
      hasHours,
      slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), left: s.left })),
    });
  }
  return out;
}

export async function saveCart(shopSlug: string, userId: string, items: CartItem[]) {
  const shop = await openShop(shopSlug);
  await inShop(shop.id, (tx) =>
    tx.cart.upsert({
      where: { shopId_userId: { shopId: shop.id, userId } },
      create: { shopId: shop.id, userId, items },
      update: { items },
      select: { userId: true },
    }),
  );
  return { items };
}

/** A signed-in customer's carts across shops (policy carts_own), oldest first: the shops still open, with items. */
export async function savedCarts(userId: string): Promise<{ shopSlug: string; items: CartItem[] }[]> {
  const rows = await asUser(userId, (tx) =>
    tx.cart.findMany({
      where: { userId },
      orderBy: { updatedAt: "asc" },
      take: 20,
      select: { items: true, shop: { select: { slug: true, status: true } } },
    }),
  );
  return rows.flatMap((r) => {
    const items = z.array(cartItemSchema).max(MAX_LINES).safeParse(r.items);
    return r.shop.status === "active" && items.success && items.data.length ? [{ shopSlug: r.shop.slug, items: items.data }] : [];
  });
}

/** Each shop's cart as the customer sees it (cartView); a shop that closed or went away is left out. */
export async function cartViews(carts: { shopSlug: string; items: CartItem[] }[]) {
  const out = [];
  for (const c of carts) {
    try {
      out.push(await cartView(c.shopSlug, c.items));
    } catch (error) {
      if (!(isDomainError(error) && error.code === "not_found")) throw error;
    }
  }
  return out;
}
