import { productInput } from "../server/db/factories";
import type { ProductInput } from "../server/schemas/catalog";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock, setThreshold } from "../server/services/inventory/ledger";
import { createLocation } from "../server/services/inventory/locations";
import { setOpeningHours, setPickupSettings } from "../server/services/locations/settings";
import { inShop } from "../server/db/client.server";

type Demo = { title: string; category: string; price: number; brand?: string; options?: ProductInput["options"]; stock?: number };

/** A few products per demo shop, so every page has something to show. */
export const DEMO_CATALOG: Record<string, Demo[]> = {
  "corner-bakery": [
    { title: "Baguette tradition", category: "bread", price: 130, stock: 40 },
    { title: "Pain au levain", category: "bread", price: 480, stock: 12 },
    { title: "Croissant au beurre", category: "viennoiserie", price: 140, stock: 60 },
    { title: "Pain au chocolat", category: "viennoiserie", price: 160, stock: 4 },
    {
      title: "Tarte aux pommes",
      category: "cakes-and-tarts",
      price: 2400,
      options: [{ name: "Size", values: ["4 people", "6 people", "8 people"] }],
      stock: 3,
    },
    { title: "Éclair au café", category: "pastries", price: 390, stock: 0 },
  ],
  "green-grocer": [
    { title: "Pommes Gala", category: "fresh-fruit", price: 320, stock: 80 },
    { title: "Carottes bio", category: "fresh-vegetables", price: 250, stock: 35 },
    { title: "Basilic en pot", category: "herbs", price: 290, stock: 6 },
    { title: "Comté 18 mois", category: "cheese", price: 2990, brand: "Fromagerie Marcel", stock: 10 },
    { title: "Œufs plein air", category: "eggs", price: 380, options: [{ name: "Box", values: ["6", "12"] }], stock: 20 },
  ],
  "book-nook": [
    { title: "The Hound of the Baskervilles", category: "crime-and-thrillers", price: 899, brand: "Penguin", stock: 7 },
    { title: "A Brief History of Time", category: "science", price: 1099, stock: 3 },
    { title: "The Very Hungry Caterpillar", category: "childrens-books", price: 699, stock: 15 },
    {
      title: "Notebook",
      category: "notebooks-and-paper",
      price: 450,
      options: [
        { name: "Ruling", values: ["Plain", "Lined", "Dotted"] },
        { name: "Size", values: ["A5", "A4"] },
      ],
      stock: 9,
    },
  ],
};

export async function seedCatalog(shop: {
  id: string;
  slug: string;
  ownerId: string;
  locationId: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
}) {
  const warehouse = await createLocation(shop.id, {
    name: "Back room",
    addressLine1: "Rear courtyard",
    city: shop.city,
    postalCode: "00000",
    country: shop.country,
    latitude: shop.latitude,
    longitude: shop.longitude,
  });
  // The back room holds stock but is no place to collect from; the shop floor
  // opens Monday to Saturday, so checkout offers pickup times (issue 25).
  await setPickupSettings(shop.id, { locationId: warehouse.id, pickupPoint: false, publicName: null, prepMinutes: 30, slotMinutes: 30, slotCapacity: 5 });
  const day = [{ opensMinute: 9 * 60, closesMinute: 19 * 60 }];
  await setOpeningHours(shop.id, { locationId: shop.locationId, hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] } });
  const prefix = shop.slug
    .split("-")
    .map((w) => w[0])
    .join("")
    .toUpperCase();
  for (const [i, d] of (DEMO_CATALOG[shop.slug] ?? []).entries()) {
    const combos = (d.options ?? []).reduce<string[][]>((rows, o) => rows.flatMap((r) => o.values.map((v) => [...r, v])), [[]]);
    const product = await createProduct(
      shop.id,
      productInput({
        title: d.title,
        brand: d.brand,
        categoryId: d.category,
        options: d.options ?? [],
        variants: combos.map((values, j) => ({
          optionValues: values,
          sku: `${prefix}-${100 + i}${combos.length > 1 ? `-${j + 1}` : ""}`,
          price: d.price + j * 100,
          taxClass: "reduced",
        })),
      }),
    );
    const variants = await inShop(shop.id, (tx) => tx.variant.findMany({ where: { productId: product.id }, select: { id: true } }));
    for (const v of variants) {
      await setThreshold(shop.id, { variantId: v.id, locationId: shop.locationId, threshold: 5 });
      if (d.stock) await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity: d.stock, reason: "Opening stock" });
      if (d.stock) await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: warehouse.id, quantity: d.stock * 2, reason: "Opening stock" });
    }
  }
}
