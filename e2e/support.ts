import fs from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

const OUTBOX = process.env.E2E_OUTBOX ?? "var/e2e-outbox";

/** How many emails the worker has written to `to` so far. */
export async function emailsTo(to: string): Promise<number> {
  const files = await fs.readdir(OUTBOX).catch(() => [] as string[]);
  const mails = await Promise.all(files.filter((f) => f.endsWith(".json")).map(async (f) => JSON.parse(await fs.readFile(path.join(OUTBOX, f), "utf8")) as Mail));
  return mails.filter((m) => m.to === to).length;
}

export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Mail = { to: string; subject: string; text: string; at: string };

/** Waits for the worker to write an email to `to` and returns its link. */
export async function linkFromEmail(to: string, subject: RegExp, after = 0): Promise<string> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const files = await fs.readdir(OUTBOX).catch(() => [] as string[]);
        const mails = await Promise.all(
          files.filter((f) => f.endsWith(".json")).map(async (f) => JSON.parse(await fs.readFile(path.join(OUTBOX, f), "utf8")) as Mail),
        );
        found = mails
          .filter((m) => m.to === to && subject.test(m.subject) && Date.parse(m.at) >= after)
          .sort((a, b) => a.at.localeCompare(b.at))
          .at(-1);
        return !!found;
      },
      { timeout: 20_000, message: `an email to ${to} matching ${subject}` },
    )
    .toBe(true);
  const url = found!.text.match(/https?:\/\/\S+\/(verify-email|reset-password|invite)\/[A-Za-z0-9_-]+/)?.[0];
  expect(url, "a link in the email").toBeTruthy();
  return new URL(url!).pathname;
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Answers the page's confirmation dialog (ConfirmButton): checks it asks
 * `question`, then presses `button`. The browser's own confirm() is never used.
 */
export async function confirmDialog(page: Page, question: string | RegExp, button: string) {
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading")).toHaveText(question);
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await expect(dialog).toBeHidden();
}
