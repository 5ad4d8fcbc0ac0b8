import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn, unique } from "./support";

// Issue 18's counter features at the back office's till (/shop/<slug>/pos),
// worked from the keyboard as a cashier does, on a counter screen and a phone.
const PASSWORD = "nearshop-demo";
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/till-shots";
const WIDTHS = [
  { name: "1366", width: 1366, height: 800 },
  { name: "390", width: 390, height: 844 },
] as const;
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const SEARCH = "Scan a barcode, or type a SKU or name";

async function scan(page: Page, code: string) {
  const search = page.getByPlaceholder(SEARCH);
  await search.pressSequentially(code, { delay: 5 });
  await search.press("Enter");
}

/** The cashier at the till, with every console error and every print the page asks for counted. */
async function openTill(page: Page, errors: string[]) {
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.context().addInitScript(() => {
    const w = window as unknown as { __prints: number };
    w.__prints = 0;
    window.print = () => {
      w.__prints++;
    };
  });
  await logIn(page, "cashier@green-grocer.test", PASSWORD);
  await page.goto("/shop/green-grocer/pos");
  await expect(page.getByPlaceholder(SEARCH)).toBeFocused();
}

/** No serious or critical axe violation on what is on screen now. */
async function axeClean(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, where).toEqual([]);
}

async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

for (const size of WIDTHS) {
  test.describe(`at ${size.name} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("F3 adds a new customer to the sale; the sale, its receipt (F9) and the next sale's search show them", async ({ page }) => {
      const errors: string[] = [];
      await openTill(page, errors);
      const name = `Zoé Martin ${unique()}`;
      const email = `zoe-${unique()}@example.test`;

      // F3: nobody by that name yet; Enter starts a new customer with the name typed.
      await page.keyboard.press("F3");
      const dialog = page.getByRole("dialog", { name: "Customer for this sale" });
      await expect(dialog.getByLabel("Name, email or phone")).toBeFocused();
      await page.keyboard.type(name);
      await expect(dialog.getByText("Nobody matches: Enter adds a new customer.")).toBeVisible();
      await page.keyboard.press("Enter");
      await expect(dialog.getByLabel("Name")).toHaveValue(name);
      // Neither an email nor a phone: said, nothing added.
      await dialog.getByLabel("Name").press("Enter");
      await expect(dialog.getByRole("alert")).toHaveText("Enter an email or a phone number");
      await dialog.getByLabel("Email").fill(email);
      await shot(page, `customer-new-${size.name}`);
      await dialog.getByLabel("Email").press("Enter");
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("till-customer")).toHaveText(name);
      await expect(page.getByPlaceholder(SEARCH)).toBeFocused();

      await scan(page, "GG-100");
      await page.keyboard.press("F4");
      await page.keyboard.type("5");
      await shot(page, `customer-on-cart-${size.name}`);
      await noSideways(page);
      await page.keyboard.press("F8");
      const done = page.getByRole("status").filter({ hasText: "Sale #" });
      await expect(done.getByRole("heading")).toContainText("€3.20");
      await expect(done).toContainText(`Customer: ${name}`);
      const number = (await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];

      // F9: the receipt opens, printing at once, with the customer on it.
      const [receipt] = await Promise.all([page.waitForEvent("popup"), page.keyboard.press("F9")]);
      await expect(receipt).toHaveURL(new RegExp(`/receipts/${number}\\?print=1$`));
      const article = receipt.getByRole("article", { name: `Receipt ${number}` });
      await expect(article).toContainText(`Customer: ${name}`);
      await expect(article.getByRole("row", { name: /Total/ })).toContainText("€3.20");
      await expect.poll(() => receipt.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
      await receipt.screenshot({ path: `${SHOTS}/customer-receipt-${size.name}.png`, fullPage: true });
      await receipt.close();

      // The next sale starts as a walk-in; F3 and a piece of the email find the same customer, chosen with the arrows and Enter.
      await page.keyboard.press("Enter");
      await expect(done).toBeHidden();
      await expect(page.getByTestId("till-customer")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Add customer (F3)" })).toBeVisible();
      await page.keyboard.press("F3");
      await page.keyboard.type(email.slice(0, 12));
      const option = dialog.getByRole("option", { name: new RegExp(name) });
      await expect(option).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("till-customer")).toHaveText(name);
      // Esc closes the box and changes nothing; "Remove customer" takes them off.
      await page.keyboard.press("F3");
      await expect(dialog).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId("till-customer")).toHaveText(name);
      await page.getByRole("button", { name: "Remove customer" }).click();
      await expect(page.getByTestId("till-customer")).toHaveCount(0);

      // F9 with no sale on screen: the last receipt again.
      const [again] = await Promise.all([page.waitForEvent("popup"), page.keyboard.press("F9")]);
      await expect(again.getByRole("article", { name: `Receipt ${number}` })).toContainText(`Customer: ${name}`);
      await again.close();
      expect(errors).toEqual([]);
    });

    test("F7 rings up a custom amount; the arrows choose a line for its discount and note; the receipt shows them", async ({ page }) => {
      const errors: string[] = [];
      await openTill(page, errors);
      await scan(page, "GG-100");
      await page.keyboard.press("F7");
      const dialog = page.getByRole("dialog", { name: "Custom amount" });
      await expect(dialog.getByLabel("Description")).toBeFocused();
      await page.keyboard.type("Gift basket");
      await page.keyboard.press("Tab");
      await page.keyboard.type("0");
      await page.keyboard.press("Enter");
      await expect(dialog.getByRole("alert")).toHaveText("Price: an amount more than zero, like 4.50");
      await dialog.getByLabel("Price (EUR)").fill("4.50");
      await dialog.getByLabel("Price (EUR)").press("Enter");
      await expect(dialog).toBeHidden();
      const custom = page.getByRole("row", { name: /Gift basket/ });
      await expect(custom).toContainText("Custom amount");
      await expect(custom).toHaveAttribute("aria-selected", "true");
      await expect(page.getByPlaceholder(SEARCH)).toBeFocused();

      // ↑ from the custom line chooses the apples; Enter edits their discount, Tab their note, Esc back to scanning.
      await page.keyboard.press("ArrowUp");
      const apples = page.getByRole("row", { name: /Pommes Gala/ });
      await expect(apples).toHaveAttribute("aria-selected", "true");
      await page.keyboard.press("Enter");
      await expect(page.getByLabel("Line discount", { exact: true })).toBeFocused();
      await page.keyboard.type("10");
      await page.keyboard.press("Tab");
      await page.keyboard.type("Bruised");
      await page.keyboard.press("Escape");
      await expect(page.getByPlaceholder(SEARCH)).toBeFocused();
      await expect(apples).toContainText("Line discount −€0.32");
      await expect(apples).toContainText("Note: Bruised");
      await expect(page.getByTestId("line-total-0")).toHaveText("€2.88");
      await expect(page.getByTestId("till-total")).toHaveText("€7.38");
      await shot(page, `lines-cart-${size.name}`);
      await noSideways(page);

      await page.keyboard.press("F4");
      await page.keyboard.type("10");
      await page.keyboard.press("F8");
      const done = page.getByRole("status").filter({ hasText: "Sale #" });
      await expect(done.getByRole("heading")).toContainText("€7.38");
      await expect(done).toContainText("Change due: €2.62");
      const number = (await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];
      const [receipt] = await Promise.all([page.waitForEvent("popup"), page.keyboard.press("F9")]);
      const article = receipt.getByRole("article", { name: `Receipt ${number}` });
      await expect(article.getByRole("row", { name: /Gift basket/ })).toContainText("€4.50");
      const appleRow = article.getByRole("row", { name: /Pommes Gala/ });
      await expect(appleRow).toContainText("Note: Bruised");
      await expect(appleRow).toContainText("Line discount −€0.32");
      await expect(appleRow).toContainText("€2.88");
      await expect(article.getByRole("row", { name: /^Discount/ })).toHaveCount(0);
      await expect(article.getByRole("row", { name: /Total/ })).toContainText("€7.38");
      await receipt.screenshot({ path: `${SHOTS}/lines-receipt-${size.name}.png`, fullPage: true });
      expect(errors).toEqual([]);
    });

    test("adding a customer whose email the shop has attaches that customer (no second record)", async ({ page }) => {
      const errors: string[] = [];
      await openTill(page, errors);
      const name = `Noé Petit ${unique()}`;
      const email = `noe-${unique()}@example.test`;
      const dialog = page.getByRole("dialog", { name: "Customer for this sale" });
      for (const typed of [name, "Someone Else"]) {
        await page.keyboard.press("F3");
        await dialog.getByRole("button", { name: "New customer" }).click();
        await dialog.getByLabel("Name").fill(typed);
        await dialog.getByLabel("Email").fill(email);
        await dialog.getByRole("button", { name: "Add and attach" }).click();
        await expect(dialog).toBeHidden();
        await expect(page.getByTestId("till-customer")).toHaveText(name);
      }
      await page.keyboard.press("F3");
      await page.keyboard.type(email);
      await expect(dialog.getByRole("option")).toHaveCount(1);
      await page.keyboard.press("Escape");
      expect(errors).toEqual([]);
    });
  });
}

for (const size of [
  { name: "768", width: 768, height: 1024 },
  { name: "1366", width: 1366, height: 800 },
] as const) {
  test.describe(`tiles at ${size.name} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("a tap on a product tile adds one; category tabs show that category's tiles with prices", async ({ page }) => {
      const errors: string[] = [];
      await openTill(page, errors);
      const tiles = page.getByRole("region", { name: "Products by category" });
      await tiles.getByRole("tab", { name: /^Fresh vegetables/ }).click();
      await expect(tiles.getByRole("tab", { name: /^Fresh vegetables/ })).toHaveAttribute("aria-selected", "true");
      const carrots = tiles.getByRole("tabpanel").getByRole("button", { name: /Carottes bio/ });
      await expect(carrots).toContainText("€2.50");
      await expect(tiles.getByRole("tabpanel").getByRole("button", { name: /Pommes Gala/ })).toHaveCount(0);
      await carrots.click();
      await carrots.click();
      await expect(page.getByLabel("Quantity of GG-101")).toHaveValue("2");
      // The keyboard reaches the tabs too: Enter on a tab, Enter on a tile.
      await tiles.getByRole("tab", { name: /^Fresh fruit/ }).focus();
      await page.keyboard.press("Enter");
      await tiles
        .getByRole("tabpanel")
        .getByRole("button", { name: /Pommes Gala/ })
        .focus();
      await page.keyboard.press("Enter");
      await expect(page.getByLabel("Quantity of GG-100")).toHaveValue("1");
      await expect(page.getByTestId("till-total")).toHaveText("€8.20");
      await expect(page.getByPlaceholder(SEARCH)).toBeFocused();
      await axeClean(page, "till with tiles and a cart");
      await page.keyboard.press("ArrowDown");
      await expect(page.getByRole("group", { name: /^Line: / })).toBeVisible();
      await axeClean(page, "a line chosen, its editor open");
      await page.keyboard.press("F3");
      await expect(page.getByRole("dialog", { name: "Customer for this sale" })).toBeVisible();
      await axeClean(page, "the customer box");
      await page.keyboard.press("Escape");
      await page.keyboard.press("F7");
      await expect(page.getByRole("dialog", { name: "Custom amount" })).toBeVisible();
      await axeClean(page, "the custom amount box");
      await page.keyboard.press("Escape");
      await shot(page, `tiles-${size.name}`);
      await noSideways(page);
      expect(errors).toEqual([]);
    });
  });
}
