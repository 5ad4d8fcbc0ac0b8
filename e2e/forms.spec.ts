import { expect, test, type Page } from "@playwright/test";
import { emailsTo, linkFromEmail, logIn, unique } from "./support";

const SHOP = "/shop/book-nook";

/**
 * The next POST of this page reaches the server twice, as a double click or
 * a resent request does: the first copy's answer is dropped, the page sees
 * the second's.
 */
async function sendTwice(page: Page, button: string) {
  let sent = false;
  await page.route("**/*", async (route) => {
    if (route.request().method() !== "POST" || sent) return route.fallback();
    sent = true;
    await route.fetch();
    await route.fallback();
  });
  await page.getByRole("button", { name: button }).click();
  await expect.poll(() => sent).toBe(true);
  await page.unrouteAll({ behavior: "wait" });
}

for (const width of [1366, 390]) {
  test(`receiving stock at ${width} px: the form is empty after success, and a double submit receives once`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await logIn(page, "manager@book-nook.test", "nearshop-demo");
    await page.goto(`${SHOP}/products`);
    await page.getByRole("link", { name: "The Very Hungry Caterpillar", exact: true }).click();
    await page.getByRole("link", { name: "Stock and history" }).first().click();
    const floor = page.getByRole("row", { name: /^Shop floor/ });
    const onHand = async () => Number(await floor.locator("td").nth(1).innerText());
    const before = await onHand();
    const ledger = page.locator("table.ledger tbody tr");
    const note = `Delivery ${unique()}`;

    await page.getByLabel("Change", { exact: true }).fill("10");
    await page.getByLabel("Reason").selectOption("Received");
    await page.getByLabel("Note", { exact: true }).fill(note);
    await page.getByRole("button", { name: "Record" }).click();
    await expect(page.getByText(`Received 10: ${before + 10} available.`)).toBeVisible();
    await expect.poll(onHand).toBe(before + 10);
    // Reset: a second click cannot receive them again.
    await expect(page.getByLabel("Change", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Note", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Reason")).toHaveValue("Received");
    await expect(ledger.filter({ hasText: note })).toHaveCount(1);

    // Two submits of one form: one movement, the stock changes once.
    const note2 = `Delivery ${unique()}`;
    await page.getByLabel("Change", { exact: true }).fill("3");
    await page.getByLabel("Reason").selectOption("Received");
    await page.getByLabel("Note", { exact: true }).fill(note2);
    await sendTwice(page, "Record");
    await expect(page.getByText(`Received 3: ${before + 13} available.`)).toBeVisible();
    await page.reload();
    await expect.poll(onHand).toBe(before + 13);
    await expect(ledger.filter({ hasText: note2 })).toHaveCount(1);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth)).toBeLessThanOrEqual(0);
  });
}

test("a staff invitation: the form is empty after sending, and a double submit sends one", async ({ page }) => {
  await logIn(page, "owner@book-nook.test", "nearshop-demo");
  await page.goto(`${SHOP}/staff`);
  const email = `helper-${unique()}@example.test`;
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("manager");
  await sendTwice(page, "Send invitation");
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("");
  await expect(page.getByLabel("Role", { exact: true })).toHaveValue("cashier");
  await page.reload();
  await expect(page.getByRole("listitem").filter({ hasText: email })).toHaveCount(1);
  // One email: wait for it, then give a second one time to show up if it were coming.
  await linkFromEmail(email, /invit/i);
  await page.waitForTimeout(2_000);
  expect(await emailsTo(email)).toBe(1);

  // A mistake keeps what was typed, and the corrected form goes through.
  await page.getByLabel("Email").fill("not an email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter a valid email address, like you@example.com")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("not an email");
  const second = `helper-${unique()}@example.test`;
  await page.getByLabel("Email").fill(second);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${second}.`)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("");
});
