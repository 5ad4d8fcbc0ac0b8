import { z } from "zod";
import { inShop } from "../server/db/client.server";
import { env } from "../server/env.server";
import { LowStockEmail } from "../server/emails/templates";
import { personLocale, t } from "../app/i18n";
import { variantTitle } from "../server/services/catalog/matrix";
import type { Mail } from "./notifications";

const payloadSchema = z.object({
  variantId: z.uuid(),
  locationId: z.uuid(),
  available: z.number().int(),
  threshold: z.number().int(),
});

/**
 * A variant fell to its low-stock threshold at a location: every manager
 * and owner of the shop gets an in-app notification (one per event and
 * person, so a retry adds none) and an email.
 */
export async function composeLowStock(payload: unknown, shopId: string | null, eventId: string): Promise<Mail[]> {
  const p = payloadSchema.parse(payload);
  if (!shopId) throw new Error("low-stock event without a shop");
  return inShop(shopId, async (tx) => {
    const [variant, location, shop, managers] = await Promise.all([
      tx.variant.findFirst({ where: { id: p.variantId }, select: { sku: true, optionValues: true, product: { select: { title: true } } } }),
      tx.location.findFirst({ where: { id: p.locationId }, select: { name: true } }),
      tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { name: true, slug: true, language: true } }),
      tx.membership.findMany({
        where: { role: { in: ["manager", "owner"] } },
        select: { user: { select: { id: true, email: true, locale: true, lastLocale: true } } },
      }),
    ]);
    if (!variant || !location) return [];
    const product = variant.optionValues.length ? `${variant.product.title} (${variantTitle(variant.optionValues)})` : variant.product.title;
    const link = `/shop/${shop.slug}/stock/${p.variantId}`;
    // Each person's notice and email in their language (their account's, else the shop's).
    const values = { product, location: location.name, available: p.available, threshold: p.threshold };
    const people = managers.map((m) => ({ ...m.user, locale: personLocale(m.user, shop.language) }));
    await tx.notification.createMany({
      data: people.map((m) => ({
        shopId,
        userId: m.id,
        eventId,
        type: "low-stock",
        title: t(m.locale, "staff.lowStock.title", values),
        body: t(m.locale, "staff.lowStock.body", values),
        link,
      })),
      skipDuplicates: true,
    });
    return people.map((m) => ({
      to: m.email,
      subject: t(m.locale, "staff.lowStock.subject", values),
      template: "low-stock",
      element: LowStockEmail({
        locale: m.locale,
        shopName: shop.name,
        product,
        sku: variant.sku,
        location: location.name,
        available: p.available,
        threshold: p.threshold,
        url: new URL(link, env.APP_URL).toString(),
      }),
    }));
  });
}
