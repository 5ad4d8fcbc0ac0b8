import { z } from "zod";
import { inShop } from "../server/db/client.server";
import { logger } from "../server/logger";
import { withAuditActor } from "../server/services/audit/actor";
import { applyBatch, batchesOf } from "../server/services/imports/apply";
import { readImportFile } from "../server/services/imports/imports";
import type { RowError } from "../server/services/imports/parse";

const jobSchema = z.object({
  eventId: z.uuid(),
  shopId: z.uuid(),
  payload: z.object({ importId: z.uuid() }),
});

/**
 * Runs a catalog import batch by batch, each batch its own transaction,
 * writing progress after each. If the worker dies half-way the job runs
 * again from the top: rows already applied now match and change nothing.
 */
export async function handleImport(data: unknown, attempt: { final: boolean }) {
  const { shopId, payload } = jobSchema.parse(data);
  const id = payload.importId;
  const where = { shopId_id: { shopId, id } };
  const job = await inShop(shopId, (tx) => tx.importJob.findFirst({ where: { id }, select: { status: true, fileKey: true, fileName: true, userId: true } }));
  if (!job) return "import not found";
  if (job.status === "done" || job.status === "failed") return `already ${job.status}`;
  const update = (data: object) => inShop(shopId, (tx) => tx.importJob.update({ where, data, select: { id: true } }));
  try {
    const parsed = await readImportFile(shopId, job.fileKey);
    const errors: RowError[] = [...parsed.errors];
    let processed = parsed.errors.length;
    let applied = 0;
    let unchanged = 0;
    await update({ status: "running", totalRows: parsed.totalRows, processedRows: processed, appliedRows: 0, unchangedRows: 0, errors, failure: null });
    for (const batch of batchesOf(parsed.rows)) {
      // The audit log records each product and variant the import creates or
      // changes, as the person who started it (source "import").
      const result = await withAuditActor({ userId: job.userId, ip: "", userAgent: `CSV import ${job.fileName}`, source: "import" }, () =>
        applyBatch(shopId, batch, { importId: id, userId: job.userId, fileName: job.fileName }),
      );
      processed += batch.length;
      applied += result.applied;
      unchanged += result.unchanged;
      errors.push(...result.errors);
      await update({ processedRows: processed, appliedRows: applied, unchangedRows: unchanged, ...(result.errors.length ? { errors } : {}) });
    }
    errors.sort((a, b) => a.line - b.line);
    await update({ status: "done", errors, finishedAt: new Date() });
    return `${applied} applied, ${unchanged} unchanged, ${errors.length} skipped`;
  } catch (error) {
    logger.warn("import failed", { shopId, importId: id, error: (error as Error).message, final: attempt.final });
    if (attempt.final) {
      await update({ status: "failed", failure: (error as Error).message.slice(0, 500), finishedAt: new Date() });
      return "failed";
    }
    throw error;
  }
}
