// Issue 26, item 1: an owner gives the shop a face (logo, cover photo, a
// few words) in Settings → Shop page, and customers see it on the shop's
// page, on a phone and on a laptop. A shop without a logo shows its
// initials, never a broken image.
import type { Page } from "@playwright/test";
import sharp from "sharp";
import { expect, test } from "./fixtures";

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

/** A picture with something in it: a warm gradient and a dark disc off-centre. */
async function picture(width: number, height: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#f3c178"/><stop offset="1" stop-color="#b5523b"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.6}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#3b2a20"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

test("an owner sets the logo, cover photo and description; customers see them at 1366 and 390 px", async ({ shop, owner, browser }) => {
  test.setTimeout(90_000);
  const errors: string[] = [];
  owner.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
  await owner.goto(`/shop/${shop.slug}/settings`);
  const logo = owner.getByRole("region", { name: "Logo" });
  const cover = owner.getByRole("region", { name: "Cover photo" });
  await expect(logo).toContainText("No logo yet.");

  // A file that is not a picture is refused under its own box.
  await logo.getByLabel("Add a logo").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") });
  await logo.getByRole("button", { name: "Upload" }).click();
  await expect(logo.getByRole("alert")).toHaveText("This file is not an image we can read: upload a JPEG, PNG, WebP, GIF or AVIF");
  errors.length = 0; // the refused upload's 400 is expected

  await logo.getByLabel("Add a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: await picture(500, 400) });
  await logo.getByRole("button", { name: "Upload" }).click();
  await expect(owner.getByText("Logo saved: it is on your shop page.")).toBeVisible();
  await expect(logo.getByRole("img", { name: `${shop.name}: logo` })).toBeVisible();
  // The earlier refusal is gone once a picture is saved.
  await expect(logo.getByRole("alert")).toHaveCount(0);
  await cover.getByLabel("Add a cover photo").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: await picture(2000, 1200) });
  await cover.getByRole("button", { name: "Upload" }).click();
  await expect(owner.getByText("Cover photo saved: it is on your shop page.")).toBeVisible();

  await owner.getByLabel("About the shop").fill("Sourdough and viennoiseries baked here every morning since 1962.\n\nOrder before 10:00 for a warm loaf.");
  await owner.getByRole("button", { name: "Save settings" }).click();
  await expect(owner.getByLabel("About the shop")).toHaveValue(/since 1962/);
  await owner.screenshot({ path: "test-results/shop-profile-settings.png", fullPage: true });

  for (const width of [1366, 390]) {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
    await page.goto(`/s/${shop.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: shop.name })).toBeVisible();
    const logoImg = page.getByRole("img", { name: `${shop.name} logo` });
    await expect(logoImg).toBeVisible();
    expect(await logoImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    const coverImg = page.locator("img.shop-cover");
    expect(await coverImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);
    await expect(page.getByText("Sourdough and viennoiseries baked here every morning since 1962.")).toBeVisible();
    await expect(page.getByText("Order before 10:00 for a warm loaf.")).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/shop-profile-${width}.png`, fullPage: true });
    await page.context().close();
  }

  // Removed, the page shows the shop's initials instead.
  await owner.goto(`/shop/${shop.slug}/settings`);
  await owner.getByRole("region", { name: "Logo" }).getByRole("button", { name: "Remove the logo" }).click();
  await owner.getByRole("alertdialog", { name: "Remove the logo from your shop page?" }).getByRole("button", { name: "Remove" }).click();
  await expect(owner.getByText("Logo removed from your shop page.")).toBeVisible();
  const customer = await browser.newPage();
  await customer.goto(`/s/${shop.slug}`);
  await expect(customer.locator(".shop-logo-placeholder")).toHaveText(
    shop.name
      .split(/\s+/)
      .slice(0, 2)
      .map((w) => w[0])
      .join("")
      .toUpperCase(),
  );
  await expect(customer.getByRole("img", { name: `${shop.name} logo` })).toHaveCount(0);
  expect(errors).toEqual([]);
});
