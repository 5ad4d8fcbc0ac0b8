import { DateTime } from "luxon";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { unique } from "./support";

// Issue 25: a manager sets the shop floor's hours and pickup settings; a
// customer on a phone (390 px) picks a pickup time at checkout; the board
// and the customer's order show it. The shop is the fixture's own.

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `var/screenshots/slots-${name}.png`, fullPage: true });
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
}

test("a manager sets hours, a customer at 390 px picks a pickup time, the board shows it", async ({ browser, shop, manager, owner: staff }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];

  // The manager: Locations → the shop floor's hours and pickup settings.
  await manager.goto(`/shop/${shop.slug}/locations`);
  await manager.getByRole("link", { name: "Hours and pickup for Shop floor" }).click();
  await expect(manager.getByRole("heading", { name: "Shop floor: hours and pickup" })).toBeVisible();
  await manager.getByLabel("Tuesday").fill("9:00-25:00");
  await manager.getByRole("button", { name: "Save opening hours" }).click();
  await expect(manager.getByText('Tuesday: "9:00-25:00" is not hours like 09:00-19:00 (24-hour times)')).toBeVisible();
  for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) await manager.getByLabel(day).fill("07:00-22:00");
  await manager.getByRole("button", { name: "Save opening hours" }).click();
  await expect(manager.getByText("Opening hours saved.")).toBeVisible();
  await expect(manager.getByLabel("Sunday")).toHaveValue("07:00-22:00");
  await manager.getByLabel("Name customers see").fill("Bakery counter");
  await manager.getByLabel("Slot length (minutes)").fill("30");
  await manager.getByLabel("Orders per slot").fill("3");
  await manager.getByRole("button", { name: "Save pickup settings" }).click();
  await expect(manager.getByText("Pickup settings saved.")).toBeVisible();
  await shot(manager, "manager-hours");

  // What the shop page says depends on the time the test runs: work it out.
  const now = DateTime.now().setZone("Europe/Paris");
  const minute = now.hour * 60 + now.minute;
  const expected =
    minute >= 7 * 60 && minute < 22 * 60 ? "Open now · closes at 22:00" : minute < 7 * 60 ? "Closed · opens at 07:00" : "Closed · opens tomorrow 07:00";

  // The customer, on a phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const customer = await context.newPage();
  customer.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await customer.goto(`/s/${shop.slug}`);
  await expect(customer.locator(".open-status")).toHaveText(expected);
  await expect(customer.getByText("Bakery counter")).toBeVisible();
  await noSidewaysScroll(customer);
  await shot(customer, "shop-page-390");

  await customer.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
  await customer.getByRole("button", { name: "Add to cart" }).click();
  await expect(customer.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await customer.getByLabel("Your name").fill("Pia Pickup");
  await customer.getByLabel("Email (for your order updates)").fill(`pia-${unique()}@example.test`);
  await customer.getByLabel("Pay at pickup").check();
  const slotSelect = customer.getByLabel("Pickup time (Paris time)");
  await expect(slotSelect).toBeVisible();
  const options = slotSelect.locator("option");
  expect(await options.count()).toBeGreaterThan(2);
  const chosen = (await options.nth(1).textContent())!.trim();
  expect(chosen).toMatch(/^\w{3} \d{1,2} \w{3}, \d\d:\d\d–\d\d:\d\d$/);
  await slotSelect.selectOption({ label: chosen });
  await noSidewaysScroll(customer);
  await shot(customer, "checkout-390");
  await customer.getByRole("button", { name: "Place order" }).click();
  await expect(customer.getByText(`Thank you! ${shop.name} has your order.`)).toBeVisible();
  await expect(customer.getByText(`Pickup time: ${chosen} (Paris time)`)).toBeVisible();
  await expect(customer.getByText("Pick up at Bakery counter")).toBeVisible();
  const number = (await customer.getByRole("heading", { level: 1 }).textContent())?.match(/#(\d+)/)?.[1];
  await noSidewaysScroll(customer);
  await shot(customer, "order-390");

  // The board shows the slot on the order's card.
  await staff.goto(`/shop/${shop.slug}/orders`);
  const card = staff.getByRole("article", { name: `Order ${number}` });
  await expect(card).toContainText(`Pickup ${chosen}`);
  await shot(staff, "board");
  expect(errors).toEqual([]);
  await context.close();
});
