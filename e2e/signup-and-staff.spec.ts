import { expect, test } from "@playwright/test";
import { linkFromEmail, unique } from "./support";

test("sign up, confirm, invite a cashier who accepts and cannot see settings", async ({ page, browser }) => {
  const id = unique();
  const ownerEmail = `owner-${id}@example.test`;
  const cashierEmail = `cashier-${id}@example.test`;
  const slug = `shop-${id}`;

  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Olive Owner");
  await page.getByLabel("Email", { exact: true }).fill(ownerEmail);
  await page.getByLabel("Password").fill("a long password 123");
  await page.getByLabel("Shop name").fill("Olive's Deli");
  await page.getByLabel("Shop address on Nearshop").fill(slug);
  await page.getByLabel("Street address").fill("3 Rue Cler");
  await page.getByLabel("City").fill("Paris");
  await page.getByLabel("Postal code").fill("75007");
  await page.getByLabel("Country code").fill("FR");
  await page.getByLabel("Latitude").fill("48.8566");
  await page.getByLabel("Longitude").fill("200");
  await page.getByRole("button", { name: "Create my shop" }).click();

  // A bad field is explained next to it, and what was typed is kept.
  await expect(
    page.getByRole("alert").filter({ hasText: "Nothing was saved" }).getByRole("link", { name: "Longitude: Longitude is between -180 and 180" }),
  ).toBeVisible();
  await expect(page.getByLabel("Longitude")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#f-shop-longitude-error")).toHaveText("Longitude is between -180 and 180");
  await expect(page.getByLabel("Shop name")).toHaveValue("Olive's Deli");
  await page.getByLabel("Longitude").fill("2.3522");
  await page.getByLabel("Password").fill("a long password 123");
  await page.getByRole("button", { name: "Create my shop" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  await page.goto(await linkFromEmail(ownerEmail, /Confirm your email/));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${slug}$`));
  await expect(page.getByRole("heading", { name: "Olive's Deli" })).toBeVisible();
  await expect(page.getByText("Your email is confirmed")).toBeVisible();

  await page.getByRole("link", { name: "Staff", exact: true }).click();
  await page.getByLabel("Email").fill(cashierEmail);
  await page.getByLabel("Role").selectOption("cashier");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${cashierEmail}`)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: cashierEmail })).toBeVisible();

  const inviteLink = await linkFromEmail(cashierEmail, /invited to Olive's Deli/);
  const cashierContext = await browser.newContext();
  const cashier = await cashierContext.newPage();
  await cashier.goto(inviteLink);
  await expect(cashier.getByRole("heading", { name: "Join Olive's Deli" })).toBeVisible();
  await cashier.getByLabel("Your name").fill("Cass Cashier");
  await cashier.getByLabel("Choose a password").fill("cashier password 1");
  await cashier.getByRole("button", { name: "Create my account and join" }).click();

  await expect(cashier).toHaveURL(new RegExp(`/shop/${slug}$`));
  await expect(cashier.getByRole("heading", { name: "Olive's Deli" })).toBeVisible();
  await expect(cashier.locator(".sidebar").getByText("cashier")).toBeVisible();
  await expect(cashier.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(cashier.getByRole("link", { name: "Staff", exact: true })).toHaveCount(0);

  const settings = await cashier.goto(`/shop/${slug}/settings`);
  expect(settings?.status()).toBe(403);
  await expect(cashier.getByRole("heading", { name: "Not allowed" })).toBeVisible();

  // The owner now sees the cashier as a member; the invitation is used up.
  await page.reload();
  await expect(page.getByRole("cell", { name: cashierEmail })).toBeVisible();
  await cashier.goto(inviteLink);
  await expect(cashier.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await cashierContext.close();
});
