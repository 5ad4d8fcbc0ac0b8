import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { contentTypeOf, isValidKey, type ObjectStorage } from "./types";

export type CopyOutcome = "copied" | "already there" | "not a key" | "failed";
export type CopyReport = { total: number; copied: number; skipped: number; invalid: string[]; failed: { key: string; error: string }[] };

/** A plain ETag is the object's MD5; a multipart one (`"…-3"`) is not, so only the size can be compared. */
function sameObject(head: { size: number; etag: string }, bytes: Buffer) {
  if (head.size !== bytes.length) return false;
  const etag = head.etag.replace(/"/g, "");
  return !/^[0-9a-f]{32}$/.test(etag) || etag === createHash("md5").update(bytes).digest("hex");
}

async function filesUnder(dir: string) {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.endsWith(".tmp"))
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Copies every file under `dir` to `to` under the same key. Safe to run again
 * (and to stop half-way): an object already there with the same bytes is
 * left alone, so a second run copies nothing. A file whose name is not a
 * key our code makes is listed, not copied; one that fails is listed and the
 * rest go on.
 */
export async function copyFolderToStorage(
  dir: string,
  to: ObjectStorage,
  onFile: (done: number, total: number, key: string, outcome: CopyOutcome) => void = () => {},
): Promise<CopyReport> {
  const keys = await filesUnder(dir);
  const report: CopyReport = { total: keys.length, copied: 0, skipped: 0, invalid: [], failed: [] };
  let done = 0;
  for (const key of keys) {
    let outcome: CopyOutcome;
    if (!isValidKey(key)) {
      report.invalid.push(key);
      outcome = "not a key";
    } else {
      try {
        const bytes = await readFile(path.join(dir, key));
        const head = await to.head(key);
        if (head && sameObject(head, bytes)) {
          report.skipped++;
          outcome = "already there";
        } else {
          await to.put(key, bytes, contentTypeOf(key));
          report.copied++;
          outcome = "copied";
        }
      } catch (error) {
        report.failed.push({ key, error: error instanceof Error ? error.message : String(error) });
        outcome = "failed";
      }
    }
    onFile(++done, keys.length, key, outcome);
  }
  return report;
}
