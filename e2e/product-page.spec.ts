// Issue 26, item 1 on the product page, as a customer sees it on a laptop
// and a phone: the photos as a gallery (a thumbnail shows its photo), a
// sale shown as a sale for the chosen item, that item's stock in words at
// the nearest place (never a sum over every size), and a designed tile for
// a product without a photo.
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { expect, test } from "./fixtures";
import { inShop } from "../server/db/client.server";
import { productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { addImage } from "../server/services/catalog/images";
import { receiveStock } from "../server/services/inventory/ledger";

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

const photo = async (colour: string) =>
  (
    await sharp({ create: { width: 900, height: 700, channels: 3, background: colour } })
      .png()
      .toBuffer()
  ).toString("base64");

for (const width of [1366, 390]) {
  test(`at ${width} px: a gallery, a sale and the chosen size's stock in words`, async ({ shop, browser }) => {
    const input = productInput({
      title: "Linen apron",
      options: [{ name: "Size", values: ["S", "L"] }],
      variants: [
        { optionValues: ["S"], sku: `AP-S-${shop.slug}`, price: 3000, compareAtPrice: 4000, taxClass: "standard" },
        { optionValues: ["L"], sku: `AP-L-${shop.slug}`, price: 3200, taxClass: "standard" },
      ],
    });
    const product = await createProduct(shop.id, input);
    const variants = await inShop(shop.id, (tx) =>
      tx.variant.findMany({ where: { productId: product.id }, orderBy: { position: "asc" }, select: { id: true } }),
    );
    await receiveStock(shop.id, shop.owner.id, { variantId: variants[0]!.id, locationId: shop.locationId, quantity: 3 });
    await receiveStock(shop.id, shop.owner.id, { variantId: variants[1]!.id, locationId: shop.locationId, quantity: 40 });
    await addImage(shop.id, { productId: product.id, fileName: "red.png", data: await photo("#b5523b"), alt: "The apron, front" });
    await addImage(shop.id, { productId: product.id, fileName: "blue.png", data: await photo("#2b5d8a"), alt: "The apron, back" });
    const handle = await inShop(shop.id, (tx) => tx.product.findFirstOrThrow({ where: { id: product.id }, select: { handle: true } }));

    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
    await page.goto(`/s/${shop.slug}/${handle.handle}`);
    // The first size: on sale, 3 left (not 43 "in stock" over both sizes).
    await expect(page.locator(".price")).toHaveText("€30.00 was €40.00 Sale −25 %");
    await expect(page.locator(".stock-words")).toHaveText("3 left at Shop floor, 1 Rue de la Paix");
    await expect(page.locator(".stock-words .badge")).toHaveCSS("text-transform", "none");
    await expect(page.getByRole("img", { name: "The apron, front" })).toBeVisible();
    await page.getByRole("button", { name: "Photo 2 of 2" }).click();
    await expect(page.getByRole("img", { name: "The apron, back" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Photo 2 of 2" })).toHaveAttribute("aria-pressed", "true");
    // The other size: its own price, no sale, its own stock.
    await page.getByLabel("Choose").selectOption({ label: "L · €32.00" });
    await expect(page.locator(".price")).toHaveText("€32.00");
    await expect(page.getByText("In stock at Shop floor, 1 Rue de la Paix")).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/product-page-${width}.png`, fullPage: true });
    // Added to the cart: the size chosen.
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
    await expect(page.getByText("Linen apron")).toBeVisible();
    await expect(page.getByText(/L\b/).first()).toBeVisible();

    // A product without a photo: the designed tile, not an empty space.
    await page.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
    await expect(page.getByRole("img", { name: "Baguette tradition: no photo yet" })).toBeVisible();
    expect(errors).toEqual([]);
  });
}
