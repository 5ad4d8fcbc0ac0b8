import { stringify } from "csv-stringify/sync";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { importStorage } from "../../integrations/storage.server";
import { MAX_CSV_BYTES, tooLargeMessage } from "../../schemas/uploads";
import { badRequest, fieldError, notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import { removeQuietly, storeOrRefuse } from "../stored-files";
import { listCategories } from "../catalog/categories";
import { ImportFileError, parseCatalogCsv, readCsv, type RowError } from "./parse";
import { columnIn } from "./format";

const PREVIEW_ROWS = 20;

/** What the parser needs to know about the shop. */
export async function importContext(shopId: string) {
  const [{ currency, locations }, categories] = await Promise.all([
    inShop(shopId, async (tx) => ({
      currency: (await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } })).currency,
      locations: await tx.location.findMany({ select: { id: true, name: true } }),
    })),
    listCategories(),
  ]);
  return { currency, locations, categories: new Set(categories.map((c) => c.id)) };
}

export async function readImportFile(shopId: string, fileKey: string) {
  return parseCatalogCsv(await importStorage.get(fileKey), await importContext(shopId));
}

/**
 * Step one: the file is checked in full and kept; the answer previews its
 * first rows with their problems. Nothing in the catalog changes yet.
 */
export async function uploadImport(shopId: string, userId: string, input: { fileName: string; data: string }) {
  const bytes = Buffer.from(input.data, "base64");
  if (bytes.length > MAX_CSV_BYTES) throw fieldError("file", tooLargeMessage("CSV file", bytes.length, MAX_CSV_BYTES));
  let parsed;
  try {
    parsed = parseCatalogCsv(bytes, await importContext(shopId));
  } catch (error) {
    if (error instanceof ImportFileError) throw fieldError("file", error.message);
    throw error;
  }
  if (parsed.totalRows === 0) throw fieldError("file", "The file has a header line but no rows to import");
  // The file first: a job row never points at a file that is not there.
  const importId = uuidv7();
  const fileKey = `shops/${shopId}/${importId}.csv`;
  await storeOrRefuse(importStorage, fileKey, bytes, "text/csv; charset=utf-8", "CSV file");
  try {
    await inShop(shopId, (tx) =>
      tx.importJob.create({
        data: { shopId, id: importId, userId, fileName: input.fileName, fileKey, totalRows: parsed.totalRows, errors: parsed.errors },
        select: { id: true },
      }),
    );
  } catch (error) {
    await removeQuietly(importStorage, [fileKey]);
    throw error;
  }
  const errorsByLine = new Map(parsed.errors.map((e) => [e.line, e.message]));
  return {
    importId,
    header: parsed.header,
    stockColumns: parsed.stockColumns.map((s) => s.column),
    ignoredColumns: parsed.ignoredColumns,
    totalRows: parsed.totalRows,
    validRows: parsed.rows.length,
    errorCount: parsed.errors.length,
    preview: [...parsed.raw.entries()].slice(0, PREVIEW_ROWS).map(([line, cells]) => ({ line, cells, error: errorsByLine.get(line) ?? null })),
  };
}

/** Step two: the import runs in the worker (jobs/imports.ts). */
export function startImport(shopId: string, importId: string) {
  return inShop(shopId, async (tx) => {
    const job = await tx.importJob.findFirst({ where: { id: importId }, select: { status: true } });
    if (!job) throw notFound("Import");
    if (job.status !== "pending") throw badRequest("This import has already been started");
    await tx.importJob.update({ where: { shopId_id: { shopId, id: importId } }, data: { status: "queued" }, select: { id: true } });
    await recordEvent(tx, { type: "import.started", payload: { importId }, shopId });
    return { importId };
  });
}

const summary = {
  id: true,
  fileName: true,
  status: true,
  totalRows: true,
  processedRows: true,
  appliedRows: true,
  unchangedRows: true,
  failure: true,
  createdAt: true,
  finishedAt: true,
} as const;

export function getImport(shopId: string, importId: string) {
  return inShop(shopId, async (tx) => {
    const job = await tx.importJob.findFirst({ where: { id: importId }, select: { ...summary, errors: true } });
    if (!job) throw notFound("Import");
    const errors = job.errors as RowError[];
    return { ...job, errors: errors.slice(0, 50), errorCount: errors.length };
  });
}

export function listImports(shopId: string) {
  return inShop(shopId, (tx) => tx.importJob.findMany({ orderBy: { createdAt: "desc" }, take: 20, select: summary }));
}

/** The skipped rows as CSV: line, error, then the row as it was, ready to fix and re-import; the header in the person's language (the messages stay English). */
export async function errorReport(shopId: string, importId: string, locale: "en" | "fr" = "en") {
  const job = await inShop(shopId, (tx) => tx.importJob.findFirst({ where: { id: importId }, select: { errors: true, fileKey: true, fileName: true } }));
  if (!job) throw notFound("Import");
  const errors = job.errors as RowError[];
  let header: string[] = [];
  let body: string[][] = [];
  try {
    ({ header, body } = readCsv(await importStorage.get(job.fileKey)));
  } catch {
    // The file is gone: still give the errors, without the original cells.
  }
  const csv = stringify(
    [
      [...(locale === "fr" ? ["ligne", "erreur"] : ["line", "error"]), ...header.map((h) => columnIn(locale, h))],
      ...errors.map((e) => [String(e.line), e.message, ...(body[e.line - 2] ?? []) /* line 1 is the header */]),
    ],
    { escape_formulas: true },
  );
  return { fileName: job.fileName.replace(/\.csv$/i, "") + "-errors.csv", csv };
}
