import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

// Book Nook: no other spec changes its catalog or its orders.
const SHOP = "/shop/book-nook";
const WIDTHS = [1366, 390];

const titles = (page: Page) => page.getByRole("table", { name: "Products" }).locator("tbody tr td:nth-child(3) a").allInnerTexts();
const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

for (const width of WIDTHS) {
  test(`product list at ${width} px: sort, stock filter and search change the rows shown`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await logIn(page, "manager@book-nook.test", "nearshop-demo");
    await page.goto(`${SHOP}/products`);
    await expect.poll(() => titles(page)).toEqual(["A Brief History of Time", "Notebook", "The Hound of the Baskervilles", "The Very Hungry Caterpillar"]);
    await noSideScroll(page);

    // The form sends every field, the empty "Any …" ones too: they must not reset the sort.
    await page.getByLabel("Sort by").selectOption({ label: "Title Z–A" });
    await expect(page).toHaveURL(/status=&/);
    await expect.poll(() => titles(page)).toEqual(["The Very Hungry Caterpillar", "The Hound of the Baskervilles", "Notebook", "A Brief History of Time"]);

    // Most in stock first: the Stock column reads high to low, and the least stocked book is last.
    // Z–A already ends with the least stocked book, so wait for the new sort's own rows, not for that.
    const units = async () =>
      (await page.getByRole("table", { name: "Products" }).locator("tbody tr td:nth-child(8)").allInnerTexts()).map((t) => parseInt(t, 10));
    await page.getByLabel("Sort by").selectOption({ label: "Most in stock" });
    await expect(page).toHaveURL(/sort=-stock/);
    await expect.poll(() => titles(page)).not.toEqual(["The Very Hungry Caterpillar", "The Hound of the Baskervilles", "Notebook", "A Brief History of Time"]);
    await expect.poll(() => titles(page)).toHaveLength(4);
    await expect.poll(async () => (await titles(page)).at(-1)).toBe("A Brief History of Time");
    const shown = await units();
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    await page.getByLabel("Sort by").selectOption({ label: "Title Z–A" });

    await page.getByLabel("Stock", { exact: true }).selectOption({ label: "Low stock" });
    await expect.poll(() => titles(page)).toEqual(["A Brief History of Time"]);
    await page.getByLabel("Stock", { exact: true }).selectOption({ label: "Any stock" });
    await expect.poll(() => titles(page)).toHaveLength(4);

    const search = page.getByLabel("Search products");
    await search.fill("hound");
    await search.press("Enter");
    await expect.poll(() => titles(page)).toEqual(["The Hound of the Baskervilles"]);
    await expect(page.getByLabel("Sort by")).toHaveValue("-title");
    await noSideScroll(page);

    // A hand-typed bad value is named (400), not silently replaced by the defaults.
    const response = await page.goto(`${SHOP}/products?q=hound&sort=price`);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "Check the address" })).toBeVisible();
    await expect(page.getByText("Sort: choose one of title, -title, -updated, updated, -created")).toBeVisible();
    await page.getByRole("link", { name: "Show the page without filters" }).click();
    await expect.poll(() => titles(page)).toHaveLength(4);
  });
}

const orderRows = (page: Page) => page.getByRole("table", { name: "Orders" }).locator("tbody tr");
const column = async (page: Page, n: number) => (await orderRows(page).locator(`td:nth-child(${n})`).allInnerTexts()).map((t) => t.trim());
const money = (t: string) => Number(t.replace(/[^\d.]/g, ""));

for (const width of WIDTHS) {
  test(`orders list at ${width} px: newest first, click-to-sort headers, a date range in the shop's zone, pages`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await logIn(page, "owner@book-nook.test", "nearshop-demo");
    await page.goto(`${SHOP}/orders`);
    await expect(orderRows(page)).toHaveCount(50);
    await noSideScroll(page);

    // Newest first by default: the "When" column never goes up.
    const when = async () => {
      const texts = await column(page, 2);
      return texts.map((t) => Date.parse(t.replace(",", "")));
    };
    const first = await when();
    expect(
      first.every((t, i) => i === 0 || t <= first[i - 1]!),
      `newest first: ${first}`,
    ).toBe(true);
    await expect(page.getByRole("columnheader", { name: /When/ })).toHaveAttribute("aria-sort", "descending");

    // Click "Total": highest first; again: lowest first.
    await page.getByRole("link", { name: /^Total/ }).click();
    await expect(page.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "descending");
    const ordered = async (dir: 1 | -1) => {
      const t = (await column(page, 6)).map(money);
      return t.every((v, i) => i === 0 || (v - t[i - 1]!) * dir >= 0);
    };
    await expect.poll(() => ordered(-1), "highest total first").toBe(true);
    await page.getByRole("link", { name: /^Total/ }).click();
    await expect(page.getByRole("columnheader", { name: /Total/ })).toHaveAttribute("aria-sort", "ascending");
    await expect.poll(() => ordered(1), "lowest total first").toBe(true);
    const totals = (await column(page, 6)).map(money);

    // The next page carries on from the last row, in the same order.
    const lastOnFirst = totals.at(-1)!;
    const numbersOnFirst = await column(page, 1);
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/after=/);
    await expect.poll(async () => (await column(page, 1)).some((n) => numbersOnFirst.includes(n)), "no row of the first page again").toBe(false);
    const next = (await column(page, 6)).map(money);
    expect(next[0]).toBeGreaterThanOrEqual(lastOnFirst);
    expect(next).toEqual([...next].sort((a, b) => a - b));

    // One day, chosen with the date fields: only that day's orders, in London time.
    await page.goto(`${SHOP}/orders`);
    const day = await page.evaluate(() => {
      const d = new Date(Date.now() - 3 * 86_400_000);
      return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(d);
    });
    await page.getByLabel("From").fill(day);
    await page.getByLabel("To", { exact: true }).fill(day);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${day}`));
    const shown = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" }).format(new Date(`${day}T12:00:00Z`));
    // The URL changes before the new rows are drawn: wait for the rows.
    await expect
      .poll(async () => {
        const days = await column(page, 2);
        return days.length > 0 && days.every((d) => d.includes(shown));
      }, `every row on ${shown}`)
      .toBe(true);
    await noSideScroll(page);

    // An end before the start is said beside the dates.
    await page.getByLabel("To", { exact: true }).fill("2020-01-01");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("alert")).toHaveText("To: choose a day on or after the From day");
  });
}

for (const width of WIDTHS) {
  test(`a wide import preview at ${width} px scrolls in its own box, with the problem in view`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const long = "A very long description that goes on and on ".repeat(8).trim();
    const csv = [
      "sku,title,price,category,description,brand,tags,option1 name,option1 value,barcode",
      `WIDE-1,Wide row one,4.50,,${long},Brand,"a, b",Size,S,`,
      `WIDE-2,Wide row two,four euros,,${long},Brand,"a, b",Size,M,`,
    ].join("\n");
    await logIn(page, "manager@book-nook.test", "nearshop-demo");
    await page.goto(`${SHOP}/products/import`);
    await page.getByLabel("CSV file").setInputFiles({ name: "wide.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    const table = page.getByRole("table", { name: "Preview of the file" });
    await expect(table).toBeVisible();
    await noSideScroll(page);
    // The problem cell is on screen without scrolling anything.
    const problem = table.getByRole("row", { name: /Wide row two/ }).locator("td.problem");
    await expect(problem).toContainText('Price "four euros" is not an amount like 12.50');
    const box = (await problem.boundingBox())!;
    expect(box.x + box.width, "the problem cell ends inside the window").toBeLessThanOrEqual(width);
    // The table's box scrolls instead of the page.
    const [scrollWidth, clientWidth] = await table.locator("..").evaluate((d) => [d.scrollWidth, d.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(clientWidth).toBeLessThanOrEqual(width);
  });
}
