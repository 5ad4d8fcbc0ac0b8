import fs from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { confirmDialog, logIn, unique } from "./support";

// Issue 17: an owner reads the audit log after changing a price; a customer
// downloads and erases their data and the shop's order keeps its amounts.
const PASSWORD = "nearshop-demo";

// Two browsers, a download and several sign-ins each: more than the default minute.
test.describe.configure({ timeout: 180_000 });

function e2eDb() {
  const url = new URL(process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.TEST_DB_PREFIX ?? "nearshop"}_e2e`;
  return new pg.Client({ connectionString: url.toString() });
}

async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: `var/screenshots/${name}-1366.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `var/screenshots/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 900 });
}

test("an owner changes a price and reads it in the audit log, filtered, and exports it", async ({ page }) => {
  const sku = `AUD-${unique()}`.toUpperCase();
  await logIn(page, "owner@corner-bakery.test", PASSWORD);
  await page.goto("/shop/corner-bakery/products/new");
  await page.getByLabel("Title").fill(`Audit loaf ${sku}`);
  await page.getByLabel("SKU of Default", { exact: true }).fill(sku);
  await page.getByLabel("Price of Default", { exact: true }).fill("3.20");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Audit loaf ${sku}` })).toBeVisible();
  await page.getByLabel("Price of Default", { exact: true }).fill("3.45");
  await page.getByRole("button", { name: "Save product" }).click();
  await expect(page.getByText("Product saved.")).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await page.getByLabel("Kind").selectOption({ label: "Variant changed (price, SKU…)" });
  await page.getByLabel("Record").fill(sku);
  await page.getByRole("button", { name: "Filter" }).click();
  const table = page.getByRole("table", { name: "Audit log" });
  await expect(table.getByRole("row")).toHaveCount(2); // header + the one change
  const row = table.getByRole("row").nth(1);
  await expect(row).toContainText("Corner Bakery Owner (owner@corner-bakery.test)");
  await expect(row).toContainText("Variant changed (price, SKU…)");
  await expect(row).toContainText(sku);
  await expect(row).toContainText("price: 320 → 345");
  await expect(row).toContainText(/127\.0\.0\.1|::1/); // where from: the browser's address
  await shots(page, "audit-log");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await fs.readFile((await download.path())!, "utf8");
  expect(csv.split("\n")[0]).toContain("time (UTC),person,email,kind");
  expect(csv).toContain(`variants.update`);
  expect(csv).toContain('"{""price"":345}"');
});

test("a customer downloads their data, erases their account, and the shop's order keeps its amounts", async ({ browser }) => {
  const email = `cleo-${unique()}@example.test`;
  const db = e2eDb();
  await db.connect();
  // A customer account (the demo password's hash, borrowed from a demo account).
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, email_verified_at, created_at, updated_at)
     SELECT gen_random_uuid(), $1, 'Cleo Customer', password_hash, now(), now(), now() FROM users WHERE email = 'owner@corner-bakery.test'`,
    [email],
  );
  await db.end();

  const customer = await (await browser.newContext()).newPage();
  await logIn(customer, email, PASSWORD);
  await customer.goto("/s/corner-bakery/croissant-au-beurre");
  await customer.getByLabel("Quantity").fill("3");
  await customer.getByRole("button", { name: "Add to cart" }).click();
  await expect(customer.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await customer.getByLabel("Your name").fill("Cleo Customer");
  await customer.getByLabel("Email (for your order updates)").fill(email);
  await customer.getByLabel("Pay at pickup").check();
  await customer.getByRole("button", { name: "Place order" }).click();
  await expect(customer.getByText("Thank you! Corner Bakery has your order.")).toBeVisible();
  const number = (await customer.getByRole("heading", { level: 1 }).textContent())?.match(/#(\d+)/)?.[1];
  expect(number).toBeTruthy();

  // Download everything: the file names the order and its amounts.
  await customer.goto("/account");
  await expect(customer.getByRole("heading", { name: "Your data" })).toBeVisible();
  await shots(customer, "account-your-data");
  const [download] = await Promise.all([customer.waitForEvent("download"), customer.getByRole("link", { name: "Download all your data" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^nearshop-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await fs.readFile((await download.path())!, "utf8"));
  expect(data.account.email).toBe(email);
  const mine = data.orders.find((o: { number: number }) => String(o.number) === number);
  expect(mine).toMatchObject({ shop: "Corner Bakery", contact: { name: "Cleo Customer", email } });
  expect(mine.lines[0]).toMatchObject({ title: "Croissant au beurre", quantity: 3 });

  // Erase: the confirm step, the password, the word, a last question.
  await customer.getByRole("link", { name: "Erase your account…" }).click();
  await expect(customer.getByRole("heading", { level: 1, name: "Erase your account" })).toBeVisible();
  await customer.getByLabel("Your password").fill(PASSWORD);
  await customer.getByLabel("Type ERASE to confirm").fill("erase");
  await customer.getByRole("button", { name: "Erase my account" }).click();
  await confirmDialog(customer, "Erase your account for good?", "Erase my account");
  await expect(customer.getByText("Type ERASE (in capitals) to confirm")).toBeVisible();
  await customer.getByLabel("Your password").fill(PASSWORD);
  await customer.getByLabel("Type ERASE to confirm").fill("ERASE");
  await shots(customer, "account-erase-confirm");
  await customer.getByRole("button", { name: "Erase my account" }).click();
  await confirmDialog(customer, "Erase your account for good?", "Erase my account");
  await expect(customer.getByRole("heading", { name: "Your account has been erased" })).toBeVisible();
  await shots(customer, "account-erased");
  // Signed out, and the password no longer opens it.
  await customer.goto("/account");
  await expect(customer).toHaveURL(/\/login/);

  // The shop still has the order with its amounts, without the person.
  const staff = await browser.newPage();
  await logIn(staff, "owner@corner-bakery.test", PASSWORD);
  await staff.goto("/shop/corner-bakery/orders");
  await staff.getByLabel("Receipt or order number").fill(number!);
  await staff.getByRole("button", { name: "Open" }).click();
  await expect(staff.getByRole("heading", { level: 1 })).toContainText(`#${number}`);
  await expect(staff.getByText("Erased customer").first()).toBeVisible();
  await expect(staff.getByText(email)).toHaveCount(0);
  // The same total the customer's file shows, as the order page formats money.
  const total = new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(mine.total_minor / 100);
  expect(mine.total_minor).toBeGreaterThan(0);
  await expect(staff.getByRole("row", { name: /^Total/ }).last()).toContainText(total);
  await shots(staff, "order-after-erasure");
});
