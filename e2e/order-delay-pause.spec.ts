import fs from "node:fs/promises";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test, type Shop } from "./fixtures";
import { unique } from "./support";

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

async function placePickupOrder(page: Page, shop: Shop, email: string) {
  await page.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await page.getByLabel("Your name").fill("Dora Delay");
  await page.getByLabel("Email (for your order updates)").fill(email);
  await page.getByLabel("Pay at pickup").check();
  await page.getByRole("button", { name: "Place order" }).click();
}

async function mailSubjects(to: string) {
  const dir = "var/e2e-outbox";
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".json"));
  const subjects: string[] = [];
  for (const f of files) {
    const m = JSON.parse(await fs.readFile(path.join(dir, f), "utf8")) as { to: string; subject: string; text: string };
    if (m.to === to) subjects.push(`${m.subject} | ${m.text}`);
  }
  return subjects;
}

test("a cashier delays an order by 20 minutes; the customer's phone shows the new time without a reload, and an email says why", async ({
  browser,
  shop,
  cashier,
}) => {
  const customer = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const email = `dora-${unique()}@example.test`;
  await placePickupOrder(customer, shop, email);
  await expect(customer.getByText(`This page updates by itself when ${shop.name} moves your order on.`)).toBeVisible();
  const orderId = new URL(customer.url()).pathname.split("/")[2]!;

  await cashier.setViewportSize({ width: 1366, height: 900 });
  await cashier.goto(`/shop/${shop.slug}/orders/${orderId}`);
  await cashier.getByText("Delay…").click();
  await cashier.getByLabel("By").selectOption("20");
  await cashier.getByLabel("Reason for the customer (optional)").fill("Our oven is being repaired");
  await cashier.getByRole("button", { name: "Delay and tell the customer" }).click();
  await expect(
    cashier.getByText(/delayed by 20 min: ready at about \d{1,2} \w+ \d{4}, \d\d:\d\d \(Paris time\)\. Our oven is being repaired\. The customer is told\./),
  ).toBeVisible();
  await expect(cashier.getByText(/^Promised for about \d{1,2} \w+ \d{4}, \d\d:\d\d$/)).toBeVisible();
  await expect(cashier.getByRole("listitem").filter({ hasText: "Delayed by 20 min" })).not.toContainText("→");

  // The customer's page has moved on by itself.
  await expect(customer.getByText(/^Ready at about \d{1,2} \w+ \d{4}, \d\d:\d\d \(Paris time\)$/)).toBeVisible();
  await expect(customer.getByRole("listitem").filter({ hasText: "Delayed by 20 min" })).toContainText("Our oven is being repaired");
  await noSideScroll(customer);
  await customer.screenshot({ path: "test-results/order-delayed-390.png", fullPage: true });
  await expect
    .poll(() => mailSubjects(email), { timeout: 20_000 })
    .toContainEqual(expect.stringMatching(/is delayed \|.* ready at about \d\d:\d\d\..*The shop's reason: Our oven is being repaired/s));
});

test("a manager on a phone pauses online orders for an hour; the shop page says so and checkout refuses, until they resume", async ({
  browser,
  shop,
  manager,
}) => {
  await manager.setViewportSize({ width: 390, height: 844 });
  await manager.goto(`/shop/${shop.slug}/locations/${shop.locationId}`);
  await manager.getByLabel("Pause for").selectOption({ label: "1 hour" });
  await manager.getByLabel("Note for customers (optional)").fill("Oven repair, back soon");
  await manager.getByRole("button", { name: "Pause online orders" }).click();
  await expect(manager.getByText(/Online orders paused here until/)).toBeVisible();
  await expect(manager.getByText(/^Paused until .+ \(Paris time\): "Oven repair, back soon"\./)).toBeVisible();
  await noSideScroll(manager);
  await manager.screenshot({ path: "test-results/orders-paused-390.png", fullPage: true });

  const customer = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await customer.goto(`/s/${shop.slug}`);
  await expect(customer.getByText(/^Not taking online orders until .+ \(Paris time\): Oven repair, back soon$/)).toBeVisible();
  await placePickupOrder(customer, shop, `paul-${unique()}@example.test`);
  await expect(
    customer.getByText(/is not taking online orders until .+ \(Paris time\): Oven repair, back soon\. Try again then, or choose another place\./).first(),
  ).toBeVisible();

  await manager.getByRole("button", { name: "Take online orders again now" }).click();
  await expect(manager.getByText("Online orders are open here again.")).toBeVisible();
  await placePickupOrder(customer, shop, `paul-${unique()}@example.test`);
  await expect(customer.getByText(`Thank you! ${shop.name} has your order.`)).toBeVisible();
});
