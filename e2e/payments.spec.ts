import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { unique } from "./support";

// Issue 19 in a browser: the owner connects a new shop's own Stripe account
// (the local stand-in's onboarding page), a customer then pays by card, and
// the order shows gross, commission and net. The shop is the test's own
// (e2e/fixtures.ts), so this runs alone, again, or after any other spec.

async function shot(page: Page, name: string) {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `var/screenshots/payments-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

test("an owner connects the shop's Stripe account, a customer pays by card, the order shows gross, commission and net", async ({ shop, owner: page }) => {
  test.setTimeout(180_000); // onboarding, checkout and a webhook job on a shared 2-core machine
  await page.goto(`/shop/${shop.slug}/payments`);
  await expect(page.getByText("No Stripe account connected: customers cannot pay by card online yet.")).toBeVisible();
  await expect(page.getByText("2.5 % + €0.25 of each card payment (the platform's standard rate)", { exact: false })).toBeVisible();
  await shot(page, "before");

  await page.getByRole("button", { name: "Connect with Stripe" }).click();
  await expect(page.getByRole("heading", { name: "Stripe Connect onboarding (local stand-in)" })).toBeVisible();
  await page.getByRole("button", { name: "Submit test details" }).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${shop.slug}/payments\\?connected=1`));
  await expect(page.getByText("Your Stripe account is connected and taking card payments.")).toBeVisible();
  await expect(page.getByText("Card payments: on. Customers can pay by card.")).toBeVisible();
  await expect(page.getByText("Payouts: on. Stripe pays your balance into your bank account.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect with Stripe" })).toHaveCount(0);
  await shot(page, "connected");

  // A customer (here the owner's own browser, signed in: any customer) now sees card payment and pays.
  const customer = page;
  await customer.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
  await customer.getByLabel("Quantity").fill("10");
  await customer.getByRole("button", { name: "Add to cart" }).click();
  await expect(customer.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await customer.getByLabel("Your name").fill("Connie Card");
  await customer.getByLabel("Email (for your order updates)").fill(`connie-${unique()}@example.test`);
  await customer.getByLabel(/Pay now by card/).check();
  await customer.getByRole("button", { name: "Place order" }).click();
  await expect(customer.getByRole("heading", { name: "Stripe test checkout (local stand-in)" })).toBeVisible();
  await expect(customer.getByText("13.00 EUR")).toBeVisible();
  await customer.getByRole("button", { name: "Pay" }).click();
  await expect(customer.getByText(`Thank you! ${shop.name} has your order.`)).toBeVisible();

  // The owner finds it paid, with the commission: 2.5 % of €13.00 + €0.25 = €0.58 (0.325 rounds to 0.33).
  await page.goto(`/shop/${shop.slug}/orders?q=Connie`);
  // The orders list (not the board above it), filtered to Connie.
  await page.getByRole("table").getByRole("link", { name: /#\d+/ }).first().click();
  // The link navigates client-side: wait for the order's own page before reloading it.
  await expect(page.getByRole("heading", { level: 1, name: /Order #\d+/ })).toBeVisible();
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator(".status").first().textContent();
      },
      { timeout: 20_000 },
    )
    .toBe("Paid");
  await expect(page.getByRole("row", { name: /Card payment, gross/ })).toContainText("€13.00");
  await expect(page.getByRole("row", { name: /Nearshop commission/ })).toContainText("−€0.58");
  await expect(page.getByRole("row", { name: /Net to the shop/ })).toContainText("€12.42");
  await shot(page, "order");
});
