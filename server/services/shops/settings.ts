import { db, inShop } from "../../db/client.server";
import { shopDetailsSchema, type ReceiptDetails, type ShopDetails } from "../../schemas/shop";
import { onlyFields } from "../../schemas/common";
import { sellingSettingsSchema, type SellingSettings } from "../../schemas/orders";
import { recordEvent } from "../outbox/record";
import { fieldError, isUniqueViolation, notFound } from "../errors";

export const shopSettingsSelect = {
  id: true,
  name: true,
  slug: true,
  status: true,
  currency: true,
  timezone: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  postalCode: true,
  country: true,
  language: true,
  latitude: true,
  longitude: true,
  email: true,
  phone: true,
  vatNumber: true,
  companyNumber: true,
  receiptFooter: true,
  description: true,
  logoKey: true,
  coverKey: true,
} as const;

export async function getShopSettings(shopId: string) {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: shopSettingsSelect });
  if (!shop) throw notFound("Shop");
  return shop;
}

/** Saves the settings; the search index hears of it through the outbox. */
export async function updateShopSettings(shopId: string, input: ShopDetails) {
  try {
    return await inShop(shopId, async (tx) => {
      const shop = await tx.shop.update({
        where: { id: shopId },
        data: {
          ...onlyFields(shopDetailsSchema, input),
          addressLine2: input.addressLine2 ?? null,
          email: input.email ?? null,
          phone: input.phone ?? null,
        },
        select: shopSettingsSelect,
      });
      await recordEvent(tx, { type: "shop.updated", payload: { shopId }, shopId });
      return shop;
    });
  } catch (error) {
    if (isUniqueViolation(error, "slug")) throw fieldError("slug", "This shop address is taken; choose another");
    throw error;
  }
}

export const sellingSettingsSelect = {
  taxInclusive: true,
  taxStandard: true,
  taxReduced: true,
  discountLimit: true,
  deliveryRadiusKm: true,
  deliveryFee: true,
  unpaidOrderMinutes: true,
  pickupHoldHours: true,
  tillSellsBelowStock: true,
  smsMonthlyCap: true,
} as const;

export function getSellingSettings(shopId: string) {
  return db.shop.findUniqueOrThrow({ where: { id: shopId }, select: sellingSettingsSelect });
}

/** Tax, discount limit, selling below recorded stock at the till, delivery and unpaid-order time; the shop's listing hears of it. */
export function updateSellingSettings(shopId: string, input: SellingSettings) {
  return inShop(shopId, async (tx) => {
    const saved = await tx.shop.update({
      where: { id: shopId },
      data: { ...onlyFields(sellingSettingsSchema, input), sellingSavedAt: new Date() },
      select: sellingSettingsSelect,
    });
    await recordEvent(tx, { type: "shop.updated", payload: { shopId }, shopId });
    return saved;
  });
}

/** The legal details receipts print (VAT and company numbers, footer); empty clears. */
export function updateReceiptDetails(shopId: string, input: ReceiptDetails) {
  return inShop(shopId, (tx) =>
    tx.shop.update({
      where: { id: shopId },
      data: { vatNumber: input.vatNumber ?? null, companyNumber: input.companyNumber ?? null, receiptFooter: input.receiptFooter ?? null },
      select: { vatNumber: true, companyNumber: true, receiptFooter: true },
    }),
  );
}
