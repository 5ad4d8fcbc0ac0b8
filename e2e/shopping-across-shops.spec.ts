// Issue 25, item 4: one cart across shops, walked as a new customer would at
// 1366 px and 390 px. The header counts the cart; items from two shops sit
// in one cart; each shop gets its own pickup slot; one "Place 2 orders"
// makes an order at each; the boards show the slots; staff delay one (the
// customer's page changes by itself and the SMS stand-in gets the text) and
// mark the other ready.
// Named to run after discovery.spec.ts (files run in name order on one
// worker): its orders index these fixture shops, whose products would then
// join that spec's search results.
import type { Page } from "@playwright/test";
import { connectStripe, expect, makeShop, signIn, test, type Shop } from "./fixtures";
import { linkFromEmail, unique } from "./support";
import { setOpeningHours, setPickupSettings } from "../server/services/locations/settings";

const TWILIO = `http://127.0.0.1:${Number(process.env.E2E_STRIPE_PORT ?? 3199) - 1}`;
const received = async () => (await (await fetch(`${TWILIO}/_standin/messages`)).json()) as { to: string; body: string }[];
const allDay = [{ opensMinute: 0, closesMinute: 1440 }];

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

/** Open round the clock with 15-minute slots, so slots exist whenever the test runs. */
async function withSlots(shop: Shop, publicName: string) {
  await setOpeningHours(shop.id, {
    locationId: shop.locationId,
    hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
  });
  await setPickupSettings(shop.id, { locationId: shop.locationId, pickupPoint: true, publicName, prepMinutes: 30, slotMinutes: 15, slotCapacity: 4 });
}

async function add(page: Page, shop: Shop, handle: string, quantity: string) {
  await page.goto(`/s/${shop.slug}/${handle}`);
  await page.getByLabel("Quantity").fill(quantity);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
}

for (const width of [1366, 390]) {
  test(`at ${width} px a customer checks out two shops at once, each with its own pickup slot; staff delay one and ready the other`, async ({
    browser,
    shop,
    manager,
  }) => {
    test.setTimeout(120_000);
    const other = await makeShop();
    await withSlots(shop, "Counter A");
    await withSlots(other, "Counter B");
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));

    // A new customer signs up from the header and confirms the address.
    const email = `mia-${unique()}@example.test`;
    await page.goto("/");
    if (width < 700) await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Your name").fill("Mia Multi");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a long password 123");
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    await page.goto(await linkFromEmail(email, /Confirm your email/));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByText("Your email is confirmed")).toBeVisible();

    await page.goto("/");
    await expect(page.getByRole("link", { name: "Cart, empty" })).toBeVisible();
    await add(page, shop, shop.products[0].handle, "2");
    await add(page, other, other.products[1].handle, "3");
    // The header counts both shops' items, on one line even on a phone.
    await expect(page.getByRole("link", { name: "Cart, 5 items" })).toBeVisible();
    await expect(page.getByRole("region", { name: `Items from ${shop.name}` })).toContainText("Baguette tradition");
    await expect(page.getByRole("region", { name: `Items from ${other.name}` })).toContainText("Croissant au beurre");

    // Each shop's part has its own place and pickup time.
    const partA = page.getByRole("group", { name: `${shop.name}: how do you want it?` });
    const partB = page.getByRole("group", { name: `${other.name}: how do you want it?` });
    const slotA = partA.getByLabel("Pickup time (Paris time)");
    const slotB = partB.getByLabel("Pickup time (Paris time)");
    const chosenA = (await slotA.locator("option").nth(1).textContent())!.trim();
    const chosenB = (await slotB.locator("option").nth(2).textContent())!.trim();
    await slotA.selectOption({ label: chosenA });
    await slotB.selectOption({ label: chosenB });
    await expect(page.getByLabel("Your name")).toHaveValue("Mia Multi");
    await page.getByLabel("Phone (optional)").fill("06 11 22 33 44");
    await page.getByLabel(/Text me when my orders are ready/).check();
    await page.getByLabel("Pay at pickup").check();
    await expect(page.getByText("Total for 2 orders: €6.80")).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/cart-two-shops-${width}.png`, fullPage: true });
    await page.getByRole("button", { name: "Place 2 orders" }).click();

    await expect(page.getByText("Thank you! Your 2 orders are placed.")).toBeVisible();
    const cardA = page.getByRole("listitem").filter({ hasText: shop.name });
    const cardB = page.getByRole("listitem").filter({ hasText: other.name });
    await expect(cardA).toContainText(`Pick up at Counter A`);
    await expect(cardA).toContainText(chosenA);
    await expect(cardB).toContainText(chosenB);
    await expect(page.getByRole("link", { name: "Cart, empty" })).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/cart-two-shops-placed-${width}.png`, fullPage: true });
    const numberA = (await cardA.getByRole("link").textContent())!.match(/#(\d+)/)![1]!;

    // Shop A's board shows the order with its slot.
    await manager.setViewportSize({ width: 1366, height: 900 });
    await manager.goto(`/shop/${shop.slug}/orders`);
    await expect(manager.getByRole("article", { name: `Order ${numberA}` })).toContainText(`Pickup ${chosenA}`);

    // The customer follows order A; staff delay it and the page changes by itself.
    await cardA.getByRole("link").click();
    await expect(page.getByText(`This page updates by itself when ${shop.name} moves your order on.`)).toBeVisible();
    await manager
      .getByRole("article", { name: `Order ${numberA}` })
      .getByRole("link", { name: new RegExp(`#${numberA}`) })
      .click();
    await manager.getByText("Delay…").click();
    await manager.getByLabel("By").selectOption("20");
    await manager.getByLabel("Reason for the customer (optional)").fill("A late delivery of flour");
    await manager.getByRole("button", { name: "Delay and tell the customer" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: "Delayed by 20 min" })).toContainText("A late delivery of flour");
    await expect
      .poll(async () => (await received()).filter((m) => m.to === "+33611223344").map((m) => m.body), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining(`your order #${numberA}`));

    // Shop B's staff mark theirs ready.
    const staffB = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(staffB, other.manager);
    await staffB.goto(`/shop/${other.slug}/orders`);
    const boardB = staffB.getByRole("article").filter({ hasText: "Mia Multi" });
    await expect(boardB).toContainText(`Pickup ${chosenB}`);
    await boardB.getByRole("button", { name: "Start preparing" }).click();
    const readyButton = staffB.getByRole("article").filter({ hasText: "Mia Multi" }).getByRole("button", { name: "Ready for pickup" });
    await readyButton.click();
    // Done once the button is gone (the card's own text says "Ready for pickup" while the button is there too).
    await expect(readyButton).toHaveCount(0);
    await expect(staffB.getByRole("article").filter({ hasText: "Mia Multi" }).locator(".status")).toHaveText("Ready for pickup");
    await page.goBack();
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("listitem").filter({ hasText: other.name })).toContainText("Ready for pickup", { timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
}

test("a shop out of stock stops the whole checkout: nothing is placed at the other shop, and the page says which shop", async ({ browser, shop }) => {
  const other = await makeShop();
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  page.on("console", () => undefined);
  await add(page, shop, shop.products[0].handle, "1");
  await add(page, other, other.products[0].handle, "60"); // 50 in stock
  await expect(page.getByRole("region", { name: `Items from ${other.name}` })).toContainText("Only 50 available");
  await page.getByLabel("Your name").fill("Sam Short");
  await page.getByLabel("Email (for your order updates)").fill(`sam-${unique()}@example.test`);
  await page.getByLabel("Pay at pickup").check();
  await page.getByRole("button", { name: "Place 2 orders" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Only 50 × Baguette tradition left at" })).toContainText(other.name);
  // Still in the cart, both shops, and nothing was ordered at the first.
  await expect(page.getByRole("link", { name: "Cart, 61 items" })).toBeVisible();
  const { inShop } = await import("../server/db/client.server");
  expect(await inShop(shop.id, (tx) => tx.order.count())).toBe(0);
  await noSideScroll(page);
});

for (const width of [1366, 390]) {
  test(`at ${width} px a customer pays two shops with one card entry: a declined card leaves both to pay, a good card pays each shop`, async ({
    browser,
    shop,
    owner,
  }) => {
    test.setTimeout(120_000);
    const other = await makeShop();
    await connectStripe(owner, shop);
    const otherOwner = await (await browser.newContext()).newPage();
    await signIn(otherOwner, other.owner);
    await connectStripe(otherOwner, other);
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("console", (m) => (m.type() === "error" && !page.url().includes("/pay/") ? errors.push(m.text()) : undefined));
    await add(page, shop, shop.products[0].handle, "2"); // 2 × €1.30
    await add(page, other, other.products[1].handle, "3"); // 3 × €1.40
    await page.getByLabel("Your name").fill("Paula Card");
    await page.getByLabel("Email (for your order updates)").fill(`paula-${unique()}@example.test`);
    await page.getByLabel(/Pay now by card/).check();
    await page.getByRole("button", { name: "Place 2 orders" }).click();

    // Stripe's page (the stand-in) keeps the card once and says what each shop will charge.
    await expect(page.getByRole("heading", { name: "Stripe test checkout: save a card (local stand-in)" })).toBeVisible();
    await expect(page.getByText(`Right after, each shop charges its own order to this card: `)).toContainText(`€2.60 to ${shop.name}`);
    await expect(page.getByText(`Right after, each shop charges its own order to this card: `)).toContainText(`€4.20 to ${other.name}`);
    await page.getByLabel(/4000 0000 0000 0341/).check();
    await page.getByRole("button", { name: "Save card" }).click();

    // Declined: both orders still wait, the page says why and offers the card entry again, and each shop's own page.
    await expect(page.getByRole("heading", { name: "Your orders from this checkout" })).toBeVisible();
    const notPaid = page.locator(".banner").filter({ hasText: "2 orders are not paid yet" });
    await expect(notPaid).toContainText(`Your card was declined for the order at ${shop.name} (€2.60): pay it below with another card.`);
    await expect(notPaid).toContainText(`Your card was declined for the order at ${other.name} (€4.20)`);
    await expect(page.getByRole("button", { name: `Pay €2.60 to ${shop.name}` })).toBeVisible();
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/one-card-declined-${width}.png`, fullPage: true });

    await page.getByRole("button", { name: "Pay €6.80 for 2 orders with one card" }).click();
    await page.getByLabel(/4242 4242 4242 4242/).check();
    await page.getByRole("button", { name: "Save card" }).click();
    const paid = page.locator(".banner").filter({ hasText: "Paid with one card" });
    await expect(paid).toContainText(`€2.60 to ${shop.name}`);
    await expect(paid).toContainText(`€4.20 to ${other.name}`);
    await expect(page.locator(".banner").filter({ hasText: "not paid yet" })).toHaveCount(0);
    await expect(
      page
        .getByRole("listitem")
        .filter({ hasText: `${shop.name}: order` })
        .locator(".status"),
    ).toHaveText("Paid");
    await expect(
      page
        .getByRole("listitem")
        .filter({ hasText: `${other.name}: order` })
        .locator(".status"),
    ).toHaveText("Paid");
    await expect(page.getByRole("button", { name: /^Pay / })).toHaveCount(0);
    await noSideScroll(page);
    await page.screenshot({ path: `test-results/one-card-paid-${width}.png`, fullPage: true });

    // Each shop sees its own order paid, with the platform's commission taken from it.
    await owner.goto(`/shop/${shop.slug}/orders?status=paid`);
    const order = owner.getByRole("article").filter({ hasText: "Paula Card" });
    await expect(order.locator(".status")).toHaveText("Paid");
    expect(errors).toEqual([]);
  });
}
