import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { checkKey, MissingObjectError, StorageUnavailableError, type ObjectStorage } from "./types";

export type S3Config = {
  bucket: string;
  /** Put before every key of this storage, e.g. "uploads/". */
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** Parts of 8 MB: a 20 MB import goes up in three, two at a time. */
const PART_SIZE = 8 * 1024 * 1024;

const notFound = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata.httpStatusCode === 404);

/** Clients are shared per endpoint and bucket: images and imports use one connection pool. */
const clients = new Map<string, S3Client>();
function clientFor(c: S3Config) {
  const id = JSON.stringify([c.endpoint, c.region, c.forcePathStyle, c.credentials?.accessKeyId]);
  let client = clients.get(id);
  if (!client) {
    client = new S3Client({
      endpoint: c.endpoint,
      region: c.region,
      forcePathStyle: c.forcePathStyle,
      credentials: c.credentials,
      maxAttempts: 3,
      // A bucket that does not answer fails the upload in seconds, not minutes.
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
    });
    clients.set(id, client);
  }
  return client;
}

/**
 * An S3-compatible bucket through the AWS SDK v3 (AWS S3, R2, MinIO…). Large
 * bodies go up as a multipart upload (lib-storage), which S3 makes visible
 * only once complete; a failed one is aborted, so no half object is left.
 */
export class S3Storage implements ObjectStorage {
  readonly kind = "s3";
  readonly client: S3Client;
  constructor(readonly config: S3Config) {
    this.client = clientFor(config);
  }

  private key(key: string) {
    return this.config.prefix + checkKey(key);
  }

  async put(key: string, body: Buffer | string, contentType: string) {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: this.key(key), Body: body, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      throw new StorageUnavailableError(error);
    }
  }

  async get(key: string) {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
      if (!res.Body) throw new MissingObjectError(key);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (error) {
      if (notFound(error)) throw new MissingObjectError(key);
      throw error;
    }
  }

  async head(key: string) {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
      return { size: res.ContentLength ?? 0, etag: res.ETag ?? "" };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async open(key: string) {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
      if (!(res.Body instanceof Readable)) throw new Error("The S3 client did not return a stream");
      return {
        body: res.Body,
        size: res.ContentLength ?? 0,
        contentType: res.ContentType ?? "application/octet-stream",
        etag: res.ETag ?? "",
        lastModified: res.LastModified ?? new Date(0),
      };
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async remove(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
  }
}
