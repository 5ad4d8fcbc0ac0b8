// Issue 17, broken today 5: the product export and the import error report
// wrote cells starting with =, +, -, @ (and tab or CR) raw, so opening them
// in a spreadsheet ran them as formulas.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { uploadImport, errorReport } from "../server/services/imports/imports";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";
import { csvBase64 } from "./support/records";

const FORMULAS = ['=HYPERLINK("http://evil.test","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let owner: string;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  shop = await createShop();
  owner = await server.cookieFor(shop.ownerId);
  for (const [i, title] of FORMULAS.entries()) {
    await createProduct(shop.id, productInput({ title, brand: i === 0 ? "=1+1" : undefined, description: "@me" }));
  }
});
afterAll(() => server.close());

const startsLikeFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

describe("product export", () => {
  it("writes no cell a spreadsheet would run, and keeps the text after the quote", async () => {
    const r = await page(server.base, `/shop/${shop.slug}/products/export.csv`, { cookie: owner });
    expect(r.status).toBe(200);
    const rows = parse(r.text, { bom: true, relax_column_count: true }) as string[][];
    const cells = rows.flat();
    expect(cells.filter(startsLikeFormula)).toEqual([]);
    for (const f of FORMULAS) expect(cells).toContain(`'${f}`);
  });

  it("an exported file imports back with the titles as they were", async () => {
    const csv = (await page(server.base, `/shop/${shop.slug}/products/export.csv`, { cookie: owner })).text;
    const preview = await uploadImport(shop.id, shop.ownerId, { fileName: "back.csv", data: csvBase64(csv) });
    const titleAt = preview.header.indexOf("title");
    const titles = preview.preview.map((row) => row.cells[titleAt]);
    for (const f of FORMULAS) expect(titles).toContain(f);
  });
});

describe("import error report", () => {
  it("quotes formula cells of the rows it gives back", async () => {
    const file = `sku,title,price\nF-1,"=HYPERLINK(""http://evil.test"")",not-a-price\nF-2,@SUM(A1),-5\n`;
    const up = await uploadImport(shop.id, shop.ownerId, { fileName: "bad.csv", data: csvBase64(file) });
    expect(up.errorCount).toBe(2);
    const report = await errorReport(shop.id, up.importId);
    const cells = (parse(report.csv) as string[][]).flat();
    expect(cells.filter(startsLikeFormula)).toEqual([]);
    expect(cells).toContain(`'=HYPERLINK("http://evil.test")`);
    expect(cells).toContain("'@SUM(A1)");
  });
});
