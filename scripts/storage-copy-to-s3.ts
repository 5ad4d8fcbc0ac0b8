// Copies the files kept on local disk (UPLOADS_DIR, IMPORTS_DIR) into the
// S3 bucket set by S3_*: run it once before switching a deployment to the
// bucket, and again after (it copies only what is missing or different).
//   npm run storage:copy-to-s3
import { Presets, SingleBar } from "cli-progress";
import { env } from "../server/env.server";
import { copyFolderToStorage } from "../server/integrations/storage/copy";
import { imageStorage, importStorage } from "../server/integrations/storage.server";

if (imageStorage.kind !== "s3" || importStorage.kind !== "s3") {
  console.error("S3_BUCKET is not set: set the S3_* variables (see .env.example) to the bucket to copy into.");
  process.exit(1);
}

let failures = 0;
for (const [what, dir, to] of [
  ["images", env.UPLOADS_DIR, imageStorage],
  ["import files", env.IMPORTS_DIR, importStorage],
] as const) {
  // A bar in a terminal; in a log, a line at every tenth of the way.
  const bar = process.stdout.isTTY
    ? new SingleBar({ format: `${what.padEnd(12)} {bar} {value}/{total} files | {eta_formatted} left`, stream: process.stdout }, Presets.shades_classic)
    : null;
  bar?.start(0, 0);
  const report = await copyFolderToStorage(dir, to, (done, total) => {
    bar?.setTotal(total);
    bar?.update(done);
    if (!bar && (done === total || done % Math.max(1, Math.ceil(total / 10)) === 0)) console.log(`${what}: ${done}/${total} files`);
  });
  bar?.stop();
  console.log(
    `${what} from ${dir}: ${report.copied} copied, ${report.skipped} already in the bucket, ${report.invalid.length + report.failed.length} not copied`,
  );
  for (const key of report.invalid) console.log(`  not copied (not a name Nearshop makes): ${key}`);
  for (const f of report.failed) console.log(`  failed: ${f.key}: ${f.error}`);
  failures += report.failed.length;
}
process.exit(failures ? 1 : 0);
