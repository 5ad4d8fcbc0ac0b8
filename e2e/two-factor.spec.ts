import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { confirmDialog, enterTotp, logIn, totpNow } from "./support";

// Issue 17: two-factor sign-in and sessions, as an owner and a cashier of
// the demo's Green Grocer do them (no other spec signs in as these two).
const OWNER = "owner@green-grocer.test";
const CASHIER = "cashier@green-grocer.test";
const PASSWORD = "nearshop-demo";

// A code is taken once per 30-second step: a sign-in may wait for the next step.
test.describe.configure({ mode: "serial", timeout: 150_000 });

let ownerSecret = "";
let recoveryCode = "";

function e2eDb() {
  const url = new URL(process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.TEST_DB_PREFIX ?? "nearshop"}_e2e`;
  return new pg.Client({ connectionString: url.toString() });
}

test.afterAll(async () => {
  // Leave the demo as it was for a run that reuses the database.
  const db = e2eDb();
  await db.connect();
  await db.query("UPDATE shops SET require_two_factor = false WHERE slug = 'green-grocer'");
  await db.query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE email = ANY($1)", [
    [OWNER, CASHIER],
  ]);
  await db.query("DELETE FROM recovery_codes WHERE user_id IN (SELECT id FROM users WHERE email = ANY($1))", [[OWNER, CASHIER]]);
  await db.end();
});

/** Logs out and waits until the site says so (the next page must not race the log-out). */
async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
}

async function passwordStep(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
}

test("an owner turns on two-factor sign-in from their account, with recovery codes", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await logIn(page, OWNER, PASSWORD);
  await page.goto("/account");
  await page.getByRole("link", { name: /Security: two-factor sign-in/ }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await expect(page.getByText("A password alone signs you in.")).toBeVisible();
  await page.getByRole("link", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: /QR code to scan/ })).toBeVisible();
  ownerSecret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  expect(ownerSecret).toMatch(/^[A-Z2-7]{32}$/);
  await page.screenshot({ path: "test-results/two-factor-setup-1366.png", fullPage: true });

  await page.getByLabel("Code from your app").fill("000000" === totpNow(ownerSecret) ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText(/not right, or was already used/)).toBeVisible();

  await page.getByLabel("Code from your app").fill(totpNow(ownerSecret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  recoveryCode = ((await codes.nth(2).textContent()) ?? "").trim();
  expect(recoveryCode).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  await page.reload();
  await expect(page.getByText(/On since/)).toBeVisible();
  await expect(page.getByText("10 unused recovery codes left.")).toBeVisible();
});

test("the owner signs in with the app's code, then with a recovery code once", async ({ page }) => {
  await passwordStep(page, OWNER);
  await expect(page).toHaveURL(/\/login\/two-factor$/);
  await expect(page.getByText(`Enter the 6-digit code from your authenticator app for ${OWNER}`)).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/two-factor-code-390.png", fullPage: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1366, height: 900 }); // the top bar's "Log out" is behind the menu button on a phone
  await enterTotp(page, ownerSecret);
  await expect(page).toHaveURL(/\/shop\/green-grocer/);

  await logOut(page);
  await passwordStep(page, OWNER);
  await page.getByLabel("Code").fill(recoveryCode);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/shop\/green-grocer/);
  await expect(page.getByText(/Signed in with a recovery code/)).toBeVisible();

  await logOut(page);
  await passwordStep(page, OWNER);
  await page.getByLabel("Code").fill(recoveryCode);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/not right, or was already used/)).toBeVisible();
});

test("the owner requires it for the staff: the cashier sets it up at the next sign-in", async ({ page, browser }) => {
  await logIn(page, OWNER, PASSWORD, ownerSecret);
  await page.goto("/shop/green-grocer/staff");
  await page.getByRole("link", { name: /Sign-in security/ }).click();
  const cashierRow = page.getByRole("row", { name: new RegExp(CASHIER) });
  await expect(cashierRow.getByText("Off")).toBeVisible();
  await page.getByLabel("Require two-factor sign-in for everyone on the staff").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Two-factor sign-in is now required/)).toBeVisible();
  await expect(page.getByLabel("Require two-factor sign-in for everyone on the staff")).toBeChecked();

  const cashier = await (browser as Browser).newPage({ viewport: { width: 390, height: 844 } });
  await passwordStep(cashier, CASHIER);
  await expect(cashier).toHaveURL(/\/login\/two-factor$/);
  await expect(cashier.getByText(/must use a second factor to sign in/)).toBeVisible();
  await cashier.screenshot({ path: "test-results/two-factor-required-setup-390.png", fullPage: true });
  const secret = ((await cashier.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
  await cashier.getByLabel("Code from your app").fill(totpNow(secret));
  await cashier.getByRole("button", { name: "Turn on and sign in" }).click();
  await expect(cashier.getByRole("heading", { name: "Two-factor sign-in is on" })).toBeVisible();
  await expect(cashier.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await cashier.getByRole("link", { name: "Continue" }).click();
  await expect(cashier).toHaveURL(/\/shop\/green-grocer/);

  // The owner sees it, and signs the cashier out everywhere (a lost phone).
  await page.reload();
  await expect(cashierRow.getByText("On")).toBeVisible();
  await cashierRow.getByRole("button", { name: "Sign out everywhere" }).click();
  await confirmDialog(page, /out of every browser and device\?/, "Sign out everywhere");
  await expect(page.getByText(/Signed out of \d+ sessions?\./)).toBeVisible();
  await cashier.reload();
  await expect(cashier).toHaveURL(/\/login/);
  await cashier.close();
});

test("a session is ended from another browser", async ({ page, browser }) => {
  const other = await (browser as Browser).newPage();
  await logIn(page, OWNER, PASSWORD, ownerSecret);
  await passwordStep(other, OWNER);
  await enterTotp(other, ownerSecret);
  await page.goto("/account/security");
  const rows = page.getByRole("table").getByRole("row");
  // This browser, the other one, and the earlier tests' sessions (never logged out).
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await expect(page.getByText("This browser")).toHaveCount(1);
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: "test-results/two-factor-sessions-1366.png", fullPage: true });
  await page.getByRole("button", { name: /Sign out everywhere else/ }).click();
  await confirmDialog(page, "Sign out of every other browser and device?", "Sign out everywhere else");
  await expect(page.getByText(/Signed out of \d+ other sessions?\./)).toBeVisible();
  await expect(rows).toHaveCount(2);
  await other.goto("/shop/green-grocer");
  await expect(other).toHaveURL(/\/login/);
  await other.close();
});
