// Issue 25, item 1: a shopper keeps delivery addresses on their account and
// checks out a delivery with one. Runs after discovery.spec.ts (its shops
// would join that spec's search results).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { baseDb } from "../server/db/client.server";
import { createUser } from "../server/db/factories";
import { expect, PASSWORD, signIn, test } from "./fixtures";
import { confirmDialog, ensureStripeConnected, unique } from "./support";

/** Serious or critical WCAG 2.1 AA problems axe finds on the page, as in e2e/a11y.spec.ts. */
async function axeProblems(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

for (const width of [1366, 390]) {
  test(`at ${width} px a shopper saves an address, checks out a delivery with it and sees it on the order`, async ({ browser, shop }) => {
    test.setTimeout(180_000); // Stripe onboarding through the stand-in, then a card checkout, on a shared 2-core machine
    await baseDb.shop.update({ where: { id: shop.id }, data: { deliveryRadiusKm: 10 } });
    await ensureStripeConnected(browser, shop.slug, shop.owner.email, PASSWORD);
    const pat = await createUser({ name: "Pat Shopper", email: `pat-${unique()}@example.test`, password: PASSWORD });
    // A shopper in New York: their own times are shown in their zone.
    const context = await browser.newContext({ viewport: { width, height: 900 }, timezoneId: "America/New_York" });
    const page = await context.newPage();
    const errors: string[] = [];
    // Our pages only: the Stripe stand-in's payment page (another origin) has no favicon.
    const ours = test.info().project.use.baseURL ?? "";
    page.on("console", (m) => m.type() === "error" && m.location().url.startsWith(ours) && errors.push(`${m.text()} ${m.location().url}`));
    await signIn(page, pat);

    // None yet: the empty state says how to add one.
    await page.goto("/account");
    await page.getByRole("link", { name: "Delivery addresses →" }).click();
    await expect(page.getByRole("heading", { name: "Delivery addresses" })).toBeVisible();
    await expect(page.getByText("No saved addresses yet.")).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `/tmp/addr-shots/addresses-empty-${width}.png`, fullPage: true });

    await page.getByLabel("Name", { exact: true }).fill("Home");
    await page.getByLabel("Address", { exact: true }).fill("12 Rue de Rivoli, 3rd floor");
    await page.getByLabel("Town or postcode").fill("75001");
    await page.getByRole("button", { name: "Save address" }).click();
    await expect(page.getByText("Home is saved as your default address.")).toBeVisible();
    const list = page.getByRole("list", { name: "Your delivery addresses" });
    await expect(list.getByRole("listitem").filter({ hasText: "Home" })).toContainText("Default");
    await expect(list.getByRole("listitem").filter({ hasText: "Home" })).toContainText("Distance from 75001 Paris, FR");

    // A town nobody knows is named beside its field, and what was typed stays.
    await page.getByLabel("Name", { exact: true }).fill("Work");
    await page.getByLabel("Address", { exact: true }).fill("1 Place Bellecour");
    await page.getByLabel("Town or postcode").fill("Nowhereville-sur-Rien");
    await page.getByRole("button", { name: "Save address" }).click();
    await expect(page.getByText('Town or postcode: we do not know "Nowhereville-sur-Rien"')).toBeVisible();
    await expect(page.getByLabel("Town or postcode")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Address", { exact: true })).toHaveValue("1 Place Bellecour");
    errors.length = 0; // the refused form's 400 is expected
    await page.getByLabel("Town or postcode").fill("Lyon");
    await page.getByRole("button", { name: "Save address" }).click();
    await expect(page.getByText("Work is saved.")).toBeVisible();
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await noSideScroll(page);
    await page.screenshot({ path: `/tmp/addr-shots/addresses-two-${width}.png`, fullPage: true });
    expect(await axeProblems(page)).toEqual([]);

    // Edited, then deleted through the page's own dialog.
    await page.getByRole("link", { name: "Edit Work" }).click();
    await expect(page.getByRole("heading", { name: "Edit Work" })).toBeVisible();
    await page.getByLabel("Address", { exact: true }).fill("2 Place Bellecour");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Work is updated.")).toBeVisible();
    await expect(list.getByRole("listitem").filter({ hasText: "Work" })).toContainText("2 Place Bellecour");

    // At checkout, delivery offers the saved address, the default chosen.
    await page.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
    await page.getByRole("radio", { name: /^Delivery within 10 km/ }).check();
    const deliverTo = page.getByRole("group", { name: "Deliver to" });
    await expect(deliverTo.getByRole("radio", { name: /Home \(default\): 12 Rue de Rivoli, 3rd floor/ })).toBeChecked();
    await expect(page.getByLabel("Delivery address")).toBeHidden();
    await expect(page.getByText("Distance checked from 75001 Paris, FR, as saved with this address.")).toBeVisible();
    // "A new address" brings the typed field and the box to keep it.
    await deliverTo.getByRole("radio", { name: "A new address" }).check();
    await expect(page.getByLabel("Delivery address")).toBeVisible();
    await expect(page.getByLabel("Save this address to my account")).toBeVisible();
    // Work is in Lyon: the shop's radius is checked against the saved point, and the refusal is said.
    await deliverTo.getByRole("radio", { name: /Work/ }).check();
    await page.getByRole("radio", { name: /Pay now by card/ }).check();
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /delivers within 10 km; this address is 39\d\.\d km away/ })).toBeVisible();
    errors.length = 0; // the refused checkout's 400 is expected
    await page.getByRole("radio", { name: /^Delivery within 10 km/ }).check();
    await page.getByRole("group", { name: "Deliver to" }).getByRole("radio", { name: /Home/ }).check();
    await expect(page.getByText(/delivers within 10 km/)).toBeHidden();
    await page.getByRole("radio", { name: /Pay now by card/ }).check();
    await noSideScroll(page);
    await page.screenshot({ path: `/tmp/addr-shots/cart-saved-address-${width}.png`, fullPage: true });
    expect(await axeProblems(page)).toEqual([]);
    await page.getByRole("button", { name: "Place order" }).click();
    // Off to the card payment page (the Stripe stand-in); the order is there already.
    await page.waitForURL((url) => !url.pathname.startsWith("/cart"));

    await page.goto("/account/orders");
    const row = page.getByRole("table", { name: "Your orders" }).getByRole("row").filter({ hasText: shop.name });
    await row.getByRole("link").first().click();
    await expect(page.getByText("Delivery to 12 Rue de Rivoli, 3rd floor")).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `/tmp/addr-shots/order-delivery-${width}.png`, fullPage: true });

    // Work is deleted through the page's own dialog; Home stays.
    await page.goto("/account/addresses");
    await page.getByRole("button", { name: "Delete Work" }).click();
    await confirmDialog(page, "Delete Work?", "Delete address");
    await expect(page.getByText("Work is deleted.")).toBeVisible();
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list).toContainText("Home");

    // Their sessions, in their own zone, named (not UTC).
    await page.goto("/account/security");
    const sessions = page.getByRole("table").filter({ hasText: "This browser" });
    await expect(sessions).toContainText("(New York time)");
    await expect(sessions).not.toContainText("UTC");
    await noSideScroll(page);
    await page.screenshot({ path: `/tmp/addr-shots/security-${width}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
}
