// Issue 26, item 3: the back office (catalogue, stock, orders, customers) in
// French, at a desk and on a phone; the same pages still complete in English;
// the French CSV export goes back in through the import.
import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, test, type Shop } from "./fixtures";
import { expectEnglish, expectFrench, useFrench } from "./i18n";
import { placeOrder } from "../server/services/orders/place";
import { unique } from "./support";

const FRENCH_DATE = /\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}/;

/**
 * The notifications the worker wrote for the new order ("New order #1",
 * "Dora …, €2.60, pickup at Shop floor"): stored as English text by the
 * notification job, not rendered from the catalogue yet (reported to the lead).
 */
const STORED_NOTIFICATIONS = [/^New order #\d+$/, /, €\d+\.\d\d, (pickup at .+|delivery)$/];
/** The fixture's location, "Shop floor", as the shop named it, inside a French label ("Alerte de stock bas à Shop floor"). */
const LOCATION_IN_LABEL = /^[^a-z]*[A-ZÀ-Ü][^]* à Shop floor$/;

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);

/** A pay-at-pickup order of two baguettes, placed as the storefront does; its id and the customer's name. */
async function placeBaguettes(shop: Shop) {
  const name = `Dora ${unique()}`;
  const placed = await placeOrder(shop.slug, null, {
    clientRef: crypto.randomUUID(),
    items: [{ variantId: shop.products[0].variantId, quantity: 2 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name,
    email: `${name.replace(" ", ".").toLowerCase()}@example.test`,
  });
  return { orderId: placed.orderId, name };
}

/** Errors the browser logs (React, hydration, failed requests) on this page. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    // The new-product form's refusal answers 400 on purpose; the browser logs that response.
    if (m.type() === "error" && !/status of 400 \(Bad Request\)/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

for (const width of [1366, 390]) {
  test(`the back office in French at ${width} px: every page, money and dates written the French way`, async ({ owner: page, shop, baseURL }) => {
    test.setTimeout(120_000);
    await useFrench(page.context(), baseURL!);
    await page.setViewportSize({ width, height: 900 });
    const errors = consoleErrors(page);
    const { orderId, name } = await placeBaguettes(shop);
    const base = `/shop/${shop.slug}`;
    const look = async (shot: string) => {
      await expectFrench(page, [...STORED_NOTIFICATIONS, LOCATION_IN_LABEL]);
      await noSideScroll(page);
      await page.screenshot({ path: `test-results/i18n-bo-${shot}-${width}.png`, fullPage: true });
    };

    // The home page: the waiting order, in euros the French way, and today's date in French.
    await page.goto(base);
    await expect(page.getByRole("heading", { name: "Commandes en attente" })).toBeVisible();
    await expect(page.getByText(/^Aujourd’hui, /)).toContainText(FRENCH_DATE);
    await expect(page.getByRole("listitem", { name: /^Commande \d+$/ })).toContainText("2,60 €");
    await expect(page.getByRole("listitem", { name: /^Commande \d+$/ })).toContainText("Confirmée · paiement au retrait");
    await look("home");

    // Products: a search, then a sort.
    await page.goto(`${base}/products`);
    await expect(page.getByRole("heading", { name: "Produits", level: 1 })).toBeVisible();
    await page.getByRole("searchbox", { name: "Rechercher des produits" }).fill("Croissant");
    await expect(page.getByRole("status")).toHaveText("1 produit correspond à ces filtres");
    await expect(page.getByRole("row", { name: /Croissant au beurre/ })).toContainText("1,40 €");
    await page.getByRole("searchbox", { name: "Rechercher des produits" }).fill("");
    await expect(page.getByRole("status")).toHaveText("2 produits");
    await page.getByRole("combobox", { name: "Trier par" }).selectOption({ label: "Titre Z–A" });
    await expect(page.getByRole("table", { name: "Produits" }).getByRole("row").nth(1)).toContainText("Croissant au beurre");
    await page.getByRole("link", { name: "Titre" }).click();
    await expect(page.getByRole("columnheader", { name: /Titre/ })).toHaveAttribute("aria-sort", /ascending|descending/);
    await look("products");

    // A product's page.
    await page.getByRole("link", { name: "Baguette tradition", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Baguette tradition", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Détails" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "1,30 €" })).toBeVisible();
    await look("product");

    // A new product refused: the French summary frame, each field named in French.
    await page.goto(`${base}/products/new`);
    await expect(page.getByRole("heading", { name: "Nouveau produit" })).toBeVisible();
    await page.getByLabel("Prix de Par défaut").fill("abc");
    await page.getByRole("button", { name: "Créer le produit" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Rien n’a été enregistré" });
    await expect(summary).toBeVisible();
    await expect(summary).toContainText("Titre");
    // The server's field messages (zod) are still English: the summary's own words are French.
    await expectFrench(page, [...STORED_NOTIFICATIONS, /^Titre\s?:/, /^(Enter|Price|SKU|Add|Give)\b/i, /is not an amount|required|at least/i]);
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/i18n-bo-new-product-${width}.png`, fullPage: true });

    // Stock, and a variant's ledger.
    await page.goto(`${base}/stock`);
    await expect(page.getByRole("heading", { name: /^Stock à / })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Disponible" })).toBeVisible();
    await look("stock");
    await page.getByRole("link", { name: "Baguette tradition", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Recevoir ou corriger" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Reçu", exact: true })).toBeVisible();
    await expect(page.getByRole("table").last()).toContainText(FRENCH_DATE);
    await page.getByLabel("Variation").fill("3");
    await page.getByRole("button", { name: "Enregistrer le mouvement" }).click();
    await expect(page.getByText("3 reçus : 51 disponibles.")).toBeVisible();
    await look("stock-variant");

    // Locations.
    await page.goto(`${base}/locations`);
    await expect(page.getByRole("heading", { name: "Lieux", level: 1 })).toBeVisible();
    await look("locations");

    // Orders: the board and list, then the order.
    await page.goto(`${base}/orders`);
    await expect(page.getByRole("heading", { name: "Toutes les commandes et ventes" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Commandes" })).toContainText("2,60 €");
    await expect(page.getByRole("table", { name: "Commandes" })).toContainText(FRENCH_DATE);
    await look("orders");
    await page.goto(`${base}/orders/${orderId}`);
    await expect(page.getByRole("heading", { name: /^Commande n° \d+/ })).toBeVisible();
    await expect(page.getByRole("row", { name: /^Total/ }).last()).toContainText("2,60 €");
    await expect(page.getByRole("heading", { name: "Historique" })).toBeVisible();
    await look("order");
    await page.getByRole("button", { name: "Commencer la préparation" }).click();
    await expect(page.getByText(/^Commande n° \d+\s: en préparation\.$/)).toBeVisible();
    await expect(page.getByRole("heading", { name: /^Commande n° \d+/ })).toContainText("En préparation");

    // Customers, and the one who ordered.
    await page.goto(`${base}/customers`);
    await expect(page.getByRole("heading", { name: "Clients" })).toBeVisible();
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("2,60 €");
    await look("customers");
    await page.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByText(/^1 commande · 2,60\s€ dépensés/)).toBeVisible();
    await look("customer");

    // Notifications.
    await page.goto(`${base}/notifications`);
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    await look("notifications");

    expect(errors, "console errors").toEqual([]);
  });
}

test("the same back-office pages stay complete in English", async ({ owner: page, shop }) => {
  const errors = consoleErrors(page);
  const { orderId } = await placeBaguettes(shop);
  const base = `/shop/${shop.slug}`;
  await page.goto(base);
  await expect(page.getByRole("heading", { name: "Orders waiting" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: /^Order \d+$/ })).toContainText("€2.60");
  await expectEnglish(page);
  for (const path of ["products", "products/new", "stock", "locations", "orders", `orders/${orderId}`, "customers", "notifications"]) {
    await page.goto(`${base}/${path}`);
    await expectEnglish(page);
  }
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await page.goto(`${base}/orders/${orderId}`);
  await expect(page.getByRole("heading", { name: /^Order #\d+/ })).toContainText("Confirmed · pay at pickup");
  await expect(page.getByRole("button", { name: "Start preparing" })).toBeVisible();
  expect(errors, "console errors").toEqual([]);
});

test("the French CSV export has French column names and goes back in through the import", async ({ owner: page, shop, baseURL }) => {
  await useFrench(page.context(), baseURL!);
  await page.goto(`/shop/${shop.slug}/products`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Exporter en CSV" }).click()]);
  const csv = await fs.readFile(await download.path(), "utf8");
  const [header, ...rows] = csv.trim().split("\n");
  expect(header).toBe(
    "adresse_web,titre,description,marque,catégorie,statut,étiquettes,attributs,option1_nom,option1_valeur,option2_nom,option2_valeur,option3_nom,option3_valeur,sku,code_barres,prix,prix_barré,coût,classe_tva,stock:Shop floor",
  );
  expect(rows).toHaveLength(2);

  // The same file, its prices changed, goes back in: French names are read as the import's columns.
  const changed = [header, ...rows.map((r) => r.replace(",1.30,", ",1.35,"))].join("\n");
  const file = test.info().outputPath("export-fr.csv");
  await fs.writeFile(file, changed);
  await page.getByRole("link", { name: "Importer un CSV" }).click();
  await page.getByLabel("Fichier CSV").setInputFiles(file);
  await page.getByRole("button", { name: "Envoyer et prévisualiser" }).click();
  await expect(page.getByText("2 lignes : 2 prêtes à importer.")).toBeVisible();
  await expect(page.getByText("Colonnes de stock : stock:Shop floor.")).toBeVisible();
  await expectFrench(page, [/^OK$/]);
  await page.getByRole("button", { name: "Importer 2 lignes" }).click();
  await expect(page.getByText("Terminé : 1 lignes appliquées, 1 inchangées, 0 ignorées.")).toBeVisible({ timeout: 30_000 });
  await page.goto(`/shop/${shop.slug}/products?q=Baguette`);
  await expect(page.getByRole("row", { name: /Baguette tradition/ })).toContainText("1,35 €");
});
