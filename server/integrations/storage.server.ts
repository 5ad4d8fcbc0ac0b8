import { env } from "../env.server";
import { DiskStorage } from "./storage/disk";
import { S3Storage, type S3Config } from "./storage/s3";
import type { ObjectStorage } from "./storage/types";

export { DiskStorage } from "./storage/disk";
export { S3Storage } from "./storage/s3";
export * from "./storage/types";

/** The bucket settings from S3_*, or null to keep files on disk. */
export function s3ConfigFromEnv(prefix: string): S3Config | null {
  if (!env.S3_BUCKET) return null;
  return {
    bucket: env.S3_BUCKET,
    prefix: env.S3_PREFIX + prefix,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
  };
}

function storageFor(dir: string, prefix: string): ObjectStorage {
  const s3 = s3ConfigFromEnv(prefix);
  return s3 ? new S3Storage(s3) : new DiskStorage(dir);
}

/** Product images: public, served at /uploads/<key> (server/http/uploads.ts). In a bucket, under `uploads/`. */
export const imageStorage = storageFor(env.UPLOADS_DIR, "uploads/");
/** CSV files for imports: private, never served. In a bucket, under `imports/`. */
export const importStorage = storageFor(env.IMPORTS_DIR, "imports/");
