import type { Readable } from "node:stream";

/** An object opened for reading: its bytes as a stream and what a response needs to say about it. */
export type OpenedObject = {
  body: Readable;
  size: number;
  contentType: string;
  etag: string;
  lastModified: Date;
};

/**
 * Where files live: local disk or an S3-compatible bucket, each behind the
 * same contract (tests/storage.integration.test.ts runs it against both).
 * Keys are made by our code (`shops/<id>/…`); `checkKey` refuses anything
 * else before a backend sees it.
 */
export interface ObjectStorage {
  readonly kind: "disk" | "s3";
  /** Whole or not at all: a reader never sees half an object. */
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  /** The bytes; `MissingObjectError` when there is no such object. */
  get(key: string): Promise<Buffer>;
  /** For serving: null when there is no such object. */
  open(key: string): Promise<OpenedObject | null>;
  head(key: string): Promise<{ size: number; etag: string } | null>;
  /** Removing an object that is not there is not an error. */
  remove(key: string): Promise<void>;
}

export class MissingObjectError extends Error {
  readonly code = "ENOENT";
  constructor(readonly key: string) {
    super(`No stored file at ${key}`);
    this.name = "MissingObjectError";
  }
}

export class InvalidKeyError extends Error {
  constructor(key: string) {
    super(`Not a storage key: ${JSON.stringify(key.slice(0, 80))}`);
    this.name = "InvalidKeyError";
  }
}

/** The storage did not answer or refused to store: the caller says so to the person and keeps nothing. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`File storage is not answering: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "StorageUnavailableError";
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const MAX_KEY_LENGTH = 512;

/**
 * Segments of letters, digits, `.`, `_` and `-`, each starting with a letter
 * or digit: no `..`, no empty or hidden segment, no NUL, no `__proto__`, no
 * percent-encoding games, the same on disk and in a bucket.
 */
export function isValidKey(key: unknown): key is string {
  return typeof key === "string" && key.length > 0 && key.length <= MAX_KEY_LENGTH && key.split("/").every((s) => SEGMENT.test(s));
}

export function checkKey(key: string): string {
  if (!isValidKey(key)) throw new InvalidKeyError(String(key));
  return key;
}

const TYPES: Record<string, string> = { webp: "image/webp", csv: "text/csv; charset=utf-8", json: "application/json", txt: "text/plain; charset=utf-8" };

/** Disk keeps no content type: it is read from the name, as a static file server would. */
export const contentTypeOf = (key: string) => TYPES[key.slice(key.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";
