import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ADMIN } from "../prisma/demo-accounts";
import { confirmDialog, ensureStripeConnected, logIn, unique } from "./support";

// Issue 19 after the sale, in a browser, at Green Grocer (its own Stripe
// account, connected here: no other spec's order matters): a partial refund
// returns its share of the commission, a dispute reaches the manager, the
// payout shows with its CSV (before the dispute: Stripe pays out no negative
// balance), and the platform admin reads commission and
// disputes and sets the shop's plan. Stripe's side of a dispute and a payout
// is driven through the stand-in's test routes (what Stripe's dashboard or
// `stripe trigger` would do).
const PASSWORD = "nearshop-demo";
const SHOP = "/shop/green-grocer";
const STRIPE = `http://127.0.0.1:${process.env.E2E_STRIPE_PORT ?? 3199}`;
const ZONE = "Europe/Paris";

test.describe.configure({ mode: "serial" });

let orderId = "";
let orderNumber = "";

async function shot(page: Page, name: string) {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `var/screenshots/after-sale-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

async function asUser(browser: Browser, email: string, password = PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email, password);
  return page;
}

/** Stripe's side: a dispute on the order's payment, or a payout of the account's balance. */
async function stripeTrigger(what: "dispute" | "payout") {
  const res = await fetch(`${STRIPE}/_test/${what}`, { method: "POST", body: new URLSearchParams({ order_id: orderId, due_in_days: "6" }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const shopTime = (seconds: number) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: ZONE }).format(new Date(seconds * 1000));

test("Green Grocer's owner connects Stripe and a customer pays by card", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await ensureStripeConnected(browser, "green-grocer", "owner@green-grocer.test");
  await logIn(page, "owner@green-grocer.test", PASSWORD);

  const customer = await browser.newPage();
  await customer.goto("/s/green-grocer/pommes-gala");
  await customer.getByLabel("Quantity").fill("5");
  await customer.getByRole("button", { name: "Add to cart" }).click();
  await customer.getByLabel("Your name").fill("Paula Partial");
  await customer.getByLabel("Email (for your order updates)").fill(`paula-${unique()}@example.test`);
  await customer.getByLabel(/Pay now by card/).check();
  await customer.getByRole("button", { name: "Place order" }).click();
  await expect(customer.getByText("16.00 EUR")).toBeVisible();
  await customer.getByRole("button", { name: "Pay" }).click();
  await expect(customer.getByText("Thank you! Green Grocer has your order.")).toBeVisible();
  await customer.close();

  await page.goto(`${SHOP}/orders?q=Paula`);
  await page.getByRole("table").getByRole("link", { name: /#\d+/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Order #\d+/ })).toBeVisible();
  orderId = page.url().split("/orders/")[1]!.split(/[?#]/)[0]!;
  orderNumber = (await page.getByRole("heading", { level: 1 }).textContent())!.match(/#(\d+)/)![1]!;
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator(".status").first().textContent();
      },
      { timeout: 20_000 },
    )
    .toBe("Paid");
  // 2.5 % of €16.00 + €0.25.
  await expect(page.getByRole("row", { name: /Nearshop commission/ })).toContainText("−€0.65");
});

test("a partial refund returns its share of the commission, and the order says so", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, "owner@green-grocer.test", PASSWORD);
  await page.goto(`${SHOP}/orders/${orderId}`);
  for (const step of ["Start preparing", "Ready for pickup", "Complete"]) {
    await page.getByRole("button", { name: step, exact: true }).click();
    await expect(page.getByRole("button", { name: step, exact: true })).toHaveCount(0);
  }
  await page.getByText("Refund or return items").click();
  await page.getByLabel(/^Amount/).fill("4.00");
  await page.getByLabel("Reason").fill("Two bruised apples");
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  await confirmDialog(page, `Refund on order #${orderNumber}?`, "Refund");
  await expect(page.getByText("€4.00 refunded (sent to Stripe).")).toBeVisible();
  // The refund is a quarter of the payment: a quarter of €0.65 comes back (0.1625, rounded as Stripe does).
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByText(/refunded €4\.00 by stripe/).textContent();
      },
      { timeout: 20_000 },
    )
    .toMatch(/refunded €4\.00 by stripe · succeeded · Two bruised apples · commission returned €0\.16/);
  await expect(page.getByRole("row", { name: /Nearshop commission/ })).toContainText("(€0.65, €0.16 returned with refunds)");
  await expect(page.getByRole("row", { name: /Nearshop commission/ })).toContainText("−€0.49");
  // What the shop keeps: €16.00 paid, €4.00 refunded, €0.49 of commission kept by the platform.
  await expect(page.getByRole("row", { name: /Net to the shop \(after refunds, before Stripe's fee\)/ })).toContainText("€11.51");
  await expect(page.getByText("Partially refunded").first()).toBeVisible();
  await shot(page, "refunded-order");
});

test("the payouts list shows the payout, what it settled, and its CSV downloads with those rows", async ({ page }) => {
  test.setTimeout(120_000);
  const payout = await stripeTrigger("payout");
  await logIn(page, "owner@green-grocer.test", PASSWORD);
  await page.goto(`${SHOP}/payments`);
  const amount = new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR" }).format(Number(payout.amount) / 100);
  const row = page.getByRole("row").filter({ hasText: amount });
  await expect(row).toContainText("paid");
  await expect(row).toContainText(shopTime(Number(payout.created)));
  await row.getByRole("link", { name: "What it settled" }).click();
  await expect(page.getByRole("heading", { name: `Payout ${String(payout.id)}` })).toBeVisible();
  const settled = page.getByRole("row").filter({ has: page.getByRole("link", { name: `#${orderNumber}` }) });
  // The payment (€16.00, fees: Stripe's €0.49 and the commission €0.65) and the refund (−€4.00, €0.16 of the commission back).
  await expect(settled.filter({ hasText: "charge" })).toContainText("€16.00");
  await expect(settled.filter({ hasText: "refund" })).toContainText("-€4.00"); // Intl writes a negative amount with a hyphen-minus
  await shot(page, "payout");

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: "CSV" }).click()]);
  expect(download.suggestedFilename()).toBe(`payout-${String(payout.id)}.csv`);
  const csv = fs
    .readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\n");
  expect(csv[0]).toBe("date,kind,order,currency,amount,fees,net,description,stripe_transaction");
  const ours = csv.slice(1).filter((line) => line.split(",")[2] === orderNumber);
  expect(ours.map((line) => line.split(",").slice(1, 7).join(","))).toEqual(
    expect.arrayContaining([`charge,${orderNumber},EUR,16.00,1.14,14.86`, `refund,${orderNumber},EUR,-4.00,-0.16,-3.84`]),
  );
  // Every line of the CSV is a line of the page's table, and the nets add up to the payout.
  expect(csv.length - 1).toBe(await page.locator("#payout + .table-scroll tbody tr").count());
  expect(csv.slice(1).reduce((sum, line) => sum + Math.round(Number(line.split(",")[6]) * 100), 0)).toBe(Number(payout.amount));
});

test("a dispute reaches the manager in the app, with amount and deadline in the shop's time, and marks the order", async ({ browser }) => {
  test.setTimeout(120_000);
  // Signed in first: the manager's notices are in the language their pages are shown in (English here).
  const manager = await asUser(browser, "manager@green-grocer.test");
  const dispute = await stripeTrigger("dispute");
  const due = shopTime((dispute.evidence_details as { due_by: number }).due_by);
  await expect
    .poll(
      async () => {
        await manager.goto(`${SHOP}/notifications`);
        return manager.getByText(`Card payment disputed: €16.00 on order #${orderNumber}`).count();
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  const note = manager.locator("li").filter({ hasText: `Card payment disputed: €16.00 on order #${orderNumber}` });
  await expect(note).toContainText("The customer's bank took back €16.00 (fraud).");
  await expect(note).toContainText(`Respond in your Stripe dashboard by ${due} (Paris time), or the money stays with the customer.`);
  await shot(manager, "dispute-notification");

  await manager.goto(`${SHOP}/orders/${orderId}`);
  await expect(manager.getByRole("row", { name: /Taken back by a dispute/ })).toContainText("−€16.00");
  // The order itself says what to do and by when, in the shop's time.
  const alert = manager.locator(".banner").filter({ hasText: "The customer's bank disputes this payment" });
  await expect(alert).toContainText("€16.00 taken back (fraudulent).");
  await expect(alert).toContainText(`Answer with your evidence in Stripe by ${due} (Paris time), or the shop loses it.`);
  await expect(alert.getByRole("link", { name: "Payments" })).toHaveAttribute("href", `${SHOP}/payments`);
  await manager.goto(`${SHOP}/payments`);
  const row = manager.getByRole("row").filter({ hasText: "fraudulent" });
  await expect(row).toContainText("needs response");
  await expect(row).toContainText("€16.00");
  await expect(row).toContainText(due);
  await manager.context().close();
});

test("the platform admin reads commission and disputes, sets Green Grocer's plan, sees it apply, and clears it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await logIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Payments across shops" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Payments across shops" })).toBeVisible();
  const commission = page.getByRole("table", { name: "Commission earned per shop per month" });
  const month = new Date().toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  const ours = commission.getByRole("row").filter({ hasText: "Green Grocer" }).filter({ hasText: month });
  await expect(ours).toContainText("€0.65"); // charged
  await expect(ours).toContainText("€0.16"); // returned with the refund
  await expect(ours).toContainText("€0.49"); // earned
  const disputes = page.getByRole("table", { name: "Open disputes" });
  await expect(disputes.getByRole("row").filter({ hasText: "Green Grocer" })).toContainText(`#${orderNumber}`);
  await expect(disputes.getByRole("row").filter({ hasText: "Green Grocer" })).toContainText("€16.00");
  await shot(page, "admin");

  await page.getByLabel("Find a shop").fill("green");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Set Green Grocer's plan" }).click();
  const form = page.getByRole("form", { name: "Green Grocer's plan" });
  await form.getByLabel("Share of each payment (%)").fill("60");
  await form.getByLabel("Fixed part (EUR)").fill("0.10");
  await form.getByRole("button", { name: "Save Green Grocer's plan" }).click();
  await expect(form.getByText("At most 50 %")).toBeVisible();
  await expect(form.getByLabel("Fixed part (EUR)")).toHaveValue("0.10");
  await shot(page, "admin-plan-error");
  await form.getByLabel("Share of each payment (%)").fill("1.5");
  await form.getByLabel("A refund returns the commission on the refunded part").uncheck();
  await form.getByLabel("Note (why this plan)").fill("Market launch offer");
  await form.getByRole("button", { name: "Save Green Grocer's plan" }).click();
  await expect(page.getByText("Green Grocer's plan is saved: it applies to its next card payments.")).toBeVisible();
  const plan = page.getByRole("table", { name: "Shop plans" }).getByRole("row").filter({ hasText: "Green Grocer" });
  await expect(plan).toContainText("1.5 % + €0.10");
  await expect(plan).toContainText("no, kept");
  await expect(plan).toContainText("Market launch offer");

  const owner = await asUser(browser, "owner@green-grocer.test");
  await owner.goto(`${SHOP}/payments`);
  await expect(owner.getByText("1.5 % + €0.10 of each card payment (your shop's own plan)", { exact: false })).toBeVisible();
  await expect(owner.getByText("Refunds do not return the commission.", { exact: false })).toBeVisible();

  await plan.getByRole("button", { name: "Clear" }).click();
  await confirmDialog(page, "Put Green Grocer back on the default commission?", "Clear the plan");
  await expect(page.getByText("Green Grocer is back on the platform's default commission.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Shop plans" }).getByRole("row").filter({ hasText: "Green Grocer" })).toHaveCount(0);
  await owner.reload();
  await expect(owner.getByText("2.5 % + €0.25 of each card payment (the platform's standard rate)", { exact: false })).toBeVisible();
  await owner.context().close();
});
