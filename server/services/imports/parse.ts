import { parse } from "csv-parse/sync";
import { z } from "zod";
import { PRODUCT_STATUSES, TAX_CLASSES, barcodeSchema, skuSchema } from "../../schemas/catalog";
import { toMinor } from "../../schemas/money";
import { handleFrom } from "../catalog/matrix";
import { KNOWN_COLUMNS, REQUIRED_COLUMNS, STOCK_PREFIX, canonicalColumn, parseAttributes, splitTags } from "./format";

export type ImportRow = {
  line: number;
  handle: string;
  title: string;
  description: string;
  brand: string | null;
  categoryId: string | null;
  status: (typeof PRODUCT_STATUSES)[number];
  tags: string[];
  attributes: Record<string, string>;
  optionNames: string[];
  optionValues: string[];
  sku: string;
  barcode: string | null;
  price: number;
  compareAtPrice: number | null;
  cost: number | null;
  taxClass: (typeof TAX_CLASSES)[number];
  /** On hand to set, by location id. */
  stock: Map<string, number>;
};

export type RowError = { line: number; sku: string; message: string };

export type ParsedFile = {
  header: string[];
  /** Stock columns matched to locations. */
  stockColumns: { column: string; locationId: string }[];
  ignoredColumns: string[];
  rows: ImportRow[];
  errors: RowError[];
  totalRows: number;
  /** The raw cells by line number, for the error report. */
  raw: Map<number, string[]>;
};

export class ImportFileError extends Error {}

/** Text from bytes: UTF-8 only (with or without BOM), with a clear refusal otherwise. */
export function decodeCsv(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError('This file is UTF-16. Save it as "CSV UTF-8" and upload it again.');
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError(
      'This file is not UTF-8 (it looks like Windows-1252 or Latin-1, as older Excel versions save). Save it as "CSV UTF-8" and upload it again.',
    );
  }
}

const quantity = z.coerce.number().int().min(0).max(1_000_000);

function money(cell: string, label: string, currency: string, required: boolean): number | null {
  if (cell.trim() === "") {
    if (required) throw new Error(`${label} is missing`);
    return null;
  }
  const minor = toMinor(cell, currency);
  if (minor === null) throw new Error(`${label} "${cell}" is not an amount like 12.50`);
  return minor;
}

function rowOf(
  cells: Record<string, string>,
  line: number,
  ctx: { currency: string; categories: Set<string>; stockColumns: ParsedFile["stockColumns"] },
): ImportRow {
  const get = (c: string) => (cells[c] ?? "").trim();
  const sku = skuSchema.safeParse(get("sku"));
  if (!sku.success) throw new Error(sku.error.issues[0]?.message ?? "SKU is not valid");
  const title = get("title");
  if (!title) throw new Error("Title is missing");
  if (title.length > 200) throw new Error("Title: 200 characters at most");
  const barcode = barcodeSchema.safeParse(get("barcode"));
  if (!barcode.success) throw new Error(barcode.error.issues[0]?.message ?? "Barcode is not valid");
  const status = get("status") || "active";
  if (!PRODUCT_STATUSES.includes(status as never)) throw new Error(`Status "${status}" should be draft, active or archived`);
  const taxClass = get("tax_class") || "standard";
  if (!TAX_CLASSES.includes(taxClass as never)) throw new Error(`Tax class "${taxClass}" should be one of ${TAX_CLASSES.join(", ")}`);
  const categoryId = get("category") || null;
  if (categoryId && !ctx.categories.has(categoryId)) throw new Error(`Category "${categoryId}" is not in the category list (use its id, e.g. cheese)`);
  const attributes = parseAttributes(get("attributes"));
  if (typeof attributes === "string") throw new Error(attributes);
  const optionNames: string[] = [];
  const optionValues: string[] = [];
  for (const i of [1, 2, 3]) {
    const name = get(`option${i}_name`);
    const value = get(`option${i}_value`);
    if (!name && !value) continue;
    if (!name || !value) throw new Error(`Option ${i} needs both a name and a value`);
    optionNames.push(name.slice(0, 30));
    optionValues.push(value.slice(0, 50));
  }
  const stock = new Map<string, number>();
  for (const { column, locationId } of ctx.stockColumns) {
    const cell = get(column);
    if (cell === "") continue;
    const q = quantity.safeParse(cell);
    if (!q.success) throw new Error(`${column} "${cell}" should be a whole number from 0`);
    stock.set(locationId, q.data);
  }
  const handle = get("handle") || handleFrom(title);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(handle) || handle.length > 120) {
    throw new Error(`Handle "${handle}" should be lowercase letters, digits and hyphens`);
  }
  return {
    line,
    handle,
    title,
    description: get("description").slice(0, 10_000),
    brand: get("brand").slice(0, 100) || null,
    categoryId,
    status: status as ImportRow["status"],
    tags: splitTags(get("tags")).slice(0, 30),
    attributes,
    optionNames,
    optionValues,
    sku: sku.data,
    barcode: barcode.data ?? null,
    price: money(get("price"), "Price", ctx.currency, true) as number,
    compareAtPrice: money(get("compare_at_price"), "Compare-at price", ctx.currency, false),
    cost: money(get("cost"), "Cost", ctx.currency, false),
    taxClass: taxClass as ImportRow["taxClass"],
    stock,
  };
}

/** The cells of a UTF-8 CSV file, header apart (trimmed, lower case, French column names as the English ones); no checks beyond that. */
export function readCsv(bytes: Uint8Array): { header: string[]; body: string[][] } {
  const text = decodeCsv(bytes);
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, cast: unescapeFormula });
  } catch (error) {
    throw new ImportFileError(`The file is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError("The file is empty: the first line should name the columns (sku, title, price, ...)");
  return { header: header.map((h) => canonicalColumn(h.trim().toLowerCase())), body };
}

/**
 * The export (csv-stringify's escape_formulas) writes `'=x` for a cell
 * `=x` so a spreadsheet does not run it; the import reads it back as `=x`.
 */
export const unescapeFormula = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

/**
 * Reads and checks a whole file. File-level problems (encoding, missing
 * columns, unknown locations) throw ImportFileError; row problems are
 * collected, so good rows can still be imported.
 */
export function parseCatalogCsv(bytes: Uint8Array, ctx: { currency: string; categories: Set<string>; locations: { id: string; name: string }[] }): ParsedFile {
  const { header, body } = readCsv(bytes);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new ImportFileError(`Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. The first line must name the columns.`);
  }
  const byName = new Map(ctx.locations.map((l) => [l.name.toLowerCase(), l.id]));
  const stockColumns: ParsedFile["stockColumns"] = [];
  const ignoredColumns: string[] = [];
  for (const column of header) {
    if (column.startsWith(STOCK_PREFIX)) {
      const locationId = byName.get(column.slice(STOCK_PREFIX.length).trim());
      if (!locationId) {
        throw new ImportFileError(
          `Column "${column}": no location is called "${column.slice(STOCK_PREFIX.length).trim()}". Locations: ${ctx.locations.map((l) => l.name).join(", ")}.`,
        );
      }
      stockColumns.push({ column, locationId });
    } else if (!KNOWN_COLUMNS.includes(column as never)) {
      ignoredColumns.push(column);
    }
  }
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const raw = new Map<number, string[]>();
  const seenSku = new Map<string, number>();
  body.forEach((cellsRow, i) => {
    const line = i + 2;
    raw.set(line, cellsRow);
    const cells = Object.fromEntries(header.map((h, j) => [h, cellsRow[j] ?? ""]));
    try {
      const row = rowOf(cells, line, { ...ctx, stockColumns });
      const first = seenSku.get(row.sku.toLowerCase());
      if (first) throw new Error(`SKU ${row.sku} already appears on line ${first}`);
      seenSku.set(row.sku.toLowerCase(), line);
      rows.push(row);
    } catch (error) {
      errors.push({ line, sku: (cells.sku ?? "").trim(), message: (error as Error).message });
    }
  });
  return { header, stockColumns, ignoredColumns, rows, errors, totalRows: body.length, raw };
}
