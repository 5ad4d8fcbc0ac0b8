import { expect, signIn, test } from "./fixtures";
import { expectEnglish } from "./i18n";
import { createUser } from "../server/db/factories";
import { db } from "../server/db/client.server";
import { unique } from "./support";

// The language a page is in: the browser's Accept-Language, the switcher (a
// cookie), and for a signed-in person their account's choice on every device.
test.describe("the page's language", () => {
  test("follows the browser, and the switcher changes it on the same page", async ({ browser }, info) => {
    for (const width of [1366, 390]) {
      const context = await browser.newContext({ locale: "fr-FR", viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto("/search?q=pain");
      await expect(page.locator("html")).toHaveAttribute("lang", "fr");
      // The header speaks French; on a phone its links are behind the menu button.
      if (width === 390) await page.getByRole("button", { name: "Menu" }).click();
      const nav = page.getByRole("navigation", { name: "Site" });
      await expect(nav.getByRole("link", { name: "Boutiques près de moi" })).toBeVisible();
      await expect(nav.getByRole("link", { name: "Se connecter" })).toBeVisible();
      await expect(page.getByRole("link", { name: /^Panier/ })).toBeVisible();
      await page.screenshot({ path: info.outputPath(`header-fr-${width}.png`) });

      await nav.getByRole("button", { name: "English" }).click();
      await expect(page).toHaveURL(/\/search\?q=pain$/);
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      if (width === 390) await page.getByRole("button", { name: "Menu" }).click();
      await expect(page.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Shops near me" })).toBeVisible();
      await expectEnglish(page);
      // The cookie outlives the page: the next visit stays English although the browser asks for French.
      await page.goto("/nearby");
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
      await context.close();
    }
  });

  test("a signed-in person's choice follows them to another device", async ({ browser }) => {
    const tag = unique();
    const user = await createUser({ email: `lang-${tag}@fixture.test`, name: "Léa Lang", password: "correct horse battery" });
    const laptop = await browser.newContext({ locale: "en-GB" });
    const page = await laptop.newPage();
    await signIn(page, user);
    await page.goto("/account");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("navigation", { name: "Site" }).getByRole("button", { name: "Français" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page).toHaveURL(/\/account$/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { locale: true } })).locale).toBe("fr");

    // A phone asking for English, no cookie: the account's French wins.
    const phone = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 844 } });
    const other = await phone.newPage();
    await signIn(other, user);
    await other.goto("/");
    await expect(other.locator("html")).toHaveAttribute("lang", "fr");
    await other.getByRole("button", { name: "Menu" }).click();
    await expect(other.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Vos commandes" })).toBeVisible();
    await laptop.close();
    await phone.close();
  });

  test("someone who never chose has their emails follow the language their pages are shown in", async ({ browser }) => {
    const user = await createUser({ email: `never-${unique()}@fixture.test`, name: "Noé Neverchose", password: "correct horse battery" });
    const lastLocale = async () => await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { locale: true, lastLocale: true } });
    const french = await browser.newContext({ locale: "fr-FR" });
    const page = await french.newPage();
    await signIn(page, user);
    await page.goto("/");
    await expect.poll(lastLocale).toEqual({ locale: null, lastLocale: "fr" });
    await french.close();
    const english = await browser.newContext({ locale: "en-GB" });
    const other = await english.newPage();
    await signIn(other, user);
    await other.goto("/");
    await expect.poll(lastLocale).toEqual({ locale: null, lastLocale: "en" });
    await english.close();
  });

  test("a hostile switch is refused with a message, and changes nothing", async ({ page, baseURL }) => {
    await page.goto("/nearby");
    const headers = { origin: baseURL! };
    const response = await page.request.post("/language", { form: { locale: "__proto__", redirectTo: "//evil.test/" }, headers, maxRedirects: 0 });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("Choose English or French");
    const offsite = await page.request.post("/language", { form: { locale: "fr", redirectTo: "//evil.test/x" }, headers, maxRedirects: 0 });
    expect(offsite.status()).toBe(302);
    expect(offsite.headers()["location"]).toBe("/");
  });
});
