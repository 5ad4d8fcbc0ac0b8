// Issue 26, item 2: a shop's search results read like a shop, on a laptop
// and a phone: product cards with a photo or a lettered tile, the price (a
// range when variants differ), the stock in words, and facets as real
// checkboxes with the words people read ("Colour: red", "Under €10"),
// behind a "Filters" button on a phone so the results come first.
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { addProduct, expect, test } from "./fixtures";
import { inShop } from "../server/db/client.server";
import { productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { addImage } from "../server/services/catalog/images";
import { receiveStock } from "../server/services/inventory/ledger";

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

for (const width of [1366, 390]) {
  test(`at ${width} px: product cards with a photo or a tile, stock in words, and readable facets that narrow the results`, async ({ shop, browser }) => {
    const input = productInput({
      title: "Linen apron",
      options: [{ name: "Colour", values: ["Red", "Blue"] }],
      variants: [
        { optionValues: ["Red"], sku: `LA-R-${shop.slug}`, price: 3000, taxClass: "standard" },
        { optionValues: ["Blue"], sku: `LA-B-${shop.slug}`, price: 3200, taxClass: "standard" },
      ],
    });
    const apron = await createProduct(shop.id, input);
    const variants = await inShop(shop.id, (tx) => tx.variant.findMany({ where: { productId: apron.id }, select: { id: true } }));
    for (const v of variants) await receiveStock(shop.id, shop.owner.id, { variantId: v.id, locationId: shop.locationId, quantity: 4 });
    const png = await sharp({ create: { width: 900, height: 700, channels: 3, background: "#b5523b" } })
      .png()
      .toBuffer();
    await addImage(shop.id, { productId: apron.id, fileName: "apron.png", data: png.toString("base64"), alt: "The apron" });
    await addProduct(shop, { title: "Rye loaf", price: 450, stock: 0 });

    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
    const results = page.getByRole("region", { name: "Results" });
    // The search index catches up with the new products in the background.
    await expect(async () => {
      await page.goto(`/s/${shop.slug}`);
      await expect(results.getByRole("listitem")).toHaveCount(4, { timeout: 1000 });
      await expect(results.locator("img.product-card-photo")).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    // A card: photo, title as a link, a price range, the stock in words (not a sum over the colours).
    const apronCard = results.getByRole("listitem").filter({ hasText: "Linen apron" });
    await expect(apronCard.getByRole("link", { name: "Linen apron" })).toBeVisible();
    expect(await apronCard.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(apronCard).toContainText("€30.00 – €32.00");
    await expect(apronCard).toContainText("In stock");
    await expect(apronCard).not.toContainText(/\b8\b/);
    // The title is a link, not a bordered box that looks like a text field.
    await expect(apronCard.getByRole("link", { name: "Linen apron" })).toHaveCSS("border-top-style", "none");
    // Without a photo, the title's first letter on a tile; out of stock in words.
    const rye = results.getByRole("listitem").filter({ hasText: "Rye loaf" });
    await expect(rye.locator(".product-placeholder")).toHaveText("R");
    await expect(rye).toContainText("€4.50");
    await expect(rye).toContainText("Out of stock");
    // One shop's page: no shop name on every card.
    await expect(results).not.toContainText(shop.name);

    // On a phone the results come first; the facets open from "Filters".
    const filters = page.getByText("Filters", { exact: true });
    const red = page.getByRole("checkbox", { name: "Colour: red (1)" });
    if (width < 700) {
      await expect(filters).toBeVisible();
      await expect(red).toBeHidden();
      const resultsTop = await results.evaluate((el) => el.getBoundingClientRect().top);
      expect(resultsTop, "the results start on the first screen").toBeLessThan(900);
      await page.screenshot({ path: `/tmp/cards-shots/shop-results-${width}.png`, fullPage: true });
      await filters.click();
    } else {
      await expect(filters).toBeHidden();
    }
    // Facets read as people read them, the currency placed by the locale.
    // No location set: plain "In stock", not "near you"; three of the four are in stock (not the rye loaf).
    await expect(page.getByRole("checkbox", { name: "In stock (3)" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Under €10 (3)" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "€25 – €50 (1)" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Colour: blue (1)" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Options" })).not.toContainText("Colour:Red");
    if (width >= 700) await page.screenshot({ path: `/tmp/cards-shots/shop-results-${width}.png`, fullPage: true });

    // Ticking a facet (with the keyboard) narrows the results.
    await red.focus();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(/attr=Colour%3ARed/);
    await expect(results.getByRole("listitem")).toHaveCount(1);
    await expect(results.getByRole("link", { name: "Linen apron" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Colour: red (1)" })).toBeChecked();
    // Unticked, everything is back.
    await page.getByRole("checkbox", { name: "Colour: red (1)" }).uncheck();
    await expect(results.getByRole("listitem")).toHaveCount(4);
    await page.getByRole("checkbox", { name: "Under €10 (3)" }).check();
    await expect(results.getByRole("listitem")).toHaveCount(3);
    await expect(results.getByRole("link", { name: "Linen apron" })).toHaveCount(0);
    await noSideScroll(page);
    await page.screenshot({ path: `/tmp/cards-shots/shop-results-filtered-${width}.png`, fullPage: true });

    // Without JavaScript, the ticks apply with a button.
    const plain = await (await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false })).newPage();
    await plain.goto(`/s/${shop.slug}`);
    if (width < 700) await plain.getByText("Filters", { exact: true }).click();
    await plain.getByRole("checkbox", { name: "Colour: red (1)" }).check();
    await plain.getByRole("button", { name: "Apply filters" }).click();
    await expect(plain.getByRole("region", { name: "Results" }).getByRole("listitem")).toHaveCount(1);
    await plain.context().close();
    expect(errors, "console errors").toEqual([]);
  });
}
