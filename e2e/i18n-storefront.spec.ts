// Issue 26, item 3: the storefront and a customer's account in French and
// English. A French customer walks from the home page to their order on a
// phone and on a laptop: every page is French (no English sentence, date or
// "€1.40" left outside what shops wrote), prices read "1,30 €", the facets
// say "Moins de 10 €", and nothing scrolls sideways. The same walk in English
// keeps its English words.
import type { Browser, Page } from "@playwright/test";
import { expect, PASSWORD, signIn, test, type Shop } from "./fixtures";
import { expectEnglish, expectFrench, useFrench } from "./i18n";
import { inShop } from "../server/db/client.server";
import { createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";

/** "Tablier en lin <tag>" in two colours, the red one on sale (compare-at 36,00 €), four of each in stock; the tag finds it alone in every shop. */
async function addApron(shop: Shop) {
  const tag = shop.slug.replace("bakery-", "");
  const product = await createProduct(
    shop.id,
    productInput({
      title: `Tablier en lin ${tag}`,
      options: [{ name: "Couleur", values: ["Rouge", "Bleu"] }],
      variants: [
        { optionValues: ["Rouge"], sku: `TL-R-${shop.slug}`, price: 3000, compareAtPrice: 3600, taxClass: "standard" },
        { optionValues: ["Bleu"], sku: `TL-B-${shop.slug}`, price: 3200, taxClass: "standard" },
      ],
    }),
  );
  const variants = await inShop(shop.id, (tx) => tx.variant.findMany({ where: { productId: product.id }, select: { id: true } }));
  for (const v of variants) await receiveStock(shop.id, shop.owner.id, { variantId: v.id, locationId: shop.locationId, quantity: 4 });
  const { handle } = await inShop(shop.id, (tx) => tx.product.findFirstOrThrow({ where: { id: product.id }, select: { handle: true } }));
  return { handle, tag };
}

async function customer(browser: Browser, width: number, french: boolean, baseURL: string) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  if (french) await useFrench(context, baseURL);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors, close: () => context.close() };
}

/** Checks a page: its language, no sideways scroll, and a screenshot of it at this width. */
async function look(page: Page, name: string, french: boolean, width: number, allow: RegExp[] = []) {
  if (french) await expectFrench(page, allow);
  else await expectEnglish(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath(`${name}-${french ? "fr" : "en"}-${width}.png`), fullPage: true });
}

// The order's status badge is app/components/orders.tsx, the back office's
// part (converted on its own branch): until both meet, its English words are let through here.
const STATUS_BADGE = [/^Confirmed · pay at pickup$/];

// A whole walk, a dozen pages each checked and photographed: more than the default minute.
test.describe.configure({ timeout: 180_000 });

for (const width of [390, 1366]) {
  test(`a French customer at ${width} px: home, search, shop, product, cart, order, all in French`, async ({ shop, browser, baseURL }) => {
    const { handle, tag } = await addApron(shop);
    const { page, errors, close } = await customer(browser, width, true, baseURL!);

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Votre boutique, en ligne et en caisse" })).toBeVisible();
    await look(page, "home", true, width);

    // Search every shop (no location) with a query, then narrow by a facet.
    const results = page.getByRole("region", { name: "Résultats" });
    await expect(async () => {
      await page.goto(`/search?q=${tag}`);
      await expect(results.getByRole("listitem").filter({ hasText: "Tablier en lin" })).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: "Chercher dans toutes les boutiques" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Indiquez où vous êtes" })).toBeVisible();
    const card = results.getByRole("listitem").filter({ hasText: "Tablier en lin" });
    await expect(card).toContainText("30,00 € – 32,00 €");
    await expect(card).toContainText("En stock");
    await expect(results.getByText("1 produit", { exact: true })).toBeVisible();
    if (width < 700) await page.getByText(/^Filtres/).click();
    await expect(page.getByRole("checkbox", { name: /^Moins de 10 € \(\d+\)$/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: "25 € – 50 € (1)" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Couleur : rouge (1)" })).toBeVisible();
    await look(page, "search", true, width);
    await page.getByRole("checkbox", { name: "Couleur : rouge (1)" }).check();
    await expect(page).toHaveURL(/attr=/);
    if (width < 700) await expect(page.getByText(/^Filtres \(1 choisi\)$/)).toBeVisible();
    await look(page, "search-facet", true, width);

    // The shop's page: its products, the price band in French.
    await page.goto(`/s/${shop.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: shop.name })).toBeVisible();
    await expect(page.getByRole("button", { name: /Garder cette boutique/ }).or(page.getByRole("link", { name: /Garder cette boutique/ }))).toBeVisible();
    const baguette = page.getByRole("region", { name: "Résultats" }).getByRole("listitem").filter({ hasText: "Baguette tradition" });
    await expect(baguette).toContainText("1,30 €");
    if (width < 700) await page.getByText(/^Filtres/).click();
    await expect(page.getByRole("checkbox", { name: "Moins de 10 € (2)" })).toBeVisible();
    await look(page, "shop", true, width);

    // The product page: the sale price, the choice of colour, the stock in words.
    await page.goto(`/s/${shop.slug}/${handle}`);
    await expect(page.locator(".price")).toContainText("30,00 €");
    await expect(page.locator(".price")).toContainText("36,00 €");
    await expect(page.getByText("Promo −17 %")).toBeVisible();
    await expect(page.getByText(/^Plus que 4 à /)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Stock par lieu" })).toBeVisible();
    await look(page, "product", true, width);
    await page.getByLabel("Choisir").selectOption({ label: "Bleu · 32,00 €" });
    await page.getByLabel("Quantité").fill("2");
    await page.getByRole("button", { name: "Ajouter au panier" }).click();

    // The cart: lines, totals and the checkout form in French.
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("heading", { level: 1, name: "Votre panier" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "64,00 €" }).first()).toBeVisible();
    await expect(page.getByRole("group", { name: "Comment voulez-vous la recevoir ?" })).toBeVisible();
    await look(page, "cart", true, width);
    await page.getByLabel("Votre nom").fill("Zoé Client");
    await page.getByLabel("E-mail (pour le suivi de votre commande)").fill(`zoe-${width}-${shop.slug}@fixture.test`);
    await page.getByRole("radio", { name: /^Payer au retrait \(nous gardons vos articles pendant 48 heures\)$/ }).check();
    await page.getByRole("button", { name: "Commander" }).click();

    // The order page.
    await expect(page.getByText(`Merci ! ${shop.name} a bien reçu votre commande.`)).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^Commande nº \\d+ chez ${shop.name}$`) })).toBeVisible();
    await expect(page.getByRole("row", { name: /Total 64,00 €/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Suivi" })).toBeVisible();
    await look(page, "order", true, width, STATUS_BADGE);

    // Signed out: logging in, joining, a forgotten password.
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Se connecter" })).toBeVisible();
    await expect(page.getByLabel("Mot de passe")).toBeVisible();
    await look(page, "login", true, width);
    await page.goto("/join");
    await expect(page.getByRole("button", { name: "Créer mon compte" })).toBeVisible();
    await look(page, "join", true, width);
    await page.goto("/forgot-password");
    await expect(page.getByRole("heading", { level: 1, name: "Mot de passe oublié ?" })).toBeVisible();
    await look(page, "forgot", true, width);

    // A customer's account pages.
    const me = await createUser({ email: `zoe-account-${width}-${tag}@fixture.test`, name: "Zoé Client", password: PASSWORD });
    await signIn(page, me);
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Votre compte" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Boutiques favorites" })).toBeVisible();
    await look(page, "account", true, width);
    await page.goto("/account/orders");
    await expect(page.getByRole("heading", { level: 1, name: "Vos commandes" })).toBeVisible();
    await look(page, "account-orders", true, width);
    await page.goto("/account/addresses");
    await expect(page.getByRole("heading", { level: 1, name: "Adresses de livraison" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Enregistrer l’adresse" })).toBeVisible();
    await look(page, "account-addresses", true, width);

    expect(errors, "console errors").toEqual([]);
    await close();
  });
}

test("an English customer walks the same pages in English", async ({ shop, browser, baseURL }) => {
  const { handle, tag } = await addApron(shop);
  const { page, errors, close } = await customer(browser, 1366, false, baseURL!);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Your shop, online and at the till" })).toBeVisible();
  await look(page, "home", false, 1366);
  const results = page.getByRole("region", { name: "Results" });
  await expect(async () => {
    await page.goto(`/search?q=${tag}`);
    await expect(results.getByRole("listitem").filter({ hasText: "Tablier en lin" })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(results.getByRole("listitem").filter({ hasText: "Tablier en lin" })).toContainText("€30.00 – €32.00");
  await expect(page.getByRole("checkbox", { name: "€25 – €50 (1)" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Couleur: rouge (1)" })).toBeVisible();
  await look(page, "search", false, 1366);
  await page.goto(`/s/${shop.slug}`);
  await expect(page.getByRole("checkbox", { name: "Under €10 (2)" })).toBeVisible();
  await look(page, "shop", false, 1366);
  await page.goto(`/s/${shop.slug}/${handle}`);
  await expect(page.getByText("Sale −17 %")).toBeVisible();
  await expect(page.getByText(/^4 left at /)).toBeVisible();
  await look(page, "product", false, 1366);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your cart" })).toBeVisible();
  await look(page, "cart", false, 1366);
  await page.getByLabel("Your name").fill("Zoe Customer");
  await page.getByLabel("Email (for your order updates)").fill(`zoe-en-${shop.slug}@fixture.test`);
  await page.getByRole("radio", { name: /^Pay at pickup \(we hold your items for 48 hours\)$/ }).check();
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByText(`Thank you! ${shop.name} has your order.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Progress" })).toBeVisible();
  await look(page, "order", false, 1366);
  const me = await createUser({ email: `zoe-account-en-${tag}@fixture.test`, name: "Zoe Customer", password: PASSWORD });
  await signIn(page, me);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await look(page, "account", false, 1366);
  await page.goto("/account/addresses");
  await expect(page.getByRole("button", { name: "Save address" })).toBeVisible();
  await look(page, "account-addresses", false, 1366);
  expect(errors, "console errors").toEqual([]);
  await close();
});
