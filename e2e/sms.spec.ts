import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { unique } from "./support";
import { translate, type Values } from "../app/i18n/web/translate";
import type { WebKey } from "../app/i18n/web";

const fr = (key: WebKey, values?: Values) => translate("fr", key, values);

const TWILIO = `http://127.0.0.1:${Number(process.env.E2E_STRIPE_PORT ?? 3199) - 1}`;

const noSideScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth), "the page scrolls sideways").toBeLessThanOrEqual(0);

const received = async () => (await (await fetch(`${TWILIO}/_standin/messages`)).json()) as { to: string; body: string; status: string }[];

test("a French shop's customer on a phone asks for texts at checkout; staff mark the order ready and the SMS, in French, names the order", async ({
  browser,
  shop,
  manager,
}) => {
  const customer = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-FR" })).newPage();
  const errors: string[] = [];
  // The form answered 400 with a field error on purpose (no phone yet): the browser logs that response; anything else counts.
  customer.on("console", (m) => (m.type() === "error" && !m.text().includes("status of 400") ? errors.push(m.text()) : undefined));
  await customer.goto(`/s/${shop.slug}/${shop.products[0].handle}`);
  // A French browser: the pages are French (the labels below are the catalogue's French).
  await customer.getByRole("button", { name: fr("store.product.add") }).click();
  await expect(customer.getByRole("heading", { name: fr("store.cart.heading") })).toBeVisible();
  await customer.getByLabel(fr("store.checkout.name")).fill("Tess Text");
  await customer.getByLabel(fr("store.checkout.email")).fill(`tess-${unique()}@example.test`);
  await customer.getByLabel("Payer au retrait").check();
  const textMe = fr("store.checkout.sms", { count: 1 });
  await customer.getByLabel(textMe).check();
  // No phone yet: the form says what is missing and keeps the box ticked (the server's message is still English).
  await customer.getByRole("button", { name: fr("store.checkout.place", { count: 1 }), exact: true }).click();
  await expect(customer.getByText("Enter your mobile number to get SMS updates")).toBeVisible();
  await customer.getByLabel(fr("store.checkout.phone")).fill("06 12 34 56 78");
  await customer.getByLabel(textMe).check();
  await noSideScroll(customer);
  await customer.screenshot({ path: "/tmp/msgs-shots/checkout-390.png", fullPage: true });
  await customer.getByRole("button", { name: fr("store.checkout.place", { count: 1 }), exact: true }).click();
  await expect(customer.getByText(fr("store.order.live", { shop: shop.name }))).toBeVisible();
  const orderId = new URL(customer.url()).pathname.split("/")[2]!;

  await manager.setViewportSize({ width: 1366, height: 900 });
  await manager.goto(`/shop/${shop.slug}/orders/${orderId}`);
  const number = (await manager.getByRole("heading", { level: 1 }).textContent())?.match(/#(\d+)/)?.[1];
  expect(number).toBeTruthy();
  await manager.getByRole("button", { name: "Start preparing" }).click();
  await manager.getByRole("button", { name: "Ready for pickup" }).click();
  await expect
    .poll(async () => (await received()).filter((m) => m.to === "+33612345678").map((m) => m.body), { timeout: 20_000 })
    // A French browser at a shop in France: the text is French (the order keeps the browser's language).
    .toContainEqual(
      expect.stringMatching(new RegExp(`^Votre commande ${number} chez ${shop.name} est disponible\\. Retrait : .+ STOP pour ne plus recevoir de SMS\\.$`)),
    );
  await expect(async () => {
    await manager.reload();
    await expect(manager.getByText(/SMS to \+33612345678 · delivered/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await noSideScroll(manager);
  await manager.screenshot({ path: "/tmp/msgs-shots/staff-order-1366.png", fullPage: true });
  expect(errors).toEqual([]);
});
