import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

for (const width of [1366, 1024, 390]) {
  test(`report charts at ${width} px fit their column and do not overlap`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await logIn(page, "owner@book-nook.test", "nearshop-demo");
    await page.goto("/shop/book-nook/reports?period=30d");
    const day = page.getByRole("figure").filter({ hasText: "Sales by day" });
    const hour = page.getByRole("figure").filter({ hasText: "Sales by hour of day" });
    await expect(day.locator("svg.recharts-surface")).toBeVisible();
    const box = async (l: ReturnType<Page["locator"]>) => (await l.boundingBox())!;
    for (const figure of [day, hour]) {
      const column = await box(figure.locator(".."));
      const chart = await box(figure.locator("svg.recharts-surface"));
      expect(chart.x).toBeGreaterThanOrEqual(column.x - 0.5);
      expect(chart.x + chart.width, "the chart ends inside its column").toBeLessThanOrEqual(column.x + column.width + 0.5);
      expect(chart.x + chart.width).toBeLessThanOrEqual(width);
    }
    const a = await box(day.locator("svg.recharts-surface"));
    const b = await box(hour.locator("svg.recharts-surface"));
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap, "the two charts overlap").toBe(false);
    // The axis runs to the evening hours (labels every few hours) inside the chart: none fell off.
    const labels = hour.locator(".recharts-xAxis-tick-labels text");
    await expect(labels.last()).toHaveText(/^2[0-3]h$/);
    const last = await box(labels.last());
    expect(last.x + last.width).toBeLessThanOrEqual(b.x + b.width + 0.5);
    // Labels do not collide.
    const xs = await labels.evaluateAll((ts) =>
      ts.map((t) => {
        const r = t.getBoundingClientRect();
        return { left: r.left, right: r.right };
      }),
    );
    for (let i = 1; i < xs.length; i++) expect(xs[i]!.left, `label ${i} starts after label ${i - 1} ends`).toBeGreaterThan(xs[i - 1]!.right);
    await noSideScroll(page);
  });
}

test("a drop in refunds is shown as good news, a rise in revenue too", async ({ page }) => {
  await logIn(page, "owner@book-nook.test", "nearshop-demo");
  // The seeded sales: over the last 30 days refunds fell and revenue rose against the 30 before.
  await page.goto("/shop/book-nook/reports?period=30d");
  const refunds = page.getByRole("listitem", { name: "Refunds" }).locator(".change");
  await expect(refunds).toContainText("▼");
  await expect(refunds).toHaveClass(/\bgood\b/);
  await expect(refunds).toHaveCSS("color", "rgb(29, 107, 58)");
  const revenue = page.getByRole("listitem", { name: "Revenue" }).locator(".change");
  await expect(revenue).toContainText("▲");
  await expect(revenue).toHaveClass(/\bgood\b/);
});

test("the platform admin lands on /admin after logging in", async ({ page }) => {
  await logIn(page, "admin@nearshop.test", "nearshop-admin");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Shops" })).toBeVisible();
});

for (const width of [1366, 390]) {
  test(`a missing page at ${width} px has the site header, plain words and a way back`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await logIn(page, "owner@book-nook.test", "nearshop-demo");
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByText(/No route matches/)).toHaveCount(0);
    await expect(page.getByRole("banner").getByRole("link", { name: "Nearshop" })).toBeVisible();
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await expect(page).not.toHaveURL(/no\/such/);
    await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Page not found");
    await noSideScroll(page);
  });
}
