// Issue 26's bar for the storefront: axe on every page a customer reaches
// (home, search, near me, a shop, a product, the cart, checkout across two
// shops, an order, sign-up and log-in), in the light and the dark theme
// (the system setting), at 1366 and 390 px: no serious or critical
// violation, no console error, no sideways scroll. Named to run after
// discovery.spec.ts: its fixture shops would otherwise join that spec's results.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, makeShop, test, type Shop } from "./fixtures";
import { unique } from "./support";
import { expectFrench, useFrench } from "./i18n";

async function axe(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `${what}: axe violations`).toEqual([]);
}

const noSideScroll = async (page: Page, what: string) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), `${what} scrolls sideways`).toBeLessThanOrEqual(0);

/** Two shops' items in the cart, placed for pickup: the checkout page and an order page to check. */
async function placed(page: Page, shop: Shop, other: Shop) {
  for (const [s, p] of [
    [shop, shop.products[0]],
    [other, other.products[1]],
  ] as const) {
    await page.goto(`/s/${s.slug}/${p.handle}`);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  }
}

async function walk(browser: Browser, shop: Shop, other: Shop, width: number, colorScheme: "light" | "dark") {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, colorScheme })).newPage();
  const errors: string[] = [];
  page.on("console", (m) => (m.type() === "error" ? errors.push(`${page.url()}: ${m.text()}`) : undefined));
  const check = async (what: string) => {
    await axe(page, `${what} (${colorScheme}, ${width} px)`);
    await noSideScroll(page, what);
  };
  const stops: [string, string, RegExp][] = [
    ["home", "/", /./],
    ["search", "/search?q=baguette", /./],
    ["near me", "/near", /./],
    ["shop", `/s/${shop.slug}`, new RegExp(shop.name)],
    ["product", `/s/${shop.slug}/${shop.products[0].handle}`, /Baguette tradition/],
    ["sign up", "/join", /Create your account/],
    ["log in", "/login", /Log in/],
  ];
  for (const [what, path, heading] of stops) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await check(what);
  }
  await placed(page, shop, other);
  await check("cart");
  await page.getByLabel("Your name").fill("Axe Tester");
  await page.getByLabel("Email (for your order updates)").fill(`axe-${unique()}@example.test`);
  await page.getByLabel("Pay at pickup").check();
  await page.getByRole("button", { name: "Place 2 orders" }).click();
  await expect(page.getByRole("heading", { name: "Your orders from this checkout" })).toBeVisible();
  await check("checkout");
  await page.getByRole("link", { name: new RegExp(`${shop.name}: order`) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Order");
  await check("order");
  await page.screenshot({ path: `test-results/storefront-${colorScheme}-${width}.png`, fullPage: true });
  expect(errors).toEqual([]);
  await page.context().close();
}

for (const width of [1366, 390]) {
  test(`at ${width} px every storefront page passes axe in the light and the dark theme`, async ({ browser, shop }) => {
    test.setTimeout(180_000);
    const other = await makeShop();
    await walk(browser, shop, other, width, "light");
    await walk(browser, shop, other, width, "dark");
  });
}

// The same pages in French (issue 26): longer words must not break the
// layout or the contrast, and every page must say it is French.
test("in French, at 390 px, the storefront pages pass axe and read French", async ({ browser, shop, baseURL }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  await useFrench(context, baseURL!);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => (m.type() === "error" ? errors.push(`${page.url()}: ${m.text()}`) : undefined));
  const stops: [string, string, RegExp][] = [
    ["home", "/", /Votre boutique, en ligne et en caisse/],
    ["search", "/search?q=baguette", /Chercher dans toutes les boutiques/],
    ["near me", "/near", /Où êtes-vous/],
    ["shop", `/s/${shop.slug}`, new RegExp(shop.name)],
    ["product", `/s/${shop.slug}/${shop.products[0].handle}`, /Baguette tradition/],
    ["sign up", "/join", /Créer votre compte/],
    ["log in", "/login", /Se connecter/],
  ];
  for (const [what, path, heading] of stops) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await axe(page, `${what} (fr, 390 px)`);
    await noSideScroll(page, what);
    await expectFrench(page);
  }
  await page.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
  await page.getByRole("button", { name: "Ajouter au panier" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Votre panier" })).toBeVisible();
  await axe(page, "cart (fr, 390 px)");
  await noSideScroll(page, "cart");
  await expectFrench(page);
  expect(errors).toEqual([]);
  await context.close();
});
