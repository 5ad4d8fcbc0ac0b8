import { expect, test } from "@playwright/test";
import fs from "node:fs";

test("a customer sets a location by typing a city, searches with a typo, narrows by a facet, opens a shop and a product's stock", async ({ page }) => {
  await page.goto("/search");
  await page.getByRole("link", { name: "Set your location" }).click();

  const place = page.getByLabel("Town, city, postcode or coordinates");
  await place.pressSequentially("Pari");
  // The typeahead offers real places from the gazetteer.
  await expect(page.locator('#place-options option[value="Paris, FR"]')).toHaveCount(1);
  await place.fill("Paris, FR");
  await page.getByRole("button", { name: "Use this place" }).click();

  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByText("Near Paris, FR")).toBeVisible();

  await page.getByLabel("Search products").fill("crossant");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("Showing results for croissant")).toBeVisible();
  const result = page.getByRole("link", { name: "Croissant au beurre" });
  await expect(result).toBeVisible();
  await expect(page.getByRole("region", { name: "Results" })).toContainText("Corner Bakery");
  await expect(page.getByRole("region", { name: "Results" })).toContainText(/\d(\.\d)? km/);

  // Narrow by category: the facet shows its count and keeps the result.
  await page
    .getByRole("region", { name: "Category" })
    .getByRole("link", { name: /Bakery \(1\)/ })
    .click();
  await expect(page).toHaveURL(/category=bakery/);
  await expect(result).toBeVisible();

  // Shops near me lists the bakery with its distance; open it.
  await page.getByRole("link", { name: "Shops near me" }).first().click();
  await expect(page.getByRole("heading", { name: "Shops near you" })).toBeVisible();
  await expect(page.getByText(/Paris · \d(\.\d)? km away/)).toBeVisible();
  await expect(page.getByText("Green Grocer")).toHaveCount(0); // Lyon is 390 km away
  await page.getByRole("link", { name: "Corner Bakery" }).click();
  await expect(page).toHaveTitle(/Corner Bakery · Paris · Nearshop/);
  await expect(page.getByRole("heading", { name: "Corner Bakery" })).toBeVisible();

  // Search inside the shop, then open the product.
  await page.getByLabel("Search products").fill("pain");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("link", { name: "Pain au chocolat" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Croissant au beurre" })).toHaveCount(0);
  await page.getByRole("link", { name: "Pain au chocolat" }).click();

  await expect(page).toHaveTitle(/Pain au chocolat · Corner Bakery · Nearshop/);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.+/);
  // The chosen item's stock in words, at the nearest place (never a sum over every variant).
  await expect(page.getByText(/^(In stock|\d left) at Shop floor, 12 Rue Oberkampf \(\d(\.\d)? km\)$/)).toBeVisible();
  await expect(page.getByRole("table")).toContainText(/\d+ in stock/);
});

test("a customer sets a location by postcode; with a tile server configured, shops near them are on a map whose markers open the shop", async ({ page }) => {
  // The tile server: every tile is a small grey PNG, counted.
  const tile = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA3gDdLGhfqwAAAABJRU5ErkJggg==", "base64");
  let tiles = 0;
  await page.route("http://tiles.e2e.test/**", (route) => {
    tiles++;
    return route.fulfill({ status: 200, contentType: "image/png", body: tile });
  });
  // Opened directly: let the page's script load (hydrate) before typing, or the typeahead never hears the keys.
  await page.goto("/near?returnTo=%2Fnearby", { waitUntil: "networkidle" });
  // A postcode: the typeahead offers the French and the American 75001; Paris comes first.
  const place = page.getByLabel("Town, city, postcode or coordinates");
  const answered = page.waitForResponse((r) => /\/places(\.data)?\?q=75001/.test(r.url()));
  await place.pressSequentially("75001");
  await answered;
  await expect(page.locator('#place-options option[value="75001 Paris, FR"]')).toHaveCount(1);
  await expect(page.locator('#place-options option[value="75001 Addison, TX, US"]')).toHaveCount(1);
  await page.getByRole("button", { name: "Use this place" }).click();
  await expect(page.getByRole("heading", { name: "Shops near you" })).toBeVisible();
  await expect(page.getByText("Near 75001 Paris, FR")).toBeVisible();

  const listed = await page.locator("ul.results > li").count();
  expect(listed).toBeGreaterThan(0);
  const map = page.getByRole("region", { name: `Map of ${listed} ${listed === 1 ? "shop" : "shops"} near 75001 Paris, FR` });
  await expect(map).toBeVisible();
  await expect(map.locator(".leaflet-tile-loaded").first()).toBeVisible();
  expect(tiles).toBeGreaterThan(0);
  await expect(map.locator("path.map-shop")).toHaveCount(listed);
  await expect(map).toContainText("OpenStreetMap contributors");

  // A marker opens a popup that links to its shop.
  await map.locator("path.map-shop").first().click({ force: true });
  const popupLink = map.locator(".leaflet-popup a[href^='/s/']");
  await expect(popupLink).toBeVisible();
  const name = (await popupLink.textContent()) ?? "";
  await popupLink.click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
});

for (const width of [1366, 390]) {
  test(`at ${width} px, a customer without a location searches every shop in the shop's language, and keeps the words when setting a location`, async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/search", { waitUntil: "networkidle" });
    await expect(page.getByRole("heading", { name: "Search every shop" })).toBeVisible();
    // A plural, as people type it: the French shop's "Croissant au beurre" is found by its stem, with no distance.
    await page.getByLabel("Search products").fill("croissants");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search\?q=croissants(&|$)/);
    const results = page.getByRole("region", { name: "Results" });
    await expect(results.getByRole("link", { name: "Croissant au beurre" })).toBeVisible();
    await expect(results).toContainText("Corner Bakery");
    await expect(results).not.toContainText(/\d(\.\d)? km/);
    await expect(page.getByLabel("Search products")).toHaveValue("croissants");
    // On a phone the facets sit behind "Filters" so the results come first (issue 26).
    if (width < 700) await page.getByText("Filters", { exact: true }).click();
    await expect(page.getByRole("region", { name: "Availability" })).toContainText("In stock (1)");
    await expect(page.getByRole("region", { name: "Availability" })).not.toContainText("near you");
    fs.mkdirSync("/tmp/shots/french-search", { recursive: true });
    await page.screenshot({ path: `/tmp/shots/french-search/search-everywhere-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

    // Setting a location comes back to the same search, now near Paris.
    await page.getByRole("link", { name: "Set your location" }).click();
    await page.getByLabel("Town, city, postcode or coordinates").fill("Paris, FR");
    await page.getByRole("button", { name: "Use this place" }).click();
    await expect(page).toHaveURL(/\/search\?q=croissants(&|$)/);
    await expect(page.getByText("Near Paris, FR")).toBeVisible();
    await expect(page.getByLabel("Search products")).toHaveValue("croissants");
    await expect(results.getByRole("link", { name: "Croissant au beurre" })).toBeVisible();
    await expect(results).toContainText(/\d(\.\d)? km/);
    await page.screenshot({ path: `/tmp/shots/french-search/search-near-${width}.png`, fullPage: true });
    expect(errors, "console errors").toEqual([]);
  });
}
