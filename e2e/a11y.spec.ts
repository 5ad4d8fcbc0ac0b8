import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { logIn } from "./support";

// The main back-office pages, walked as the seeded owner at a desktop and a
// phone width: no serious or critical axe violation, no console error, no
// browser dialog and no sideways scroll, and each page shows its heading.
const SHOP = "/shop/corner-bakery";
const PASSWORD = "nearshop-demo";

type Stop = { name: string; heading: RegExp; path?: string; from?: { list: string; link?: RegExp | string } };
const STOPS: Stop[] = [
  { name: "home", path: SHOP, heading: /Corner Bakery|Overview|Today/ },
  { name: "products", path: `${SHOP}/products`, heading: /^Products$/ },
  { name: "product page", from: { list: `${SHOP}/products`, link: "Baguette tradition" }, heading: /^Baguette tradition$/ },
  { name: "orders", path: `${SHOP}/orders`, heading: /^Orders/ },
  { name: "order page", from: { list: `${SHOP}/orders`, link: /^#\d+$/ }, heading: /^Order #\d+/ },
  { name: "stock", path: `${SHOP}/stock`, heading: /^Stock at / },
  { name: "till", path: `${SHOP}/pos`, heading: /^Till$/ },
  { name: "settings", path: `${SHOP}/settings`, heading: /^Shop settings$/ },
  { name: "staff", path: `${SHOP}/staff`, heading: /^Staff$/ },
  { name: "payments", path: `${SHOP}/payments`, heading: /payments/i },
  { name: "reports", path: `${SHOP}/reports`, heading: /^Reports$/ },
  // Every other back-office page, reached as people reach them.
  { name: "new product", path: `${SHOP}/products/new`, heading: /^New product$/ },
  { name: "product import", path: `${SHOP}/products/import`, heading: /^Import products$/ },
  { name: "stock item", from: { list: `${SHOP}/stock` }, heading: /.+/ },
  { name: "sold without stock", path: `${SHOP}/stock/sold-without-stock`, heading: /^Sold without recorded stock$/ },
  { name: "customers", path: `${SHOP}/customers`, heading: /^Customers/ },
  { name: "customer page", from: { list: `${SHOP}/customers`, link: "Aline Dupont" }, heading: /^Aline Dupont$/ },
  { name: "receipt", path: `${SHOP}/receipts/1`, heading: /^Corner Bakery$/ },
  { name: "locations", path: `${SHOP}/locations`, heading: /^Locations$/ },
  { name: "location page", from: { list: `${SHOP}/locations`, link: /hours/i }, heading: /: hours and pickup$/ },
  { name: "registers", path: `${SHOP}/registers`, heading: /^Registers$/ },
  { name: "cash-up", path: `${SHOP}/cash-up`, heading: /^Cash-up$/ },
  { name: "notifications", path: `${SHOP}/notifications`, heading: /^Notifications$/ },
  { name: "audit log", path: `${SHOP}/audit`, heading: /^Audit log$/ },
  { name: "staff security", path: `${SHOP}/staff/security`, heading: /^Staff sign-in security$/ },
  { name: "account", path: "/account", heading: /^Your account$/ },
  { name: "account security", path: "/account/security", heading: /.+/ },
  { name: "delivery addresses", path: "/account/addresses", heading: /^Delivery addresses$/ },
];

const SIZES = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "tablet", width: 768, height: 1024 },
  { name: "phone", width: 390, height: 844 },
];

async function visit(page: Page, stop: Stop) {
  if (stop.path) {
    await page.goto(stop.path);
    return;
  }
  await page.goto(stop.from!.list);
  const link = stop.from!.link;
  // No link name: the first row's first link (a list whose rows are the demo data).
  await (link ? page.getByRole("main").getByRole("link", { name: link }) : page.getByRole("main").locator("tbody tr a")).first().click();
  await page.waitForURL((url) => url.pathname !== stop.from!.list);
}

for (const size of SIZES) {
  test.describe(`back office at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test(`every main page passes axe, logs no error and never scrolls sideways (${size.name})`, async ({ page }) => {
      test.setTimeout(400_000);
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
      page.on("dialog", (d) => {
        problems.push(`browser dialog on ${page.url()}: ${d.message()}`);
        void d.dismiss();
      });
      await logIn(page, "owner@corner-bakery.test", PASSWORD);
      // The demo shop starts with no customer records: add one, as the owner would, for the customer page.
      await page.goto(`${SHOP}/customers`);
      if ((await page.getByRole("link", { name: "Aline Dupont" }).count()) === 0) {
        await page.getByText("Add a customer").click();
        const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add customer" }) });
        await form.getByLabel("Name").fill("Aline Dupont");
        await form.getByRole("textbox", { name: "Email" }).fill("aline.dupont@example.test");
        await form.getByRole("button", { name: "Add customer" }).click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aline Dupont");
      }

      for (const stop of STOPS) {
        await test.step(stop.name, async () => {
          await visit(page, stop);
          await expect(page.getByRole("heading", { level: 1 })).toHaveText(stop.heading);
          await page.waitForLoadState("networkidle");

          const scroll = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
          expect.soft(scroll.page, `${stop.name} scrolls sideways at ${size.width} px`).toBeLessThanOrEqual(scroll.view);

          const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
          const bad = violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map(
              (v) =>
                `${v.id} (${v.impact}): ${v.help} at ${v.nodes
                  .slice(0, 3)
                  .map((n) => n.target.join(" "))
                  .join(", ")}`,
            );
          expect.soft(bad, `axe on ${stop.name} at ${size.width} px`).toEqual([]);
          await page.screenshot({ path: `test-results/a11y/${size.name}-${stop.name.replace(/ /g, "-")}.png`, fullPage: true });
        });
      }
      expect(problems).toEqual([]);
    });

    test(`the shop menu folds behind a button on a phone and is always there on a desktop (${size.name})`, async ({ page }) => {
      await logIn(page, "owner@corner-bakery.test", PASSWORD);
      await page.goto(`${SHOP}/products`);
      const shopNav = page.getByRole("navigation", { name: "Shop" });
      const toggle = page.getByRole("button", { name: "Shop menu" });
      if (size.width < 700) {
        await expect(shopNav).toBeHidden();
        await expect(toggle).toHaveAttribute("aria-expanded", "false");
        await toggle.click();
        await expect(toggle).toHaveAttribute("aria-expanded", "true");
        await shopNav.getByRole("link", { name: "Stock" }).click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Stock at /);
        await expect(shopNav).toBeHidden();
        // The heading is right under the bar, not below a stack of links.
        const top = await page.getByRole("heading", { level: 1 }).boundingBox();
        expect(top!.y).toBeLessThan(200);
      } else {
        await expect(toggle).toBeHidden();
        await expect(shopNav.getByRole("link", { name: "Stock" })).toBeVisible();
      }
    });
  });
}
