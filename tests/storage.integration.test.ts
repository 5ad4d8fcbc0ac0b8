import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DiskStorage,
  InvalidKeyError,
  MissingObjectError,
  S3Storage,
  StorageUnavailableError,
  type ObjectStorage,
} from "../server/integrations/storage.server";
import { serveObjects } from "../server/http/uploads";
import { closedPort, S3RVER_CREDENTIALS, startS3Server } from "./support/s3-server";

/**
 * One contract, two backends: local disk and a real S3-protocol server
 * (s3rver, started here on a free port with its own folder). Each backend
 * gets an image storage served over HTTP by the app's own handler, and an
 * import storage that is never served.
 */
type Backend = { images: ObjectStorage; imports: ObjectStorage; down: ObjectStorage; bringUp?: () => Promise<void> };

let s3: Awaited<ReturnType<typeof startS3Server>>;
let tmp: string;
let deadPort: number;
const backends: Record<"disk" | "s3", () => Backend> = {
  disk: () => ({
    images: new DiskStorage(path.join(tmp, "uploads")),
    imports: new DiskStorage(path.join(tmp, "imports")),
    // A root that is a file, not a folder: nothing can be written below it.
    down: new DiskStorage(path.join(tmp, "not-a-folder")),
  }),
  s3: () => {
    const config = { bucket: s3.bucket, endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3RVER_CREDENTIALS };
    return {
      images: new S3Storage({ ...config, prefix: "uploads/" }),
      imports: new S3Storage({ ...config, prefix: "imports/" }),
      // Nothing listens on this port once the server is stopped.
      down: new S3Storage({ ...config, endpoint: `http://127.0.0.1:${deadPort}`, prefix: "uploads/" }),
    };
  },
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "nearshop-storage-"));
  await writeFile(path.join(tmp, "not-a-folder"), "a file");
  s3 = await startS3Server();
  deadPort = await closedPort();
});
afterAll(async () => {
  await s3?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function serve(storage: ObjectStorage) {
  const app = express();
  app.use("/uploads", serveObjects(storage));
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/uploads`, close: () => new Promise((r) => server.close(r)) };
}

/** A CSV of `mb` megabytes with distinct rows, so a part out of order would show. */
function bigCsv(mb: number) {
  const lines = ["handle,sku,title,price"];
  let size = lines[0]!.length + 1;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const line = `product-${i},SKU-${String(i).padStart(8, "0")},Product number ${i},${(i % 9000) + 100}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join("\n") + "\n");
}

describe.each(["disk", "s3"] as const)("storage contract: %s", (kind) => {
  let b: Backend;
  let http: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    b = backends[kind]();
    http = await serve(b.images);
  });
  afterAll(() => http.close());

  it("puts, reads, heads and removes an object", async () => {
    const key = "shops/a1/products/p1/img-thumb.webp";
    await b.images.put(key, Buffer.from("RIFF....WEBPfake"), "image/webp");
    expect((await b.images.get(key)).toString()).toBe("RIFF....WEBPfake");
    expect(await b.images.head(key)).toMatchObject({ size: 16 });
    await b.images.put(key, Buffer.from("replaced"), "image/webp");
    expect((await b.images.get(key)).toString()).toBe("replaced");
    await b.images.remove(key);
    expect(await b.images.head(key)).toBeNull();
    await expect(b.images.get(key)).rejects.toBeInstanceOf(MissingObjectError);
    await b.images.remove(key); // removing what is not there is fine
  });

  it("serves an image through the app with its type, length, ETag and a year's immutable cache; 304 on a matching ETag", async () => {
    const key = "shops/a1/products/p1/served-large.webp";
    const bytes = Buffer.from("RIFF\u0000\u0000\u0000\u0000WEBPVP8 some image bytes");
    await b.images.put(key, bytes, "image/webp");
    const res = await fetch(`${http.base}/${key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f-]+"$/);
    expect(new Date(res.headers.get("last-modified") ?? "").getTime()).toBeGreaterThan(Date.now() - 60_000);
    const again = await fetch(`${http.base}/${key}`, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("answers 404, not 500, for a missing key and for keys our code never makes", async () => {
    for (const p of [
      "shops/a1/products/p1/nothing-thumb.webp",
      "..%2F..%2Fpackage.json",
      "%2e%2e/%2e%2e/package.json",
      "shops/%00/x.webp",
      "__proto__",
      "shops/a1/.hidden",
      "%E0%A4%A",
      "x".repeat(600),
    ]) {
      const res = await fetch(`${http.base}/${p}`);
      expect(res.status, p).toBe(404);
    }
  });

  it("refuses hostile keys before the backend sees them, and writes nothing", async () => {
    for (const key of ["../escape.txt", "a/../../escape.txt", "a\u0000b", "__proto__", "shops//x", "/abs", "a/./b", "x".repeat(513), "é/x", "a b"]) {
      await expect(b.images.put(key, "x", "text/plain"), JSON.stringify(key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(b.images.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    }
    expect(existsSync(path.join(tmp, "escape.txt"))).toBe(false);
    expect(existsSync(path.join(s3.directory, "escape.txt"))).toBe(false);
    // Odd but harmless names are just names.
    await b.images.put("constructor", "c", "text/plain");
    expect((await b.images.get("constructor")).toString()).toBe("c");
  });

  it("never serves an import file through the image URL, even with its exact key", async () => {
    const key = "shops/a1/0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee.csv";
    await b.imports.put(key, "handle,sku\nsecret,1\n", "text/csv; charset=utf-8");
    expect((await b.imports.get(key)).toString()).toContain("secret");
    expect((await fetch(`${http.base}/${key}`)).status).toBe(404);
    expect((await fetch(`${http.base}/..%2Fimports%2F${encodeURIComponent(key)}`)).status).toBe(404);
  });

  it("stores a 21 MB import whole (in parts on S3) and reads back the same bytes", async () => {
    const csv = bigCsv(21);
    expect(csv.length).toBeGreaterThan(21 * 1024 * 1024);
    const commands: string[] = [];
    if (b.imports instanceof S3Storage) {
      b.imports.client.middlewareStack.add(
        (next, context) => (args) => {
          commands.push(String(context.commandName));
          return next(args);
        },
        { step: "initialize", name: "countCommands" },
      );
    }
    try {
      await b.imports.put("shops/a1/big.csv", csv, "text/csv; charset=utf-8");
    } finally {
      if (b.imports instanceof S3Storage) b.imports.client.middlewareStack.remove("countCommands");
    }
    if (kind === "s3") {
      expect(commands.filter((c) => c === "UploadPartCommand")).toHaveLength(3);
      expect(commands).toContain("CompleteMultipartUploadCommand");
    }
    const back = await b.imports.get("shops/a1/big.csv");
    expect(back.length).toBe(csv.length);
    expect(createHash("sha256").update(back).digest("hex")).toBe(createHash("sha256").update(csv).digest("hex"));
    expect(await b.imports.head("shops/a1/big.csv")).toMatchObject({ size: csv.length });
  });

  it("refuses an upload when the storage is unreachable, and leaves nothing behind", async () => {
    const started = Date.now();
    await expect(b.down.put("shops/a1/down-thumb.webp", Buffer.from("x"), "image/webp")).rejects.toBeInstanceOf(
      kind === "s3" ? StorageUnavailableError : Error,
    );
    await expect(b.down.put("shops/a1/down.csv", bigCsv(11), "text/csv")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await b.images.head("shops/a1/down-thumb.webp")).toBeNull();
    expect(await b.images.head("shops/a1/down.csv")).toBeNull();
  });
});

describe("a bucket that goes away in the middle of a multipart upload", () => {
  it("refuses the upload, and the object never appears (no half file), even once the bucket is back", async () => {
    const own = await startS3Server("nearshop-midway");
    try {
      const storage = new S3Storage({
        bucket: own.bucket,
        prefix: "imports/",
        endpoint: own.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: S3RVER_CREDENTIALS,
      });
      const sent: number[] = [];
      storage.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "UploadPartCommand") {
            const part = Number((args.input as { PartNumber?: number }).PartNumber);
            sent.push(part);
            if (part === 2) await own.stop(); // the first part is in; the bucket dies before the second
          }
          return next(args);
        },
        { step: "initialize", name: "dieAfterFirstPart" },
      );
      await expect(storage.put("shops/a1/midway.csv", bigCsv(21), "text/csv")).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(sent).toContain(2);
      storage.client.middlewareStack.remove("dieAfterFirstPart");
      await own.restart();
      expect(await storage.head("shops/a1/midway.csv")).toBeNull();
      await expect(storage.get("shops/a1/midway.csv")).rejects.toBeInstanceOf(MissingObjectError);
    } finally {
      await own.close();
    }
  }, 60_000);
});
