import type { Page } from "@playwright/test";
import { expect, test, type Shop } from "./fixtures";
import { linkFromEmail, unique } from "./support";

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

async function guestOrder(page: Page, shop: Shop, email: string) {
  await page.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await page.getByLabel("Your name").fill("Gaby Guest");
  await page.getByLabel("Email (for your order updates)").fill(email);
  await page.getByLabel("Pay at pickup").check();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByText(`Thank you! ${shop.name} has your order.`)).toBeVisible();
  return (await page.getByRole("heading", { level: 1 }).textContent())?.match(/#(\d+)/)?.[1];
}

for (const width of [1366, 390]) {
  test(`at ${width} px a guest who orders, then signs up from the header, finds that order in their account`, async ({ browser, shop }) => {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const email = `gaby-${unique()}@example.test`;
    const number = await guestOrder(page, shop, email);
    expect(number).toBeTruthy();

    // Sign up from the header (behind the menu button on a phone).
    await page.goto("/");
    if (width < 700) await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Sign up" }).click();
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await noSideScroll(page);
    await page.getByLabel("Your name").fill("Gaby");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create my account" }).click();
    // Named beside their fields, and what was typed is kept.
    await expect(page.getByRole("alert").filter({ hasText: "Nothing was saved" })).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Your name")).toHaveValue("Gaby");
    errors.length = 0; // the refused form's 400 is expected; nothing after it may log an error
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long password 123");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await expect(page.getByText("then you can log in and see your orders")).toBeVisible();

    await page.goto(await linkFromEmail(email, /Confirm your email/));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByText("Your email is confirmed")).toBeVisible();

    if (width < 700) await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Your orders" }).click();
    await expect(page.getByRole("heading", { name: "Your orders" })).toBeVisible();
    const row = page
      .getByRole("table", { name: "Your orders" })
      .getByRole("row")
      .filter({ hasText: `#${number}` });
    await expect(row).toContainText(shop.name);
    await expect(row).toContainText("€2.60");
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/shopper-account-${width}.png`, fullPage: true });
    // The order opens from the account, with no guest link.
    await row.getByRole("link", { name: `#${number}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`#${number}`);
    expect(errors).toEqual([]);
  });
}
