import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Storage } from "../server/integrations/storage.server";
import { copyFolderToStorage } from "../server/integrations/storage/copy";
import { closedPort, S3RVER_CREDENTIALS, startS3Server } from "./support/s3-server";

const run = promisify(execFile);
let s3: Awaited<ReturnType<typeof startS3Server>>;
let tmp: string;
const uploads = () => path.join(tmp, "uploads");
const imports = () => path.join(tmp, "imports");
const storage = (prefix: string) =>
  new S3Storage({ bucket: s3.bucket, prefix, endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3RVER_CREDENTIALS });

async function file(root: string, key: string, body: string | Buffer) {
  await mkdir(path.dirname(path.join(root, key)), { recursive: true });
  await writeFile(path.join(root, key), body);
}

beforeAll(async () => {
  s3 = await startS3Server("nearshop-copy");
  tmp = await mkdtemp(path.join(tmpdir(), "nearshop-copy-"));
  await file(uploads(), "shops/s1/products/p1/i1-thumb.webp", "thumb bytes");
  await file(uploads(), "shops/s1/products/p1/i1-large.webp", Buffer.alloc(9 * 1024 * 1024, 3)); // multipart
  await file(uploads(), "shops/s1/products/p1/i1-large.webp.1234.tmp", "half a file");
  await file(uploads(), "shops/s1/notes about it.txt", "a name our code never makes");
  await file(imports(), "shops/s1/0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee.csv", "handle,sku\n");
});
afterAll(async () => {
  await s3?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("copying local files into the bucket", () => {
  it("copies each file under its key, then copies nothing on a second run, and only a changed file on a third", async () => {
    const to = storage("direct/");
    const seen: string[] = [];
    const first = await copyFolderToStorage(uploads(), to, (done, total, key, outcome) => seen.push(`${done}/${total} ${key} ${outcome}`));
    expect(first).toEqual({ total: 3, copied: 2, skipped: 0, invalid: ["shops/s1/notes about it.txt"], failed: [] });
    expect(seen).toEqual([
      "1/3 shops/s1/notes about it.txt not a key",
      "2/3 shops/s1/products/p1/i1-large.webp copied",
      "3/3 shops/s1/products/p1/i1-thumb.webp copied",
    ]);
    expect((await to.get("shops/s1/products/p1/i1-thumb.webp")).toString()).toBe("thumb bytes");
    expect((await to.get("shops/s1/products/p1/i1-large.webp")).equals(Buffer.alloc(9 * 1024 * 1024, 3))).toBe(true);
    expect(await to.head("shops/s1/products/p1/i1-large.webp.1234.tmp")).toBeNull();

    expect(await copyFolderToStorage(uploads(), to)).toMatchObject({ copied: 0, skipped: 2 });

    await file(uploads(), "shops/s1/products/p1/i1-thumb.webp", "thumb bytez"); // same size, other bytes
    expect(await copyFolderToStorage(uploads(), to)).toMatchObject({ copied: 1, skipped: 1 });
    expect((await to.get("shops/s1/products/p1/i1-thumb.webp")).toString()).toBe("thumb bytez");
  });

  it("lists a file that could not be copied and goes on with the rest", async () => {
    const down = new S3Storage({ ...storage("x/").config, endpoint: `http://127.0.0.1:${await closedPort()}` });
    const report = await copyFolderToStorage(imports(), down);
    expect(report.copied).toBe(0);
    expect(report.failed.map((f) => f.key)).toEqual(["shops/s1/0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee.csv"]);
  });

  it("npm run storage:copy-to-s3 shows its progress and totals, and a second run copies nothing", async () => {
    const env = {
      ...process.env,
      UPLOADS_DIR: uploads(),
      IMPORTS_DIR: imports(),
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: "script/",
    };
    const script = ["--import", "tsx", "scripts/storage-copy-to-s3.ts"];
    const first = await run("node", script, { env });
    expect(first.stdout).toContain("images: 1/3 files\nimages: 2/3 files\nimages: 3/3 files\n");
    expect(first.stdout).toContain("images from " + uploads() + ": 2 copied, 0 already in the bucket, 1 not copied");
    expect(first.stdout).toContain("not copied (not a name Nearshop makes): shops/s1/notes about it.txt");
    expect(first.stdout).toContain("import files from " + imports() + ": 1 copied, 0 already in the bucket, 0 not copied");
    expect((await storage("script/imports/").get("shops/s1/0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee.csv")).toString()).toBe("handle,sku\n");
    const second = await run("node", script, { env });
    expect(second.stdout).toContain(": 0 copied, 2 already in the bucket");
    expect(second.stdout).toContain(": 0 copied, 1 already in the bucket");

    const refused = await run("node", script, { env: { ...process.env, S3_BUCKET: "" } }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain("S3_BUCKET is not set");
  }, 90_000);
});
