import { expect, test } from "@playwright/test";
import { logIn } from "./support";

const PASSWORD = "nearshop-demo";

test("a sale at the till shows on the dashboard within seconds, in the numbers and the chart, and exports to CSV", async ({ page }) => {
  await logIn(page, "owner@corner-bakery.test", PASSWORD);
  await page.goto("/shop/corner-bakery/reports?period=today");
  const ordersTile = page.getByRole("list", { name: "Totals" }).getByRole("listitem", { name: "Orders" });
  const ordersNow = async () => Number((await ordersTile.locator(".tile-value").textContent()) ?? "NaN");
  const before = await ordersNow();

  await page.goto("/shop/corner-bakery/pos");
  const search = page.getByPlaceholder("Scan a barcode, or type a SKU or name");
  await search.pressSequentially("CB-100");
  await search.press("Enter");
  await page.keyboard.press("F4");
  await page.keyboard.type("5");
  await page.keyboard.press("F8");
  await expect(page.getByRole("status").filter({ hasText: "Sale #" })).toBeVisible();

  // The outbox event, the reports queue and the rollup: within 5 seconds.
  await page.goto("/shop/corner-bakery/reports?period=today");
  await expect
    .poll(
      async () => {
        await page.reload();
        return ordersNow();
      },
      { timeout: 5_000, intervals: [250] },
    )
    .toBe(before + 1);
  await expect(page.getByRole("region", { name: "By channel" }).getByRole("cell", { name: "Till" })).toBeVisible();
  await expect(page.getByRole("region", { name: "By staff member" })).toContainText("Owner");
  await expect(page.getByRole("figure").filter({ hasText: "Sales by hour of day" }).locator("svg .recharts-bar-rectangle").first()).toBeVisible();

  // Export the daily table and read it back.
  const href = await page.getByRole("figure").filter({ hasText: "Sales by day" }).locator("..").getByRole("link", { name: "Export CSV" }).getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const [header, ...rows] = (await response.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\n");
  expect(header).toBe("day,orders,revenue (EUR)");
  expect(rows).toHaveLength(1);
  expect(Number(rows[0]!.split(",")[1])).toBe(before + 1);
  expect(rows[0]).toMatch(/^\d{4}-\d{2}-\d{2},\d+,\d+\.\d{2}$/);

  // A custom period that ends before it starts is refused beside the form.
  await page.goto("/shop/corner-bakery/reports?period=custom&from=2026-03-01&to=2026-02-01");
  await expect(page.getByRole("alert")).toContainText("the last day must not come before the first");
});
