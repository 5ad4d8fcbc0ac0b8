import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { logIn, unique } from "./support";

const SHOP = "/shop/green-grocer";

test("a manager creates a product with variants, adds a photo, receives and moves stock, and reads the ledger", async ({ page }) => {
  const sku = `TEE-${unique()}`.toUpperCase();
  await logIn(page, "manager@green-grocer.test", "nearshop-demo");

  await page.goto(`${SHOP}/products/new`);
  await page.getByLabel("Title").fill(`Market tote ${sku}`);
  await page.getByLabel("Category").selectOption({ label: "Clothing & shoes > Accessories > Bags" });
  await page.getByLabel("Status").selectOption("active");
  await page.getByLabel("Option 1 name").fill("Size");
  await page.getByLabel("Option 1 values").fill("S, M");
  await page.getByLabel("Option 2 name").fill("Colour");
  await page.getByLabel("Option 2 values").fill("Natural");
  await expect(page.getByRole("group", { name: "Variants (2)" })).toBeVisible();
  await page.getByLabel("SKU of S / Natural", { exact: true }).fill(`${sku}-S`);
  await page.getByLabel("Price of S / Natural", { exact: true }).fill("12.50");
  await page.getByLabel("SKU of M / Natural", { exact: true }).fill(`${sku}-M`);
  await page.getByLabel("Price of M / Natural", { exact: true }).fill("abc");
  await page.getByRole("button", { name: "Create product" }).click();
  // A bad price is named next to its field, and what was typed stays.
  await expect(page.locator("table.variants").getByText('Price: "abc" is not an amount like 12.50')).toBeVisible();
  // ...and listed at the top of the form, a link that takes the cursor to that price.
  const summary = page.getByRole("alert").filter({ hasText: "Nothing was saved" });
  await summary.getByRole("link", { name: 'Price: "abc" is not an amount like 12.50' }).click();
  await expect(page.getByLabel("Price of M / Natural", { exact: true })).toBeFocused();
  await expect(page.getByLabel("SKU of S / Natural", { exact: true })).toHaveValue(`${sku}-S`);
  await page.getByLabel("Price of M / Natural", { exact: true }).fill("13.50");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Market tote ${sku}` })).toBeVisible();
  await expect(page.getByText("created.")).toBeVisible();

  // A photo: a PDF is refused with a clear message, a JPEG becomes a thumbnail.
  await page.getByLabel("Add an image").setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.7 nope") });
  await page.getByRole("button", { name: "Upload" }).click();
  // The refusal is next to the upload box (not in Details further down), tied to the file input.
  const upload = page.getByLabel("Add an image");
  await expect(page.locator(".images").getByText("This file is not an image we can read: upload a JPEG, PNG, WebP, GIF or AVIF")).toBeVisible();
  await expect(upload).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("This file is not an image we can read", { exact: false })).toHaveCount(1);
  const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#4a7" } })
    .jpeg()
    .toBuffer();
  await page.getByLabel("Add an image").setInputFiles({ name: "tote.jpg", mimeType: "image/jpeg", buffer: jpeg });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Image added.")).toBeVisible();
  const thumb = page.locator(".thumbs img").first();
  await expect(thumb).toBeVisible();
  // Visible can come before the image has loaded: wait for its pixels.
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(200);

  // Receive 10 at the shop floor, then move 4 to the back room.
  await page
    .getByRole("row", { name: /S \/ Natural/ })
    .getByRole("link", { name: "Stock and history" })
    .click();
  await page.getByLabel("Change", { exact: true }).fill("10");
  await page.getByLabel("Reason").selectOption("Received");
  await page.getByLabel("Note", { exact: true }).fill("Delivery 881");
  await page.getByRole("button", { name: "Record" }).click();
  await expect(page.getByText("Received 10: 10 available.")).toBeVisible();
  await page.getByLabel("From").selectOption({ label: "Shop floor" });
  await page.getByLabel("To", { exact: true }).selectOption({ label: "Back room" });
  await page.getByLabel("Quantity").fill("4");
  await page.getByRole("button", { name: "Transfer" }).click();
  await expect(page.getByText("Moved 4.")).toBeVisible();
  await expect(page.getByRole("row", { name: /^Shop floor 6 0 6/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Back room 4 0 4/ })).toBeVisible();
  // Asking for more than there is changes nothing and says why.
  await page.getByLabel("Quantity").fill("50");
  await page.getByRole("button", { name: "Transfer" }).click();
  await expect(page.getByText(`Not enough stock of ${sku}-S at Shop floor: 6 on hand, 6 available`)).toBeVisible();

  // The ledger, newest first, with who did it.
  const ledger = page.locator("table.ledger tbody tr");
  await expect(ledger).toHaveCount(3);
  await expect(ledger.nth(0)).toContainText("Transferred");
  await expect(ledger.nth(2)).toContainText("Received");
  await expect(ledger.nth(2)).toContainText("+10");
  await expect(ledger.nth(2)).toContainText("Delivery 881");
  await expect(ledger.nth(2)).toContainText("Green Grocer Manager");

  // The product list finds it by SKU, with its stock.
  await page.goto(`${SHOP}/products?q=${sku}-M`);
  await expect(page.getByRole("row", { name: new RegExp(`Market tote ${sku}`) })).toContainText("€12.50 – €13.50");
});

test("inline adjustment on the stock page keeps the page in place", async ({ page }) => {
  await logIn(page, "manager@green-grocer.test", "nearshop-demo");
  await page.goto(`${SHOP}/stock?q=Basilic`);
  const row = page.getByRole("row", { name: /Basilic en pot/ });
  const before = Number(await row.locator("td").nth(2).innerText());
  await row.getByLabel(/Change for/).fill("-2");
  await row.getByLabel(/Reason for/).selectOption("Damaged");
  await row.getByRole("button", { name: "Apply" }).click();
  await expect(row.getByRole("status")).toContainText(`Adjusted by -2: ${before - 2} available.`);
  await expect(row.locator("td").nth(2)).toHaveText(String(before - 2));
});

test("a CSV import with errors: preview, progress, result and the error report", async ({ page }) => {
  const tag = unique().toUpperCase();
  const csv = [
    "sku,title,price,category,stock:Shop floor",
    `IMP-${tag}-1,Imported plum jam,4.50,honey-and-spreads,12`,
    `IMP-${tag}-2,Imported apricot jam,4.80,honey-and-spreads,8`,
    `IMP-${tag}-3,Broken row,four euros,,1`,
  ].join("\n");
  await logIn(page, "manager@green-grocer.test", "nearshop-demo");
  await page.goto(`${SHOP}/products`);
  await page.getByRole("link", { name: "Import CSV" }).click();
  await page.getByLabel("CSV file").setInputFiles({ name: "jams.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByText("3 rows: 2 ready to import, 1 with problems")).toBeVisible();
  await expect(page.getByRole("row", { name: /Broken row/ })).toContainText('Price "four euros" is not an amount like 12.50');
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(page.getByText("Done: 2 rows applied, 0 unchanged, 1 skipped.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("value", "100");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download the error report/ }).click()]);
  expect(download.suggestedFilename()).toBe("jams-errors.csv");
  const report = await fs.readFile(await download.path(), "utf8");
  expect(report.trim().split("\n")).toEqual([
    "line,error,sku,title,price,category,stock:shop floor",
    `4,"Price ""four euros"" is not an amount like 12.50",IMP-${tag}-3,Broken row,four euros,,1`,
  ]);

  await page.goto(`${SHOP}/products?q=IMP-${tag}-1`);
  await expect(page.getByRole("row", { name: /Imported plum jam/ })).toContainText("12");
});
