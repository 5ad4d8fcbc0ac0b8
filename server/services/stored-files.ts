import { logger } from "../logger";
import { StorageUnavailableError, type ObjectStorage } from "../integrations/storage.server";
import { DomainError } from "./errors";

/** What a person reads when the file storage (disk or bucket) did not take an upload. */
export const storageDownMessage = (what: string) =>
  `The ${what} could not be saved: file storage is not answering right now. Nothing was saved; try again in a few minutes.`;

/** Stores one file, or refuses the upload (503) with a message a person can act on. */
export async function storeOrRefuse(storage: ObjectStorage, key: string, body: Buffer, contentType: string, what: string) {
  try {
    await storage.put(key, body, contentType);
  } catch (error) {
    logger.error("file storage refused an upload", { key, storage: storage.kind, error: String(error) });
    if (error instanceof StorageUnavailableError || storage.kind === "disk") throw new DomainError("unavailable", storageDownMessage(what), undefined, 30);
    throw error;
  }
}

/** Removes files after a failed upload; a storage that is down then only costs a log line (the keys are unreferenced). */
export async function removeQuietly(storage: ObjectStorage, keys: string[]) {
  await Promise.all(
    keys.map((key) => storage.remove(key).catch((error: unknown) => logger.warn("could not remove an unreferenced file", { key, error: String(error) }))),
  );
}
