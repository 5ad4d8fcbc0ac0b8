import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop } from "../server/db/factories";
import { createLocation } from "../server/services/inventory/locations";
import { errorReport, getImport, startImport, uploadImport } from "../server/services/imports/imports";
import { exportPage } from "../server/services/catalog/export";
import { handleImport } from "../jobs/imports";
import { csvBase64 } from "./support/records";

let shop: Awaited<ReturnType<typeof createShop>>;
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

const FILE = [
  "handle,title,brand,category,tags,attributes,option1_name,option1_value,option2_name,option2_value,sku,barcode,price,compare_at_price,tax_class,stock:Shop floor,stock:Warehouse,colour_notes",
  'linen-shirt,Linen shirt,Maison,shirts,"summer, linen",material: linen,Size,S,Colour,White,SHIRT-S-W,4006381333931,49.00,59.00,standard,5,10,ignored',
  "linen-shirt,Linen shirt,Maison,shirts,,,Size,M,Colour,White,SHIRT-M-W,,49.00,,standard,2,0,",
  "linen-shirt,Linen shirt,Maison,shirts,,,Size,M,Colour,Blue,SHIRT-M-B,,52.5,,standard,0,1,",
  ",Sourdough loaf,,bread,,,,,,,BREAD-1,,4.20,,reduced,12,,",
  ",Bad price,,,,,,,,,BAD-1,,twelve,,,1,,",
  ",Bad barcode,,,,,,,,,BAD-2,1234567890123,1.00,,,1,,",
  ",Bad category,,nowhere,,,,,,,BAD-3,,1.00,,,1,,",
  ",Dup sku,,,,,,,,,BREAD-1,,1.00,,,1,,",
].join("\n");

async function counts() {
  const q = async (sql: string) => Number((await owner.query(sql, [shop.id])).rows[0].count);
  return {
    products: await q("SELECT count(*) FROM products WHERE shop_id = $1"),
    variants: await q("SELECT count(*) FROM variants WHERE shop_id = $1"),
    movements: await q("SELECT count(*) FROM stock_movements WHERE shop_id = $1"),
    events: await q("SELECT count(*) FROM outbox WHERE shop_id = $1"),
  };
}

async function runImport(text: string, fileName = "catalog.csv") {
  const preview = await uploadImport(shop.id, shop.ownerId, { fileName, data: csvBase64(text) });
  await startImport(shop.id, preview.importId);
  const { rows } = await owner.query("SELECT id FROM outbox WHERE type = 'import.started' AND payload->>'importId' = $1", [preview.importId]);
  const data = { eventId: rows[0].id, shopId: shop.id, payload: { importId: preview.importId } };
  await handleImport(data, { final: true });
  return { preview, result: await getImport(shop.id, preview.importId) };
}

beforeAll(async () => {
  await owner.connect();
  shop = await createShop();
  await createLocation(shop.id, {
    name: "Warehouse",
    addressLine1: "2 Quai",
    city: "Paris",
    postalCode: "75001",
    country: "FR",
    latitude: 48.86,
    longitude: 2.34,
  });
});
afterAll(() => owner.end());

describe("CSV import", () => {
  it("previews the detected columns and each row's problem before changing anything", async () => {
    const before = await counts();
    const preview = await uploadImport(shop.id, shop.ownerId, { fileName: "catalog.csv", data: csvBase64(FILE) });
    expect(preview.stockColumns).toEqual(["stock:shop floor", "stock:warehouse"]);
    expect(preview.ignoredColumns).toEqual(["colour_notes"]);
    expect(preview).toMatchObject({ totalRows: 8, validRows: 4, errorCount: 4 });
    expect(preview.preview.map((p) => p.error)).toEqual([
      null,
      null,
      null,
      null,
      'Price "twelve" is not an amount like 12.50',
      "Barcode: not a valid EAN-13 or UPC-A (check the digits and the check digit)",
      'Category "nowhere" is not in the category list (use its id, e.g. cheese)',
      "SKU BREAD-1 already appears on line 5",
    ]);
    expect(await counts()).toEqual(before);
  });

  it("applies good rows, skips bad ones into a downloadable report, and a re-run changes nothing", async () => {
    const { result } = await runImport(FILE);
    expect(result).toMatchObject({ status: "done", totalRows: 8, processedRows: 8, appliedRows: 4, unchangedRows: 0, errorCount: 4 });
    const { rows: variants } = await owner.query(
      `SELECT v.sku, v.price, v.compare_at_price, v.option_values, p.title, p.handle, p.options, p.attributes, p.tags,
              (SELECT json_object_agg(l.name, s.on_hand) FROM stock_levels s JOIN locations l ON l.id = s.location_id WHERE s.variant_id = v.id) AS stock
       FROM variants v JOIN products p ON p.id = v.product_id WHERE v.shop_id = $1 ORDER BY v.sku`,
      [shop.id],
    );
    expect(variants.map((v) => [v.sku, v.price, v.handle, v.stock])).toEqual([
      ["BREAD-1", 420, "sourdough-loaf", { "Shop floor": 12 }],
      ["SHIRT-M-B", 5250, "linen-shirt", { "Shop floor": 0, Warehouse: 1 }],
      ["SHIRT-M-W", 4900, "linen-shirt", { "Shop floor": 2, Warehouse: 0 }],
      ["SHIRT-S-W", 4900, "linen-shirt", { "Shop floor": 5, Warehouse: 10 }],
    ]);
    const shirt = variants.find((v) => v.sku === "SHIRT-S-W");
    expect(shirt.options).toEqual([
      { name: "Size", values: ["S", "M"] },
      { name: "Colour", values: ["White", "Blue"] },
    ]);
    expect(shirt.attributes).toEqual({ material: "linen" });
    expect(shirt.tags).toEqual(["summer", "linen"]);
    const { rows: totals } = await owner.query("SELECT handle, available FROM products WHERE shop_id = $1 ORDER BY handle", [shop.id]);
    expect(totals).toEqual([
      { handle: "linen-shirt", available: 18 },
      { handle: "sourdough-loaf", available: 12 },
    ]);

    const report = await errorReport(shop.id, result.id);
    expect(report.fileName).toBe("catalog-errors.csv");
    const lines = report.csv.trim().split("\n");
    expect(lines[0]).toMatch(/^line,error,handle,title/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["6", "7", "8", "9"]);
    expect(lines[1]).toContain("Bad price");

    const before = await counts();
    const again = await runImport(FILE);
    expect(again.result).toMatchObject({ status: "done", appliedRows: 0, unchangedRows: 4, errorCount: 4 });
    const after = await counts();
    // The only new event is the second import's own job.
    expect(after).toEqual({ ...before, events: before.events + 1 });
  });

  it("changes only what differs, through the ledger", async () => {
    const edited = FILE.replace("SHIRT-M-W,,49.00,,standard,2,0", "SHIRT-M-W,,45.00,,standard,7,0");
    const before = await counts();
    const { result } = await runImport(edited);
    expect(result).toMatchObject({ appliedRows: 1, unchangedRows: 3 });
    const { rows } = await owner.query("SELECT kind, on_hand_delta, reason, reference FROM stock_movements WHERE shop_id = $1 ORDER BY id DESC LIMIT 1", [
      shop.id,
    ]);
    expect(rows[0]).toMatchObject({ kind: "adjusted", on_hand_delta: 5, reason: "CSV import: catalog.csv", reference: `import:${result.id}` });
    expect((await counts()).movements).toBe(before.movements + 1);
  });

  it("exports what it imports, in the same columns", async () => {
    const page = await exportPage(shop.id);
    expect(page.header).toContain("stock:Warehouse");
    const sku = page.header.indexOf("sku");
    const price = page.header.indexOf("price");
    expect(page.rows.map((r) => [r[sku], r[price]])).toEqual([
      ["BREAD-1", "4.20"],
      ["SHIRT-M-B", "52.50"],
      ["SHIRT-M-W", "45.00"],
      ["SHIRT-S-W", "49.00"],
    ]);
  });

  it("refuses a file in the wrong encoding, saying how to fix it", async () => {
    const latin1 = Buffer.from("sku,title,price\nCAFE-1,Caf\xe9 cr\xe8me,2.00\n", "latin1").toString("base64");
    await expect(uploadImport(shop.id, shop.ownerId, { fileName: "excel.csv", data: latin1 })).rejects.toThrow(
      'This file is not UTF-8 (it looks like Windows-1252 or Latin-1, as older Excel versions save). Save it as "CSV UTF-8" and upload it again.',
    );
  });

  it("refuses a 50 MB file with a clear message, keeping nothing", async () => {
    const before = await counts();
    const big = Buffer.alloc(50 * 1024 * 1024, "a").toString("base64");
    await expect(uploadImport(shop.id, shop.ownerId, { fileName: "huge.csv", data: big })).rejects.toThrow(
      "The CSV file is 50.0 MB; the limit is 20 MB. Split it or make it smaller and try again.",
    );
    expect(await counts()).toEqual(before);
  });

  it("refuses a file without the required columns", async () => {
    await expect(uploadImport(shop.id, shop.ownerId, { fileName: "x.csv", data: csvBase64("name,cost\nA,1\n") })).rejects.toThrow(
      "Missing columns: sku, title, price. The first line must name the columns.",
    );
  });
});

describe("the import page's upload limit", () => {
  it("answers a 50 MB upload with 413 and a message that says the limit, before reading it", async () => {
    const { startTestServer } = await import("./support/http");
    const server = await startTestServer();
    try {
      // Signed in: a stranger gets only the 1 MB of any request (tests/trust-body-limits).
      const cookie = (await server.cookieFor(shop.ownerId)).split(";")[0]!;
      const res = await fetch(`${server.base}/shop/${shop.slug}/products/import`, {
        method: "POST",
        headers: { Origin: server.base, Cookie: cookie, "Content-Type": "multipart/form-data; boundary=x" },
        body: Buffer.alloc(50 * 1024 * 1024, "a"),
      });
      expect(res.status).toBe(413);
      expect(await res.text()).toBe("A CSV import can be 20 MB at most; this one is 50.0 MB. Make it smaller and try again.");
    } finally {
      await server.close();
    }
  });
});
