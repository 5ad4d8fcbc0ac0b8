import sharp from "sharp";
import { saveFilter } from "../../server/services/catalog/saved-filters";
import { inShop } from "../../server/db/client.server";
import { productInput } from "../../server/db/factories";
import { createProduct } from "../../server/services/catalog/products";
import { addImage } from "../../server/services/catalog/images";
import { uploadImport } from "../../server/services/imports/imports";
import { createLocation } from "../../server/services/inventory/locations";
import { receiveStock } from "../../server/services/inventory/ledger";
import { placeOrder } from "../../server/services/orders/place";
import { createCustomer } from "../../server/services/customers/customers";
import { createRegister } from "../../server/services/registers/registers";
import { syncSales } from "../../server/services/registers/sync";
import { setException, setOpeningHours } from "../../server/services/locations/settings";
import type { ShopIds } from "./procedures";

/** A small real PNG, as an upload form would send it. */
export async function pngBase64(width = 40, height = 30) {
  const png = await sharp({ create: { width, height, channels: 3, background: "#c33" } })
    .png()
    .toBuffer();
  return png.toString("base64");
}

export const csvBase64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** One record of every kind in a shop, for the isolation suites. */
export async function recordsIn(
  shop: { id: string; slug: string; ownerId: string; locationId: string },
  notifiedUserId: string,
  base: Pick<ShopIds, "membershipId" | "invitationId">,
): Promise<ShopIds> {
  const product = await createProduct(shop.id, productInput());
  const variant = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } }));
  const warehouse = await createLocation(shop.id, {
    name: "Warehouse",
    addressLine1: "2 Quai",
    city: "Paris",
    postalCode: "75001",
    country: "FR",
    latitude: 48.86,
    longitude: 2.34,
  });
  const image = await addImage(shop.id, { productId: product.id, fileName: "p.png", data: await pngBase64(), alt: "" });
  const notification = await inShop(shop.id, (tx) =>
    tx.notification.create({
      data: { shopId: shop.id, userId: notifiedUserId, eventId: crypto.randomUUID(), type: "test", title: "Hello", body: "Body" },
      select: { id: true },
    }),
  );
  await receiveStock(shop.id, shop.ownerId, { variantId: variant.id, locationId: shop.locationId, quantity: 100 });
  const order = await placeOrder(shop.slug, null, {
    clientRef: crypto.randomUUID(),
    items: [{ variantId: variant.id, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Cleo Customer",
    email: "cleo@example.test",
  });
  // A card refund Stripe reported failed (written as the webhook leaves it).
  const failedRefund = await inShop(shop.id, (tx) =>
    tx.refund.create({
      data: { shopId: shop.id, orderId: order.orderId, kind: "stripe", amount: 100, status: "failed", locationId: shop.locationId },
      select: { id: true },
    }),
  );
  // A return kept as an exchange credit, not spent yet.
  const exchangeRefund = await inShop(shop.id, (tx) =>
    tx.refund.create({
      data: { shopId: shop.id, orderId: order.orderId, kind: "exchange", amount: 100, status: "succeeded", locationId: shop.locationId },
      select: { id: true },
    }),
  );
  const customer = await createCustomer(shop.id, { name: "Dan Customer", email: "dan@example.test", notes: "", marketingConsent: false });
  const register = await createRegister(shop.id, { locationId: shop.locationId, name: "Counter 1" });
  // A receipt number the register was never given: held for a manager.
  await syncSales(shop.id, register.id, [
    {
      clientRef: crypto.randomUUID(),
      receipt: 1,
      soldAt: new Date().toISOString(),
      staffId: shop.ownerId,
      total: 1000,
      cashTendered: 1000,
      items: [{ variantId: variant.id, quantity: 1, unitPrice: 1000, taxClass: "standard", sku: "HELD-1", title: "Held" }],
    },
  ]);
  const registerSale = await inShop(shop.id, (tx) => tx.registerSale.findFirstOrThrow({ where: { registerId: register.id }, select: { id: true } }));
  const upload = await uploadImport(shop.id, shop.ownerId, { fileName: "a.csv", data: csvBase64("sku,title,price\nIMP-1,Imported,1.00\n") });
  // Opening hours and a closing day (issue 25), so the isolation suite sees them unchanged in shop B.
  await setOpeningHours(shop.id, {
    locationId: shop.locationId,
    hours: { mon: [{ opensMinute: 540, closesMinute: 1140 }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
  });
  await setException(shop.id, { locationId: shop.locationId, day: "2026-12-31", hours: [], note: "Inventory" });
  // Saved filters are per person: this one is the signed-in test user's own.
  const savedFilter = await saveFilter(shop.id, notifiedUserId, { name: "Active", query: "status=active" });
  return {
    ...base,
    productId: product.id,
    variantId: variant.id,
    locationId: shop.locationId,
    otherLocationId: warehouse.id,
    imageId: image.id,
    notificationId: notification.id,
    importId: upload.importId,
    orderId: order.orderId,
    failedRefundId: failedRefund.id,
    exchangeRefundId: exchangeRefund.id,
    customerId: customer.id,
    registerId: register.id,
    registerSaleId: registerSale.id,
    savedFilterId: savedFilter.id,
  };
}
