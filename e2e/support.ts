import { Secret, TOTP } from "otpauth";
import { DEMO_ADMIN, DEMO_ADMIN_TOTP_SECRET } from "../prisma/demo-accounts";
import fs from "node:fs/promises";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";

const OUTBOX = process.env.E2E_OUTBOX ?? "var/e2e-outbox";

/** How many emails the worker has written to `to` so far. */
export async function emailsTo(to: string): Promise<number> {
  const files = await fs.readdir(OUTBOX).catch(() => [] as string[]);
  const mails = await Promise.all(
    files.filter((f) => f.endsWith(".json")).map(async (f) => JSON.parse(await fs.readFile(path.join(OUTBOX, f), "utf8")) as Mail),
  );
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

export async function logIn(page: Page, email: string, password: string, totpSecret?: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  const secret = totpSecret ?? (email === DEMO_ADMIN.email ? DEMO_ADMIN_TOTP_SECRET : undefined);
  if (secret) await enterTotp(page, secret);
  await expect(page).not.toHaveURL(/\/login/);
}

/** The code an authenticator app would show for `secret` now, or a step later. */
export function totpNow(secret: string, stepsAhead = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, "")), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: Date.now() + stepsAhead * 30_000,
  });
}

/**
 * The second sign-in step as a person with the app does it. A code is taken
 * once: when an earlier sign-in used this 30-second step's code, the next
 * step's (accepted as clock drift) is typed, and after that the test waits.
 */
export async function enterTotp(page: Page, secret: string) {
  await expect(page).toHaveURL(/\/login\/two-factor/);
  for (const ahead of [0, 1, 0, 1, 0, 1]) {
    await page.getByLabel(/^Code/).fill(totpNow(secret, ahead));
    await page.getByRole("button", { name: /Sign in|Turn on and sign in/ }).click();
    // A refused code leaves the page where it is (the last refusal's message
    // may still be showing while this one is checked): wait for the way in.
    const signedIn = await page
      .waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 8_000 })
      .then(
        () => true,
        () => false,
      );
    if (signedIn) return;
    await expect(page.getByText(/not right, or was already used/)).toBeVisible();
    if (ahead === 1) await page.waitForTimeout(31_000 - (Date.now() % 30_000));
  }
  throw new Error("no code was accepted in three 30-second steps");
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

/**
 * The shop's own Stripe account connected through the stand-in's onboarding
 * page, unless it already is (another spec may have done it): card payment
 * is offered only then. The owner signs in in a context of its own.
 */
export async function ensureStripeConnected(browser: Browser, shopSlug: string, ownerEmail: string, password = "nearshop-demo") {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, ownerEmail, password);
  await page.goto(`/shop/${shopSlug}/payments`);
  const connect = page.getByRole("button", { name: /(Connect|Continue) with Stripe/ });
  const connected = page.getByText("Your Stripe account is connected and taking card payments.");
  await expect(connect.or(connected)).toBeVisible();
  if (await connect.isVisible()) {
    await connect.click();
    await page.getByRole("button", { name: "Submit test details" }).click();
  }
  await expect(connected).toBeVisible();
  await context.close();
}
