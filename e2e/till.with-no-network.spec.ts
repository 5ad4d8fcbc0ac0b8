import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { confirmDialog, logIn } from "./support";

// The register's till with the network really gone: the browser offline
// and a web server of its own stopped (the suite's server keeps running
// for the other specs). Same database as the suite (scripts/e2e-server.ts).
const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const BASE = `http://localhost:${PORT}`;
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DB = `${process.env.TEST_DB_PREFIX ?? "nearshop"}_e2e`;
const at = (user: string) => Object.assign(new URL(ADMIN_URL), { username: user, pathname: `/${DB}` }).toString();
const SHOTS = process.env.E2E_SHOTS_DIR ?? "test-results/till-shots";
fs.mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
const PASSWORD = "nearshop-demo";
const SHOP = "green-grocer";

let web: ChildProcess | null = null;
const db = new pg.Client({ connectionString: at("postgres") });

async function startWeb() {
  web = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(PORT),
      APP_URL: BASE,
      DATABASE_URL: at("postgres"),
      APP_DATABASE_URL: at("nearshop_app"),
      QUEUE_PREFIX: `e2e_offline_${Date.now()}`,
      MAIL_OUTBOX_DIR: "var/e2e-outbox",
      UPLOADS_DIR: "var/e2e-uploads",
      IMPORTS_DIR: "var/e2e-imports",
      SMTP_URL: "",
      RATE_LIMIT_SCALE: "20",
      LOG_LEVEL: "warn",
    },
    stdio: "inherit",
  });
  await expect.poll(async () => (await fetch(`${BASE}/healthz`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
}

async function stopWeb() {
  const w = web;
  web = null;
  if (!w || w.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    w.once("exit", () => resolve());
    w.kill("SIGTERM");
  });
}

/** The network gone both ways: the browser offline and the server stopped. */
async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await stopWeb();
}
async function goOnline(context: BrowserContext) {
  await startWeb();
  await context.setOffline(false);
}

async function scan(page: Page, code: string) {
  const search = page.getByPlaceholder("Scan a barcode, or type a SKU or name");
  await search.pressSequentially(code, { delay: 5 });
  await search.press("Enter");
}

/** A cash sale as a cashier rings it: scan, F4, the cash handed over, Enter; then the receipt, then Enter for the next. */
async function cashSale(page: Page, sku: string, cash: string, expect_: { label: RegExp; change?: string }) {
  await scan(page, sku);
  await expect(page.getByLabel(`Quantity of ${sku}`)).toHaveValue("1");
  await page.keyboard.press("F4");
  await page.keyboard.type(cash);
  await page.keyboard.press("Enter");
  const done = page.getByRole("region", { name: "Sale done" });
  await expect(done.getByRole("heading", { name: expect_.label })).toBeVisible();
  if (expect_.change) await expect(done).toContainText(`Change due: ${expect_.change}`);
  await expect(page.getByTestId("till-receipt")).toContainText(/Receipt \d+-\d{6}/);
  await page.keyboard.press("Enter");
  await expect(done).toBeHidden();
}

/** The shop's cashier (the seed's) signs in with their PIN, online or off. */
async function signInCashier(page: Page) {
  const who = await page.getByLabel("Who is selling").locator("option").filter({ hasText: "(cashier)" }).first().textContent();
  await signIn(page, who!, "4826");
}

async function signIn(page: Page, who: string, pin: string) {
  const pad = page.getByRole("group", { name: "Sign in to the till" });
  await pad.getByLabel("Who is selling").selectOption({ label: who });
  await pad.getByLabel("PIN").fill(pin);
  await pad.getByLabel("PIN").press("Enter");
  await expect(page.getByPlaceholder("Scan a barcode, or type a SKU or name")).toBeVisible();
}

async function setPin(page: Page, email: string, pin: string) {
  await logIn(page, email, PASSWORD);
  await page.goto(`/shop/${SHOP}/registers`);
  await page.getByLabel("New PIN").fill(pin);
  await page.getByRole("button", { name: "Set my PIN" }).click();
  await expect(page.getByText("Your till PIN is set")).toBeVisible();
}

/** A manager makes this browser a new register's till; the till's lock screen opens. */
async function pairNewRegister(page: Page, name: string) {
  await logIn(page, `manager@${SHOP}.test`, PASSWORD);
  await page.goto(`/shop/${SHOP}/registers`);
  await page.getByLabel("New register's name").fill(name);
  await page.getByRole("button", { name: "Add register" }).click();
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  await page
    .getByRole("row", { name: new RegExp(`^${name} `) })
    .getByRole("button", { name: "Pair this browser" })
    .click();
  await confirmDialog(page, `Make this browser the till of ${name}?`, "Pair this browser");
  await expect(page).toHaveURL(/\/till$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const { rows } = await db.query<{ id: string; code: number }>(
    "SELECT r.id, r.code FROM registers r JOIN shops s ON s.id = r.shop_id WHERE s.slug = $1 AND r.name = $2",
    [SHOP, name],
  );
  return rows[0]!;
}

/** Waits until the register has its catalog, its receipt numbers and an empty queue. */
async function settled(page: Page) {
  await expect(page.getByTestId("till-status")).toHaveText("Online · all sales sent", { timeout: 30_000 });
}

const onHand = async (sku: string) =>
  Number(
    (
      await db.query(
        `SELECT l.on_hand FROM stock_levels l JOIN variants v ON v.id = l.variant_id JOIN shops s ON s.id = v.shop_id
    JOIN locations loc ON loc.id = l.location_id WHERE s.slug = $1 AND v.sku = $2 AND loc.name = 'Shop floor'`,
        [SHOP, sku],
      )
    ).rows[0]?.on_hand,
  );

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ baseURL: BASE, viewport: { width: 1366, height: 800 } });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await db.connect();
  await startWeb();
  for (const [email, pin] of [
    [`cashier@${SHOP}.test`, "4826"],
    [`manager@${SHOP}.test`, "7391"],
  ] as const) {
    const context = await browser.newContext({ baseURL: BASE });
    await setPin(await context.newPage(), email, pin);
    await context.close();
  }
});
test.afterAll(async () => {
  await stopWeb();
  await db.end();
});

test("5 sales offline, a reload offline, 2 more: back online, exactly 7 orders, numbered in order, ledger and cash-up right", async ({ page, context }) => {
  const register = await pairNewRegister(page, "Counter 7");
  const before = await onHand("GG-103");
  await shot(page, "register-lock-1366");
  await signInCashier(page);
  await settled(page);

  await goOffline(context);
  await expect(page.getByTestId("till-status")).toContainText("Offline", { timeout: 15_000 });
  for (let i = 1; i <= 5; i++) {
    await cashSale(page, "GG-103", "50", { label: new RegExp(`Sale ${register.code}-00000${i}: €29\\.90`), change: "€20.10" });
    await expect(page.getByTestId("till-status")).toHaveText(`Offline · ${i} ${i === 1 ? "sale" : "sales"} waiting to be sent`);
  }
  await shot(page, "register-offline-5-waiting-1366");

  await page.reload();
  await expect(page.getByRole("group", { name: "Sign in to the till" })).toBeVisible();
  await expect(page.getByTestId("till-status")).toContainText("5 sales waiting");
  // Wrong PINs offline: five lock that PIN on this register, and a reload does not give five more.
  const pad = page.getByRole("group", { name: "Sign in to the till" });
  const manager = (await pad.getByLabel("Who is selling").locator("option").filter({ hasText: "(manager)" }).first().textContent())!;
  await pad.getByLabel("Who is selling").selectOption({ label: manager });
  for (let left = 4; left >= 0; left--) {
    await pad.getByLabel("PIN").fill("0000");
    await pad.getByLabel("PIN").press("Enter");
    await expect(pad.getByRole("alert")).toHaveText(
      left ? `PIN: wrong PIN, ${left} ${left === 1 ? "try" : "tries"} left` : /^PIN: locked on this register after 5 wrong tries/,
    );
  }
  await page.reload();
  await pad.getByLabel("Who is selling").selectOption({ label: manager });
  await pad.getByLabel("PIN").fill("7391");
  await pad.getByLabel("PIN").press("Enter");
  await expect(pad.getByRole("alert")).toHaveText(/^PIN: locked on this register after 5 wrong tries/);
  await shot(page, "register-offline-pin-locked-1366");
  await signInCashier(page);
  for (let i = 6; i <= 7; i++) await cashSale(page, "GG-103", "29,90", { label: new RegExp(`Sale ${register.code}-00000${i}`) });
  await expect(page.getByTestId("till-status")).toHaveText("Offline · 7 sales waiting to be sent");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "register-offline-7-waiting-390");
  await page.setViewportSize({ width: 1366, height: 800 });

  await goOnline(context);
  await settled(page);
  const orders = await db.query<{ register_receipt: number; total: number; number: number }>(
    "SELECT register_receipt, total, number FROM orders WHERE register_id = $1 ORDER BY register_receipt",
    [register.id],
  );
  expect(orders.rows.map((o) => o.register_receipt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(orders.rows.every((o) => o.total === 2990)).toBe(true);
  // The shop's numbers follow the register's order.
  expect([...orders.rows.map((o) => o.number)].sort((a, b) => a - b)).toEqual(orders.rows.map((o) => o.number));
  expect(await onHand("GG-103")).toBe(before - 7);

  // Pairing logged the manager out of the register's browser: the back office asks again.
  await page.goto(`/shop/${SHOP}/registers`);
  await expect(page).toHaveURL(/\/login/);
  await logIn(page, `manager@${SHOP}.test`, PASSWORD);
  await page.goto(
    `/shop/${SHOP}/cash-up?location=${(await db.query("SELECT location_id FROM registers WHERE id = $1", [register.id])).rows[0].location_id}&register=${register.id}`,
  );
  await expect(page.getByText("7 sales.")).toBeVisible();
  await expect(page.getByTestId("cash-sales")).toHaveText("€209.30");
  await shot(page, "register-cash-up-1366");
});

test("two registers offline both sell the last units: both recorded, stock −1, one sale to review", async ({ browser }) => {
  const stock = await onHand("GG-102");
  const [a, b] = [await browser.newContext({ baseURL: BASE }), await browser.newContext({ baseURL: BASE })];
  const [pa, pb] = [await a.newPage(), await b.newPage()];
  for (const [page, name] of [
    [pa, "Last A"],
    [pb, "Last B"],
  ] as const) {
    await pairNewRegister(page, name);
    await signInCashier(page);
    await settled(page);
  }
  await a.setOffline(true);
  await b.setOffline(true);
  await stopWeb();
  // Register A sells every unit on record, register B one more.
  await scan(pa, "GG-102");
  await pa.getByLabel("Quantity of GG-102").fill(String(stock));
  await pa.keyboard.press("F4");
  await pa.keyboard.type("500");
  await pa.keyboard.press("Enter");
  await expect(pa.getByRole("region", { name: "Sale done" })).toBeVisible();
  // B was paired just before going offline: its numbers still start at 1 (two syncs at once once made it start at 51).
  await cashSale(pb, "GG-102", "5", { label: /Sale \d+-000001: €2\.90/, change: "€2.10" });
  await startWeb();
  await a.setOffline(false);
  await b.setOffline(false);
  await settled(pa);
  await settled(pb);
  expect(await onHand("GG-102")).toBe(-1);

  await logIn(pa, `manager@${SHOP}.test`, PASSWORD);
  await pa.goto(`/shop/${SHOP}/registers`);
  const review = pa.getByRole("region", { name: "Sold offline: needs review" });
  await expect(review.getByRole("row").filter({ hasText: "GG-102: 1 sold beyond recorded stock" })).toHaveCount(1);
  await shot(pa, "register-review-1366");
  await a.close();
  await b.close();
});

test("a sync whose answer is lost is sent again and makes one order; a price changed offline is kept as charged and flagged", async ({ page, context }) => {
  const register = await pairNewRegister(page, "Counter 9");
  await signInCashier(page);
  await settled(page);

  // The server commits, the answer never arrives.
  let dropped = 0;
  await page.route("**/api/trpc/till.sync", async (route) => {
    if (dropped++ === 0) {
      await route.fetch();
      await route.abort("connectionreset");
    } else await route.continue();
  });
  await cashSale(page, "GG-101", "5", { label: new RegExp(`Sale ${register.code}-000001`) });
  await settled(page);
  expect(dropped).toBeGreaterThanOrEqual(2);
  expect((await db.query("SELECT count(*)::int AS n FROM orders WHERE register_id = $1", [register.id])).rows[0].n).toBe(1);

  await goOffline(context);
  await db.query("UPDATE variants SET price = price + 50 WHERE sku = 'GG-104-1' AND shop_id = (SELECT id FROM shops WHERE slug = $1)", [SHOP]);
  await cashSale(page, "GG-104-1", "10", { label: /€3\.80/, change: "€6.20" });
  await goOnline(context);
  await settled(page);
  const sold = await db.query("SELECT total FROM orders WHERE register_id = $1 AND register_receipt = 2", [register.id]);
  expect(sold.rows[0].total).toBe(380);
  await logIn(page, `manager@${SHOP}.test`, PASSWORD);
  await page.goto(`/shop/${SHOP}/registers`);
  await expect(page.getByRole("region", { name: "Sold offline: needs review" })).toContainText("GG-104-1: sold at €3.80, price now €4.30");
  await db.query("UPDATE variants SET price = price - 50 WHERE sku = 'GG-104-1' AND shop_id = (SELECT id FROM shops WHERE slug = $1)", [SHOP]);
});

test("a return at the register: the receipt scanned, the items chosen, a manager's PIN; the cash leaves this drawer", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  const register = await pairNewRegister(page, `Returns ${Date.now() % 100000}`);
  await signInCashier(page);
  await settled(page);
  const before = await onHand("GG-103");
  await scan(page, "GG-103");
  await page.getByLabel("Quantity of GG-103").fill("2");
  await page.keyboard.press("F4");
  await page.keyboard.type("60");
  await page.keyboard.press("Enter");
  const label = `${register.code}-000001`;
  await expect(page.getByRole("region", { name: "Sale done" }).getByRole("heading", { name: `Sale ${label}: €59.80` })).toBeVisible();
  await page.keyboard.press("Enter");
  await settled(page);
  expect(await onHand("GG-103")).toBe(before - 2);

  // F6, then the receipt's code as a scanner types it: the code and Enter.
  await page.keyboard.press("F6");
  const panel = page.getByRole("region", { name: "Return" });
  await expect(panel.getByRole("heading", { name: "Return" })).toBeVisible();
  await page.getByLabel("Receipt number").pressSequentially(label, { delay: 5 });
  await page.getByLabel("Receipt number").press("Enter");
  await expect(panel).toContainText(`Sale ${label}`);
  await expect(panel).toContainText("paid €59.80");
  // Nothing is refunded before the items are chosen.
  await panel.getByRole("button", { name: "Refund €0.00" }).click();
  await expect(panel.getByRole("alert")).toHaveText("Choose the items returned: how many of each comes back");
  await panel.getByLabel(/^Returned: .*, up to 2$/).fill("1");
  await expect(panel.getByRole("button", { name: "Refund €29.90" })).toBeVisible();
  await panel
    .getByLabel("Manager", { exact: true })
    .selectOption({ label: (await panel.getByLabel("Manager", { exact: true }).locator("option").filter({ hasText: "(manager)" }).first().textContent())! });
  await panel.getByLabel("Manager's PIN").fill("1590");
  await panel.getByLabel("Manager's PIN").press("Enter");
  await expect(panel.getByRole("alert")).toHaveText(/PIN: wrong PIN, \d tries? left/);
  const refunds = async () =>
    (await db.query("SELECT r.amount, r.register_id FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.register_id = $1", [register.id])).rows;
  expect(await refunds()).toEqual([]);
  await panel.getByLabel("Manager's PIN").fill("7391");
  await panel.getByLabel("Manager's PIN").press("Enter");
  const done = page.getByRole("region", { name: "Return done" });
  await expect(done.getByRole("heading", { name: "Refunded €29.90 in cash" })).toBeVisible();
  await expect(done).toContainText("counted out of this register's drawer");
  await shot(page, "return-done-1366");
  expect(await refunds()).toEqual([{ amount: 2990, register_id: register.id }]);
  expect(await onHand("GG-103")).toBe(before - 1);
  await done.getByRole("button", { name: "Back to selling" }).click();
  await expect(page.getByPlaceholder("Scan a barcode, or type a SKU or name")).toBeFocused();

  // On a phone-sized screen the return fits the width; Esc goes back to selling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.keyboard.press("F6");
  await page.getByLabel("Receipt number").fill(label);
  await page.getByLabel("Receipt number").press("Enter");
  await expect(panel.getByLabel(/^Returned: .*, up to 1$/)).toBeVisible();
  await shot(page, "return-390");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await context.close();
});

test("an exchange at the register, by keyboard: the return kept as a credit, the new sale pays only the difference, the drawer only that", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  const register = await pairNewRegister(page, `Exchange ${Date.now() % 100000}`);
  await signInCashier(page);
  await settled(page);
  const label = `${register.code}-000001`;
  await cashSale(page, "GG-103", "30", { label: new RegExp(`Sale ${label}`), change: "€0.10" });
  await settled(page);
  const before = await onHand("GG-103");

  await page.keyboard.press("F6");
  const panel = page.getByRole("region", { name: "Return" });
  await page.getByLabel("Receipt number").pressSequentially(label, { delay: 5 });
  await page.keyboard.press("Enter");
  await expect(panel).toContainText(`Sale ${label}`);
  const returned = panel.getByLabel(/^Returned: .*, up to 1$/);
  await returned.focus();
  await page.keyboard.press("ArrowUp");
  await expect(returned).toHaveValue("1");
  await panel.getByLabel("Exchange instead of refund").focus();
  await page.keyboard.press("Space");
  await expect(panel).toContainText("No money leaves the till");
  await expect(panel.getByRole("button", { name: "Credit €29.90 to a new sale" })).toBeVisible();
  await panel
    .getByLabel("Manager", { exact: true })
    .selectOption({ label: (await panel.getByLabel("Manager", { exact: true }).locator("option").filter({ hasText: "(manager)" }).first().textContent())! });
  await panel.getByLabel("Manager's PIN").pressSequentially("7391");
  await page.keyboard.press("Enter");

  // Back to selling, with the credit on the sale.
  await expect(panel).toBeHidden();
  await expect(page.getByTestId("till-exchange")).toContainText(`Exchange credit from receipt ${label}: €29.90. Scan the items the customer takes instead`);
  // A reload (a crash, a closed tab) keeps what the customer is owed.
  await page.reload();
  await signInCashier(page);
  await expect(page.getByTestId("till-exchange")).toContainText(`Exchange credit from receipt ${label}: €29.90.`);
  await page.getByPlaceholder("Scan a barcode, or type a SKU or name").focus();
  const money = async () =>
    (
      await db.query(
        `SELECT (SELECT coalesce(json_agg(json_build_object('kind', kind, 'amount', amount) ORDER BY kind), '[]') FROM refunds WHERE register_id = $1) AS refunds,
                (SELECT coalesce(json_agg(json_build_object('kind', kind, 'amount', amount, 'credit', refund_id IS NOT NULL) ORDER BY created_at, kind), '[]')
                 FROM payments WHERE register_id = $1) AS payments`,
        [register.id],
      )
    ).rows[0] as { refunds: unknown[]; payments: unknown[] };
  expect((await money()).refunds).toEqual([{ kind: "exchange", amount: 2990 }]);
  expect(await onHand("GG-103")).toBe(before + 1);

  await scan(page, "GG-103");
  await scan(page, "GG-103");
  await expect(page.getByLabel("Quantity of GG-103")).toHaveValue("2");
  const pay = page.getByRole("region", { name: "Payment" });
  await expect(pay).toContainText(`Exchange credit from receipt ${label}`);
  await expect(page.getByTestId("till-total")).toHaveText("€59.80");
  await expect(page.getByTestId("till-credit")).toHaveText("−€29.90");
  await expect(page.getByTestId("till-due")).toHaveText("€29.90");
  await expect(pay.getByLabel("Cash handed over (€29.90 due)")).toBeVisible();
  await expect(pay.getByRole("button", { name: "Pay €29.90 (F8)" })).toBeVisible();
  await shot(page, "exchange-credit-1366");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId("till-due")).toHaveText("€29.90");
  await shot(page, "exchange-credit-390");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1366, height: 800 });

  await page.keyboard.press("F4");
  await page.keyboard.type("50");
  await page.keyboard.press("Enter");
  const done = page.getByRole("region", { name: "Sale done" });
  await expect(done.getByRole("heading", { name: `Sale ${register.code}-000002: €59.80` })).toBeVisible();
  await expect(done.getByTestId("till-done-credit")).toHaveText(`Exchange credit from receipt ${label}: −€29.90`);
  await expect(done).toContainText("Change due: €20.10");
  await expect(page.getByTestId("till-receipt")).toContainText(`Exchange credit from receipt ${label} −€29.90`);
  await shot(page, "exchange-done-1366");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("till-exchange")).toBeHidden();
  await settled(page);
  // The drawer took 29.90 twice in cash and gave nothing back; the credit is an exchange payment, not cash.
  expect(await money()).toEqual({
    refunds: [{ kind: "exchange", amount: 2990 }],
    payments: [
      { kind: "cash", amount: 2990, credit: false },
      { kind: "cash", amount: 2990, credit: false },
      { kind: "exchange", amount: 2990, credit: true },
    ],
  });
  expect(await onHand("GG-103")).toBe(before - 1);
  await context.close();
});

test("more than the register's copy shows in stock: where the shop does not sell below stock, a manager approves by PIN", async ({ browser }) => {
  await db.query("UPDATE shops SET till_sells_below_stock = false WHERE slug = $1", [SHOP]);
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 800 } });
  try {
    const page = await context.newPage();
    const register = await pairNewRegister(page, `Short ${Date.now() % 100000}`);
    await signInCashier(page);
    await settled(page);
    const here = await onHand("GG-101");
    await scan(page, "GG-101");
    await page.getByLabel("Quantity of GG-101").fill(String(here + 2));
    await expect(page.getByText(`${here} recorded here: a manager approves selling more with their PIN`)).toBeVisible();
    const approval = page.getByRole("group", { name: "Manager approval: sell more than recorded stock" });
    await expect(approval).toBeVisible();
    await page.keyboard.press("F4");
    await page.keyboard.type("100");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert").filter({ hasText: "recorded here: a manager approves" }).last()).toHaveText(
      `Only ${here} of GG-101 recorded here: a manager approves selling more with their PIN.`,
    );
    expect((await db.query("SELECT count(*)::int AS n FROM orders WHERE register_id = $1", [register.id])).rows[0].n).toBe(0);
    const manager = (await approval.getByLabel("Manager").locator("option").first().textContent())!;
    await approval.getByLabel("PIN").fill("7391");
    await approval.getByLabel("PIN").press("Enter");
    const name = manager.replace(/ \(.*\)$/, "");
    await expect(page.getByText(`${here} recorded here: approved by ${name}`)).toBeVisible();
    await expect(approval).toBeHidden();
    await shot(page, "below-stock-approved-1366");
    await page.getByLabel("Cash handed over").press("Enter");
    await expect(page.getByRole("region", { name: "Sale done" })).toBeVisible();
    await page.keyboard.press("Enter");
    await settled(page);
    expect(await onHand("GG-101")).toBe(-2);
    await logIn(page, `manager@${SHOP}.test`, PASSWORD);
    await page.goto(`/shop/${SHOP}/registers`);
    await expect(page.getByRole("region", { name: "Sold offline: needs review" })).toContainText(
      `GG-101: 2 sold beyond recorded stock (approved at the till by ${name})`,
    );
  } finally {
    await db.query("UPDATE shops SET till_sells_below_stock = true WHERE slug = $1", [SHOP]);
    await context.close();
  }
});

test("a sale parked survives a reload; another is rung up and its receipt printed again; the first resumes and is paid with a quick cash button", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 800 } });
  // Counts the prints the till asks for (Chromium's dialog would wait for a person).
  await context.addInitScript(() => {
    const w = window as unknown as { __prints: number };
    w.__prints = 0;
    window.print = () => {
      w.__prints++;
    };
  });
  const prints = (page: Page) => page.evaluate(() => (window as unknown as { __prints: number }).__prints);
  try {
    const page = await context.newPage();
    const register = await pairNewRegister(page, `Park ${Date.now() % 100000}`);
    await signInCashier(page);
    await settled(page);
    const cashier = (await page.getByText("Cashier:").locator("strong").textContent())!;

    await scan(page, "GG-100");
    await scan(page, "GG-100");
    await scan(page, "GG-101");
    await expect(page.getByTestId("till-total")).toHaveText("€8.90");
    await page.getByRole("button", { name: "Park sale" }).click();
    const parked = page.getByRole("region", { name: "Parked sales" });
    const label = new RegExp(`^Parked: 3 items, €8\\.90, \\d{2}:\\d{2} by ${cashier}`);
    await expect(parked.getByRole("listitem")).toHaveText([label]);
    await expect(page.getByRole("cell", { name: "Nothing yet: scan an item." })).toBeVisible();

    // A reload keeps it (the register's IndexedDB).
    await page.reload();
    await signInCashier(page);
    await expect(parked.getByRole("listitem")).toHaveText([label]);

    // Another customer; resuming now asks first, and "Keep this sale" keeps it.
    await scan(page, "GG-101");
    await parked.getByRole("button", { name: /^Resume parked sale: 3 items/ }).click();
    const ask = page.getByRole("alertdialog", { name: "Resume a parked sale" });
    await expect(ask).toContainText("This sale has items. Park it, and resume");
    await ask.getByRole("button", { name: "Keep this sale" }).click();
    await expect(ask).toBeHidden();
    await expect(page.getByLabel("Quantity of GG-101")).toHaveValue("1");
    await expect(page.getByLabel("Quantity of GG-100")).toHaveCount(0);
    await page.getByRole("group", { name: "Quick cash" }).getByRole("button", { name: "Exact €2.50" }).click();
    await page.keyboard.press("F8");
    const done = page.getByRole("region", { name: "Sale done" });
    await expect(done.getByRole("heading", { name: `Sale ${register.code}-000001: €2.50` })).toBeVisible();
    await expect(done).toContainText("No change due.");
    await page.keyboard.press("Enter");
    await expect(done).toBeHidden();

    // The last receipt, printed again: by its button and by F9.
    const reprint = page.getByRole("button", { name: "Reprint last receipt (F9)" });
    await expect(reprint).toBeVisible();
    await expect(page.getByTestId("till-receipt")).toContainText(`Receipt ${register.code}-000001`);
    await reprint.click();
    await page.keyboard.press("F9");
    expect(await prints(page)).toBe(2);

    // The parked sale comes back into the empty cart, is paid with the €10 note, and its change shows at once.
    await parked.getByRole("button", { name: /^Resume parked sale: 3 items/ }).click();
    await expect(page.getByLabel("Quantity of GG-100")).toHaveValue("2");
    await expect(page.getByLabel("Quantity of GG-101")).toHaveValue("1");
    await expect(parked.getByRole("listitem")).toHaveCount(0);
    await page.getByRole("group", { name: "Quick cash" }).getByRole("button", { name: "€10.00" }).click();
    await expect(page.locator(".till-pay .change")).toHaveText("Change: €1.10");
    await shot(page, "register-parked-resumed-1366");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, "register-parked-resumed-390");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.keyboard.press("F8");
    await expect(done.getByRole("heading", { name: `Sale ${register.code}-000002: €8.90` })).toBeVisible();
    await expect(done).toContainText("Change due: €1.10");
    await page.keyboard.press("Enter");
    await settled(page);

    // Two orders, numbered 1 and 2: parking took no number.
    const { rows } = await db.query<{ register_receipt: number; total: number; lines: string }>(
      `SELECT o.register_receipt, o.total, string_agg(l.sku || ' x' || l.quantity, ', ' ORDER BY l.position) AS lines
         FROM orders o JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.id
        WHERE o.register_id = $1 GROUP BY o.register_receipt, o.total ORDER BY o.register_receipt`,
      [register.id],
    );
    expect(rows).toEqual([
      { register_receipt: 1, total: 250, lines: "GG-101 x1" },
      { register_receipt: 2, total: 890, lines: "GG-100 x2, GG-101 x1" },
    ]);
    // The parked list is empty after a reload too.
    await page.reload();
    await signInCashier(page);
    await expect(parked.getByRole("listitem")).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("a register's copy made by the previous version (1) is upgraded in place: what it kept stays, and parked sales get their store", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 800 } });
  try {
    const page = await context.newPage();
    const register = await pairNewRegister(page, `Upgrade ${Date.now() % 100000}`);
    // Away from the till (it holds the copy open), the copy is made again as version 1 made it, with something kept in it.
    await page.goto("/login");
    await page.evaluate(async (id) => {
      const name = `nearshop-register-${id}`;
      await new Promise((resolve, reject) => {
        const del = indexedDB.deleteDatabase(name);
        del.onsuccess = resolve;
        del.onerror = reject;
      });
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          const db = open.result;
          const variants = db.createObjectStore("variants", { keyPath: "variantId" });
          variants.createIndex("barcode", "barcode");
          variants.createIndex("sku", "skuKey");
          db.createObjectStore("meta");
          db.createObjectStore("queue", { keyPath: "sale.clientRef" }).createIndex("receipt", "sale.receipt");
        };
        open.onsuccess = () => {
          const tx = open.result.transaction("meta", "readwrite");
          tx.objectStore("meta").put({ cursor: "0", staff: [], blocks: [], lastContact: 0, misses: [{ verifier: "kept", count: 3 }] }, "meta");
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = reject;
        };
        open.onerror = reject;
      });
    }, register.id);
    await page.goto("/till");
    await signInCashier(page);
    await settled(page);
    const copy = await page.evaluate(
      (id) =>
        new Promise<{ version: number; stores: string[]; misses: unknown }>((resolve, reject) => {
          const open = indexedDB.open(`nearshop-register-${id}`);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction("meta").objectStore("meta").get("meta");
            get.onsuccess = () => resolve({ version: db.version, stores: [...db.objectStoreNames].sort(), misses: get.result?.misses });
            get.onerror = reject;
          };
          open.onerror = reject;
        }),
      register.id,
    );
    expect(copy).toEqual({ version: 2, stores: ["meta", "parked", "queue", "variants"], misses: [{ verifier: "kept", count: 3 }] });
    // And it sells and parks as any register.
    await scan(page, "GG-100");
    await page.getByRole("button", { name: "Park sale" }).click();
    await expect(page.getByRole("region", { name: "Parked sales" }).getByRole("listitem")).toHaveText([/^Parked: 1 item, €3\.20/]);
  } finally {
    await context.close();
  }
});

test("at the register: a customer found or added online (F3), tiles and a custom amount (F7) with a line discount, all kept offline but the customer search", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1366, height: 800 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const register = await pairNewRegister(page, `Counter ${Date.now() % 100000}`);
    await signInCashier(page);
    await settled(page);
    const name = `Léa Register ${Date.now() % 100000}`;

    // F3, a name nobody has, Enter: a new customer with a phone number.
    await page.keyboard.press("F3");
    const dialog = page.getByRole("dialog", { name: "Customer for this sale" });
    await page.keyboard.type(name);
    await expect(dialog.getByText("Nobody matches: Enter adds a new customer.")).toBeVisible();
    await page.keyboard.press("Enter");
    await dialog.getByLabel("Phone").fill("+33 6 55 44 33 22");
    await dialog.getByLabel("Phone").press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("till-customer")).toHaveText(name);

    // A tile, then a custom amount; the arrows choose the tile's line, Enter its discount.
    const tiles = page.getByRole("region", { name: "Products by category" });
    await tiles.getByRole("tab", { name: /^Fresh fruit/ }).click();
    await tiles
      .getByRole("tabpanel")
      .getByRole("button", { name: /Pommes Gala/ })
      .click();
    await expect(page.getByLabel("Quantity of GG-100")).toHaveValue("1");
    await page.keyboard.press("F7");
    const custom = page.getByRole("dialog", { name: "Custom amount" });
    await page.keyboard.type("Repair");
    await page.keyboard.press("Tab");
    await page.keyboard.type("6");
    await page.keyboard.press("Enter");
    await expect(custom).toBeHidden();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await page.getByLabel("Line discount kind").selectOption("amount");
    await page.getByLabel("Line discount", { exact: true }).fill("0.20");
    await page.getByLabel("Line discount", { exact: true }).press("Escape");
    await expect(page.getByTestId("till-total")).toHaveText("€9.00");
    await shot(page, "register-customer-lines-1366");
    await page.keyboard.press("F4");
    await page.keyboard.type("10");
    await page.keyboard.press("Enter");
    const done = page.getByRole("region", { name: "Sale done" });
    await expect(done.getByRole("heading", { name: `Sale ${register.code}-000001: €9.00` })).toBeVisible();
    await expect(done).toContainText(`Customer: ${name}`);
    await expect(page.getByTestId("till-receipt").last()).toContainText("1 × Repair");
    await page.keyboard.press("Enter");
    await settled(page);

    // Offline: the customer search says it needs the network; tiles and custom amounts still sell.
    await goOffline(context);
    await page.keyboard.press("F3");
    await expect(dialog.getByRole("alert")).toHaveText(/^Needs the network/);
    await shot(page, "register-customer-offline-1366");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await tiles.getByRole("tab", { name: /^Fresh vegetables/ }).click();
    await tiles
      .getByRole("tabpanel")
      .getByRole("button", { name: /Carottes bio/ })
      .click();
    await expect(page.getByLabel("Quantity of GG-101")).toHaveValue("1");
    await page.keyboard.press("F4");
    await page.keyboard.type("5");
    await page.keyboard.press("Enter");
    await expect(done.getByRole("heading", { name: `Sale ${register.code}-000002: €2.50` })).toBeVisible();
    await page.keyboard.press("Enter");
    await goOnline(context);
    await settled(page);

    const { rows } = await db.query<{ register_receipt: number; total: number; customer: string | null; lines: string }>(
      `SELECT o.register_receipt, o.total, c.name AS customer,
              string_agg(coalesce(l.variant_id::text, 'custom') || ':' || l.title || ' -' || l.line_discount, ', ' ORDER BY l.position) AS lines
         FROM orders o JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.id
         LEFT JOIN customers c ON c.shop_id = o.shop_id AND c.id = o.customer_id
        WHERE o.register_id = $1 GROUP BY o.register_receipt, o.total, c.name ORDER BY o.register_receipt`,
      [register.id],
    );
    expect(rows.map((r) => [r.register_receipt, r.total, r.customer, r.lines.replace(/[0-9a-f-]{36}/g, "v")])).toEqual([
      [1, 900, name, "v:Pommes Gala -20, custom:Repair -0"],
      [2, 250, null, "v:Carottes bio -0"],
    ]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
