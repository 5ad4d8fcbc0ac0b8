import { expect, test } from "@playwright/test";
import { linkFromEmail, logIn } from "./support";

test("reset a forgotten password through the emailed link, which works once", async ({ page }) => {
  const email = "manager@book-nook.test";
  const started = Date.now();

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The link navigates on the client: until the new page is there, "Email"
  // is still the login form's field, and what is typed there is lost.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  const link = await linkFromEmail(email, /Reset your Nearshop password/, started);
  await page.goto(link);
  await page.getByLabel("New password").fill("brand new password 42");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Your password has been changed.")).toBeVisible();
  await expect(page).toHaveURL(/\/shop\/book-nook$/);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await logIn(page, email, "brand new password 42");
  await expect(page).toHaveURL(/\/shop\/book-nook$/);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();

  // The old password no longer works, and says so without revealing more.
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("nearshop-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByText("Email or password is incorrect")).toBeVisible();
});
