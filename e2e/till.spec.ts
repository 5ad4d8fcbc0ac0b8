import fs from "node:fs";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { confirmDialog, logIn } from "./support";

// The till as a cashier works it: a scanner types the code and Enter, the
// rest is the keyboard. Every journey runs on a counter screen and a phone.
const PASSWORD = "nearshop-demo";
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/till-shots";
const WIDTHS = [
  { name: "1366", width: 1366, height: 800 },
  { name: "390", width: 390, height: 844 },
] as const;

fs.mkdirSync(SHOTS, { recursive: true });
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const E2E_DB = Object.assign(new URL(ADMIN_URL), { pathname: `/${process.env.TEST_DB_PREFIX ?? "nearshop"}_e2e` }).toString();
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

async function scan(page: Page, code: string) {
  const search = page.getByPlaceholder("Scan a barcode, or type a SKU or name");
  await search.pressSequentially(code, { delay: 5 });
  await search.press("Enter");
}

async function openTill(page: Page, who: string, shop: string) {
  // Counts missed-scan buzzes: the page's own Web Audio oscillators.
  await page.addInitScript(() => {
    const w = window as unknown as { __buzzes: number };
    w.__buzzes = 0;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.__buzzes++;
      return create.call(this);
    };
  });
  await logIn(page, `${who}@${shop}.test`, PASSWORD);
  await page.goto(`/shop/${shop}/pos`);
  await expect(page.getByPlaceholder("Scan a barcode, or type a SKU or name")).toBeFocused();
}

/** Nothing of the till reaches past the screen's right edge (the site's top bar is the shop layout's, not the till's). */
async function tillFitsScreen(page: Page) {
  const over = await page.evaluate(() =>
    [...document.querySelectorAll(".till *")]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`),
  );
  expect(over, "till elements past the right edge").toEqual([]);
}

for (const size of WIDTHS) {
  test.describe(`at ${size.name} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("a cashier's discount above the limit is approved by a manager's email and password, and the receipt carries it", async ({ page }) => {
      await openTill(page, "cashier", "green-grocer");
      await scan(page, "GG-100");
      await scan(page, "GG-100");
      await expect(page.getByLabel("Quantity of GG-100")).toHaveValue("2");
      await page.getByLabel("Discount", { exact: true }).fill("25");
      const approval = page.getByRole("group", { name: "Manager approval" });
      await expect(approval.getByLabel("Manager email")).toBeVisible();
      await expect(approval.getByLabel("Manager password")).toBeVisible();
      await expect(page.getByTestId("till-total")).toHaveText("€4.80");
      await page.keyboard.press("F4");
      await page.keyboard.type("5");
      // Paying without a manager: the server's answer opens in the approval box.
      await page.keyboard.press("F8");
      await expect(approval.getByRole("alert")).toHaveText(/a manager or owner must approve it/);
      await expect(approval.getByLabel("Manager email")).toBeFocused();
      await page.keyboard.type("manager@green-grocer.test");
      await page.keyboard.press("Enter");
      await expect(approval.getByLabel("Manager password")).toBeFocused();
      await page.keyboard.type("not the password");
      await page.keyboard.press("Enter");
      await expect(approval.getByRole("alert")).toHaveText("That is not the email and password of a manager or owner of this shop");
      await expect(approval.getByLabel("Manager password")).toHaveValue("");
      await expect(approval.getByLabel("Manager password")).toBeFocused();
      await shot(page, `approval-refused-${size.name}`);
      await tillFitsScreen(page);
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      const done = page.getByRole("status").filter({ hasText: "Sale #" });
      await expect(done).toContainText("€4.80");
      await expect(done).toContainText("Change due: €0.20");
      await shot(page, `approval-done-${size.name}`);
      const number = (await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];

      await page.goto(`/shop/green-grocer/receipts/${number}`);
      const receipt = page.getByRole("article", { name: `Receipt ${number}` });
      await expect(receipt.getByRole("row", { name: /Discount/ })).toContainText("−€1.60");
      await expect(receipt.getByRole("row", { name: /Total/ })).toContainText("€4.80");
      await page.getByRole("link", { name: /Return or refund items|Order details/ }).click();
      await expect(page.getByText(/Discount approved by Green Grocer Manager/)).toBeVisible();
    });

    test("a missed scan empties the box with a red mark and a buzz, and the next scan adds its item", async ({ page }) => {
      await openTill(page, "cashier", "green-grocer");
      const search = page.getByPlaceholder("Scan a barcode, or type a SKU or name");
      await scan(page, "9990001112223");
      await expect(page.getByRole("alert")).toHaveText(/Nothing matches “9990001112223”/);
      await expect(search).toHaveValue("");
      await expect(search).toBeFocused();
      await expect(search).toHaveAttribute("aria-invalid", "true");
      await expect.poll(() => page.evaluate(() => (window as unknown as { __buzzes: number }).__buzzes)).toBe(1);
      await shot(page, `missed-scan-${size.name}`);
      await tillFitsScreen(page);
      // The next scan, straight away: read on its own, into the cart.
      await scan(page, "GG-101");
      await expect(page.getByRole("cell", { name: /Carottes bio/ })).toBeVisible();
      await expect(search).toHaveValue("");
      await expect(page.getByRole("alert")).toHaveCount(0);
      await expect(search).not.toHaveAttribute("aria-invalid");
      await shot(page, `scan-after-miss-${size.name}`);
    });

    test("two scans faster than the answers: each is read on its own, the item counts 2", async ({ page }) => {
      await openTill(page, "cashier", "green-grocer");
      // Each lookup answers after 700 ms: the scanner types the second code before the first answer.
      await page.route("**/pos/lookup?**", async (route) => {
        await new Promise((r) => setTimeout(r, 700));
        await route.continue();
      });
      await scan(page, "GG-101");
      await scan(page, "GG-101");
      await expect(page.getByLabel("Quantity of GG-101")).toHaveValue("2");
      await expect(page.getByRole("alert")).toHaveCount(0);
      await expect(page.getByPlaceholder("Scan a barcode, or type a SKU or name")).toHaveValue("");
    });

    test("an item with no recorded stock sells at the till, marked on the line and listed for the manager", async ({ page, browser }) => {
      await openTill(page, "cashier", "corner-bakery");
      // Éclair au café: none recorded on the shop floor, one in the customer's hand.
      await scan(page, "CB-105");
      const line = page.getByRole("row", { name: /Éclair au café/ });
      await expect(line.getByText("Sold below stock", { exact: true })).toBeVisible();
      await expect(line).toContainText("0 recorded here");
      // One line high, even on a phone.
      expect((await line.getByText("Sold below stock", { exact: true }).boundingBox())!.height).toBeLessThan(30);
      await shot(page, `below-stock-line-${size.name}`);
      await tillFitsScreen(page);
      await page.keyboard.press("F4");
      await page.keyboard.type("5");
      await page.keyboard.press("F8");
      const done = page.getByRole("status").filter({ hasText: "Sale #" });
      await expect(done).toContainText("€3.90");
      await expect(done).toContainText("Sold below recorded stock: CB-105 × 1. Listed for a manager to recount.");
      const number = (await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];
      await shot(page, `below-stock-done-${size.name}`);

      // The manager finds it from the stock page.
      const manager = await (await browser.newContext({ viewport: { width: size.width, height: size.height } })).newPage();
      await logIn(manager, "manager@corner-bakery.test", PASSWORD);
      await manager.goto("/shop/corner-bakery/stock");
      await manager.getByRole("link", { name: /Sold without recorded stock/ }).click();
      await expect(manager.getByRole("heading", { name: "Sold without recorded stock" })).toBeVisible();
      const row = manager.getByRole("row").filter({ has: manager.getByRole("link", { name: `#${number}` }) });
      await expect(row).toContainText("Éclair au café");
      await expect(row).toContainText("CB-105");
      await expect(row).toContainText("Corner Bakery Cashier");
      const [tableRight, screen] = await manager.evaluate(() => [
        document.querySelector(".table-scroll")!.getBoundingClientRect().right,
        document.documentElement.clientWidth,
      ]);
      expect(tableRight, "the list scrolls in its own box, within the screen").toBeLessThanOrEqual(screen);
      // Nothing of the page's own content widens it (the site's top bar is the shop layout's).
      expect(
        await manager.evaluate(() => document.querySelector("main")!.getBoundingClientRect().right),
        "the page's content fits the screen",
      ).toBeLessThanOrEqual(screen);
      await manager.screenshot({ path: `${SHOTS}/sold-without-stock-${size.name}.png`, fullPage: true });
      await manager.context().close();
    });

    test("a sale is parked, another rung up, the first resumed and paid with a quick cash button; neither park takes a number", async ({ page }) => {
      await openTill(page, "cashier", "green-grocer");
      const search = page.getByPlaceholder("Scan a barcode, or type a SKU or name");
      await scan(page, "GG-100");
      await scan(page, "GG-100");
      await scan(page, "GG-101");
      await expect(page.getByLabel("Quantity of GG-100")).toHaveValue("2");
      await expect(page.getByTestId("till-total")).toHaveText("€8.90");
      await page.getByRole("button", { name: "Park sale" }).click();
      const parked = page.getByRole("region", { name: "Parked sales" });
      await expect(parked.getByRole("listitem")).toHaveText([/^Parked: 3 items, €8\.90, \d{2}:\d{2} by Green Grocer Cashier/]);
      await expect(page.getByRole("cell", { name: "Nothing yet: scan an item." })).toBeVisible();
      await expect(search).toBeFocused();

      // Another customer: the cash is exactly the amount, by its button.
      await scan(page, "GG-101");
      await shot(page, `parked-list-${size.name}`);
      await tillFitsScreen(page);
      const quick = page.getByRole("group", { name: "Quick cash" });
      await expect(quick.getByRole("button")).toHaveText(["Exact €2.50", "€5.00", "€10.00", "€20.00", "€50.00"]);
      await quick.getByRole("button", { name: "Exact €2.50" }).click();
      await expect(page.getByLabel(/Cash handed over/)).toHaveValue("2.50");
      await expect(page.locator(".till-pay .change")).toHaveText("Change: €0.00");
      await page.keyboard.press("F8");
      const done = page.getByRole("status").filter({ hasText: "Sale #" });
      await expect(done).toContainText("No change due.");
      const first = Number((await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1]);
      await page.keyboard.press("Enter");
      await expect(done).toHaveCount(0);
      const reprint = page.getByRole("link", { name: `Reprint last receipt (#${first}, €2.50)` });
      // It opens the receipt ready to print (F9 does the same).
      await expect(reprint).toHaveAttribute("href", `/shop/green-grocer/receipts/${first}?print=1`);

      // The parked sale comes back as it was; the €10 note gives the change at once, and Tab reaches the buttons from the cash field.
      await parked.getByRole("button", { name: /^Resume parked sale: 3 items, €8\.90/ }).click();
      await expect(page.getByLabel("Quantity of GG-100")).toHaveValue("2");
      await expect(page.getByLabel("Quantity of GG-101")).toHaveValue("1");
      await expect(parked.getByRole("listitem")).toHaveCount(0);
      await page.keyboard.press("F4");
      for (let i = 0; i < 2; i++) await page.keyboard.press("Tab");
      await expect(quick.getByRole("button", { name: "€10.00" })).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(page.getByLabel(/Cash handed over/)).toHaveValue("10.00");
      await expect(page.locator(".till-pay .change")).toHaveText("Change: €1.10");
      await shot(page, `parked-resumed-${size.name}`);
      await tillFitsScreen(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await page.keyboard.press("F8");
      await expect(done).toContainText("€8.90");
      await expect(done).toContainText("Change due: €1.10");
      const second = Number((await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1]);
      // Parking took no receipt number: the resumed sale is the next one.
      expect(second).toBe(first + 1);
      await shot(page, `parked-paid-${size.name}`);

      const db = new pg.Client({ connectionString: E2E_DB });
      await db.connect();
      try {
        const { rows } = await db.query<{ number: number; total: number; lines: string }>(
          `SELECT o.number, o.total, string_agg(l.sku || ' x' || l.quantity, ', ' ORDER BY l.position) AS lines
             FROM orders o JOIN shops s ON s.id = o.shop_id JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.id
            WHERE s.slug = 'green-grocer' AND o.number IN ($1, $2) GROUP BY o.number, o.total ORDER BY o.number`,
          [first, second],
        );
        expect(rows).toEqual([
          { number: first, total: 250, lines: "GG-101 x1" },
          { number: second, total: 890, lines: "GG-100 x2, GG-101 x1" },
        ]);
      } finally {
        await db.end();
      }
    });

    test("a cashier's return says a manager is needed, and goes through with the manager's email and password", async ({ page }) => {
      await openTill(page, "cashier", "corner-bakery");
      await scan(page, "CB-102");
      await scan(page, "CB-102");
      await page.keyboard.press("F4");
      await page.keyboard.type("5");
      await page.keyboard.press("F8");
      const done = page.getByRole("status").filter({ hasText: "Sale #" });
      await expect(done).toContainText("€2.80");
      const number = (await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];

      await page.goto(`/shop/corner-bakery/receipts/${number}`);
      await page.getByRole("link", { name: "Return or refund items (a manager approves)" }).click();
      await page.getByText("Refund or return items (with a manager)").click();
      await expect(page.getByRole("note")).toContainText("Returns and refunds need a manager.");
      await page.getByLabel("Return quantity of CB-102").fill("1");
      const approval = page.getByRole("group", { name: "Manager approval" });
      await page.getByRole("button", { name: "Refund with manager approval" }).click();
      await confirmDialog(page, /^Refund on order #\d+\?$/, "Refund");
      await expect(page.getByRole("group", { name: "Manager approval" }).getByRole("alert")).toHaveText(/A manager or owner must approve this return/);
      await approval.getByLabel("Manager email").fill("manager@corner-bakery.test");
      await approval.getByLabel("Manager password").fill("not the password");
      await page.getByRole("button", { name: "Refund with manager approval" }).click();
      await confirmDialog(page, /^Refund on order #\d+\?$/, "Refund");
      await expect(page.getByRole("group", { name: "Manager approval" }).getByRole("alert")).toHaveText(
        "That is not the email and password of a manager or owner of this shop",
      );
      await expect(approval.getByLabel("Manager password")).toHaveValue("");
      await expect(approval.getByLabel("Manager email")).toHaveValue("manager@corner-bakery.test");
      await expect(page.getByLabel("Return quantity of CB-102")).toHaveValue("1");
      await shot(page, `return-refused-${size.name}`);
      await approval.getByLabel("Manager password").fill(PASSWORD);
      await page.getByRole("button", { name: "Refund with manager approval" }).click();
      await confirmDialog(page, /^Refund on order #\d+\?$/, "Refund");
      await expect(page.getByText("€1.40 refunded.")).toBeVisible();
      await expect(page.getByText(/refunded €1\.40 by cash · succeeded · restocked/)).toBeVisible();
      await expect(page.getByRole("listitem").filter({ hasText: "Partially refunded" })).toContainText(
        "Corner Bakery Cashier (cashier), approved by Corner Bakery Manager",
      );
      await shot(page, `return-done-${size.name}`);
    });
  });
}

test("an owner turns selling below recorded stock off; the till then refuses the short item, and on again", async ({ page, browser }) => {
  await logIn(page, "owner@book-nook.test", PASSWORD);
  await page.goto("/shop/book-nook/settings");
  const selling = page.getByRole("form", { name: "Selling" });
  const setting = selling.getByLabel("Sell at the till when the recorded stock is short");
  await expect(setting).toBeChecked();
  await expect(selling.getByText(/Online orders never sell more than is recorded/)).toBeVisible();
  await setting.uncheck();
  await selling.getByRole("button", { name: "Save selling settings" }).click();
  await expect(page.getByText("Selling settings saved.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Selling" }).getByLabel("Sell at the till when the recorded stock is short")).not.toBeChecked();
  await page.screenshot({ path: `${SHOTS}/settings-below-stock-off.png`, fullPage: true });

  const till = await (await browser.newContext()).newPage();
  await openTill(till, "cashier", "book-nook");
  // A Brief History of Time: 3 on the shop floor; the customer brings 4.
  await scan(till, "BN-101");
  await till.getByLabel("Quantity of BN-101").fill("4");
  await expect(till.getByRole("row", { name: /A Brief History of Time/ })).toContainText("Only 3 in stock here: the sale will be refused");
  await till.keyboard.press("F4");
  await till.keyboard.type("50");
  await till.keyboard.press("F8");
  await expect(till.getByRole("alert").filter({ hasText: "Not enough stock of BN-101" })).toContainText("3 on hand, 3 available");
  await expect(till.getByRole("status").filter({ hasText: "Sale #" })).toHaveCount(0);
  await till.screenshot({ path: `${SHOTS}/below-stock-refused.png`, fullPage: true });

  await page.getByRole("form", { name: "Selling" }).getByLabel("Sell at the till when the recorded stock is short").check();
  await page.getByRole("form", { name: "Selling" }).getByRole("button", { name: "Save selling settings" }).click();
  await expect(page.getByText("Selling settings saved.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Selling" }).getByLabel("Sell at the till when the recorded stock is short")).toBeChecked();
});

test("an exchange at /pos: the order page keeps the return as a credit, the till takes it off the new sale, by keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 800 });
  await openTill(page, "manager", "corner-bakery");
  await scan(page, "CB-102");
  await page.keyboard.press("F4");
  await page.keyboard.type("2");
  await page.keyboard.press("F8");
  const sold = page.getByRole("status").filter({ hasText: "Sale #" });
  await expect(sold).toContainText("€1.40");
  const number = (await sold.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];

  await page.goto(`/shop/corner-bakery/receipts/${number}`);
  await page.getByRole("link", { name: "Return or refund items" }).click();
  await page.getByText("Refund or return items").click();
  await page.getByLabel("Return quantity of CB-102").fill("1");
  await page.getByLabel("Give back as").selectOption({ label: "Exchange instead of refund (a credit on a new sale at the till)" });
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  await confirmDialog(page, /^Refund on order #\d+\?$/, "Refund");

  // On the till, with the credit on the sale.
  await expect(page).toHaveURL(/\/pos$/);
  await expect(page.getByText("€1.40 kept as an exchange credit: ring up what the customer takes instead.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Payment" })).toContainText(`Exchange credit from order #${number}`);
  await page.getByPlaceholder("Scan a barcode, or type a SKU or name").focus();
  await scan(page, "CB-102");
  await scan(page, "CB-102");
  await expect(page.getByLabel("Quantity of CB-102")).toHaveValue("2");
  await expect(page.getByTestId("till-total")).toHaveText("€2.80");
  await expect(page.getByTestId("till-credit")).toHaveText("−€1.40");
  await expect(page.getByTestId("till-due")).toHaveText("€1.40");
  await expect(page.getByRole("button", { name: "Pay €1.40 (F8)" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await tillFitsScreen(page);
  await shot(page, "pos-exchange-390");
  await page.setViewportSize({ width: 1366, height: 800 });
  await page.keyboard.press("F4");
  await page.keyboard.type("2");
  await page.keyboard.press("F8");
  const done = page.getByRole("status").filter({ hasText: "Sale #" });
  await expect(done.getByTestId("till-done-credit")).toHaveText(`Exchange credit from order #${number}: −€1.40`);
  await expect(done).toContainText("€2.80");
  await expect(done).toContainText("Change due: €0.60");
  await expect(page.getByTestId("till-credit")).toHaveText("−€1.40");
  await shot(page, "pos-exchange-done-1366");
  const next = (await done.getByRole("heading").textContent())?.match(/#(\d+)/)?.[1];
  // The next sale has no credit: it was spent.
  await page.keyboard.press("Enter");
  await expect(done).toBeHidden();
  await expect(page.getByTestId("till-credit")).toBeHidden();
  await page.goto(`/shop/corner-bakery/receipts/${next}`);
  await expect(page.getByRole("cell", { name: "Exchange credit" })).toBeVisible();
});
