import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { unique } from "./support";
import { inShop } from "../server/db/client.server";
import { unsubscribeToken } from "../server/services/customers/unsubscribe";

/** No serious or critical axe violation (as e2e/a11y.spec.ts checks the back office). */
const accessible = async (page: Page) => {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([]);
};

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

test("a customer stops a French shop's news from the email's link on a phone, without signing in", async ({ browser, shop }) => {
  const customer = await inShop(shop.id, (tx) =>
    tx.customer.create({
      data: { shopId: shop.id, name: "Nina News", email: `nina-${unique()}@example.test`, marketingConsent: true, consentAt: new Date() },
      select: { id: true },
    }),
  );
  const url = `/unsubscribe/${unsubscribeToken(shop.id, customer.id)}`;
  for (const width of [390, 1366]) {
    const page = await (await browser.newContext({ viewport: { width, height: 844 } })).newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
    await page.goto(url);
    if (width === 390) {
      await expect(page.getByRole("heading", { name: `Ne plus recevoir les nouveautés et offres de ${shop.name} ?` })).toBeVisible();
      await expect(page.getByText("Vous recevrez toujours les emails sur vos commandes.")).toBeVisible();
      await noSideScroll(page);
      await accessible(page);
      await page.screenshot({ path: "/tmp/msgs-shots/unsubscribe-ask-390.png", fullPage: true });
      await page.getByRole("button", { name: "Ne plus recevoir les nouveautés" }).click();
      await expect(page.getByRole("heading", { name: `Vous ne recevrez plus les nouveautés et offres de ${shop.name}` })).toBeVisible();
      await noSideScroll(page);
      await accessible(page);
      await page.screenshot({ path: "/tmp/msgs-shots/unsubscribe-done-390.png", fullPage: true });
    } else {
      // Opened again: nothing left to stop.
      await expect(page.getByRole("heading", { name: `Vous ne recevez pas les nouveautés et offres de ${shop.name}` })).toBeVisible();
      await page.screenshot({ path: "/tmp/msgs-shots/unsubscribe-again-1366.png", fullPage: true });
    }
    expect(errors).toEqual([]);
  }
  const consent = await inShop(shop.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: customer.id }, select: { marketingConsent: true } }));
  expect(consent.marketingConsent).toBe(false);
});

test("a tampered unsubscribe link says it is not valid (404), in the browser's language", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-GB" })).newPage();
  const r = await page.goto(`/unsubscribe/${"A".repeat(64)}`);
  expect(r?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This unsubscribe link is not valid" })).toBeVisible();
  await expect(page).toHaveTitle("News and offers · Nearshop");
  await noSideScroll(page);
  await page.screenshot({ path: "/tmp/msgs-shots/unsubscribe-invalid-390.png", fullPage: true });
});

test("the unsubscribe page's title is in the browser's language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await page.goto(`/unsubscribe/${"A".repeat(64)}`);
  await expect(page).toHaveTitle("Actualités et offres · Nearshop");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await context.close();
});
