import { expect, test } from "@playwright/test";
import { linkFromEmail, logIn } from "./support";

test("a platform admin sees shops and the email jobs in Bull board", async ({ page }) => {
  // Queue an email job to look at.
  const started = Date.now();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill("owner@green-grocer.test");
  await page.getByRole("button", { name: "Send the link" }).click();
  await linkFromEmail("owner@green-grocer.test", /Reset your Nearshop password/, started);

  await logIn(page, "admin@nearshop.test", "nearshop-admin");
  await page.goto("/admin");
  await expect(page.getByRole("cell", { name: "Green Grocer" })).toBeVisible();

  await page.goto("/admin/jobs/queue/notifications?status=completed");
  await expect(page.getByText("notifications").first()).toBeVisible();
  await expect(page.getByText("account.password_reset").first()).toBeVisible();
});

test("everyone else gets 404 at /admin and /admin/jobs", async ({ page }) => {
  expect((await page.goto("/admin/jobs"))?.status()).toBe(404);
  await logIn(page, "owner@corner-bakery.test", "nearshop-demo");
  expect((await page.goto("/admin"))?.status()).toBe(404);
  expect((await page.goto("/admin/jobs"))?.status()).toBe(404);
  expect((await page.goto("/admin/jobs/queue/notifications"))?.status()).toBe(404);
});
