import { existsSync } from "node:fs";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RVER_CREDENTIALS, startS3Server } from "./support/s3-server";

// The whole app with S3_* set, against a real S3-protocol server started
// here: the environment is read once when the app's modules load, so they
// are imported only after the server is up.
const s3 = await startS3Server("nearshop-flow");
Object.assign(process.env, {
  S3_BUCKET: s3.bucket,
  S3_ENDPOINT: s3.endpoint,
  S3_REGION: "us-east-1",
  S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  S3_FORCE_PATH_STYLE: "true",
  S3_PREFIX: "flow/",
});
const { createShop, productInput } = await import("../server/db/factories");
const { createProduct } = await import("../server/services/catalog/products");
const { errorReport, uploadImport } = await import("../server/services/imports/imports");
const { startTestServer } = await import("./support/http");
const { pngBase64, csvBase64 } = await import("./support/records");

const bucket = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
const inBucket = (key: string) =>
  bucket.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })).then(
    (h) => h,
    () => null,
  );
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let cookie: string;
let productId: string;

beforeAll(async () => {
  await owner.connect();
  server = await startTestServer({ pages: true });
  shop = await createShop();
  cookie = await server.cookieFor(shop.ownerId);
  productId = (await createProduct(shop.id, productInput())).id;
});
afterAll(async () => {
  await server?.close();
  await owner.end();
  bucket.destroy();
  await s3.close();
});

/** The product page's image form, posted as the browser posts it. */
async function postImage(png: string) {
  const form = new FormData();
  form.set("image", new Blob([Buffer.from(png, "base64")], { type: "image/png" }), "photo.png");
  form.set("alt", "A photo");
  return fetch(`${server.base}/shop/${shop.slug}/products/${productId}`, {
    method: "POST",
    headers: { Origin: server.base, Cookie: cookie.split(";")[0]! },
    body: form,
    redirect: "manual",
  });
}

const imageRows = async () => (await owner.query("SELECT key FROM product_images WHERE shop_id = $1 ORDER BY position", [shop.id])).rows as { key: string }[];

describe("with S3 configured", () => {
  it("stores an image uploaded on the product page in the bucket, not on disk, and serves it and its thumbnail", async () => {
    const res = await postImage(await pngBase64(1600, 1000));
    expect(res.status).toBe(200); // the upload answers its fetcher with data and a toast (no redirect)
    const [row] = await imageRows();
    expect(row?.key).toMatch(new RegExp(`^shops/${shop.id}/products/${productId}/[0-9a-f-]{36}$`));
    const key = row!.key;
    for (const size of ["thumb", "large"]) {
      expect(await inBucket(`flow/uploads/${key}-${size}.webp`), size).toMatchObject({ ContentType: "image/webp" });
      expect(existsSync(path.resolve(process.env.UPLOADS_DIR as string, `${key}-${size}.webp`))).toBe(false);
    }

    const pageHtml = await (await fetch(`${server.base}/shop/${shop.slug}/products/${productId}`, { headers: { Cookie: cookie.split(";")[0]! } })).text();
    expect(pageHtml).toContain(`/uploads/${key}-thumb.webp`);
    const thumb = await fetch(`${server.base}/uploads/${key}-thumb.webp`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 200, height: 125 });
    const large = await fetch(`${server.base}/uploads/${key}-large.webp`);
    expect(await sharp(Buffer.from(await large.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 1200, height: 750 });
    expect((await fetch(`${server.base}/uploads/${key}-huge.webp`)).status).toBe(404);
  });

  it("keeps a 20 MB import in the bucket and builds its error report from it", async () => {
    // Long descriptions: 20 MB in ten thousand rows, so the parser is not what the test waits for.
    const lines = ["handle,title,sku,price,description"];
    let size = lines[0]!.length + 1;
    for (let i = 0; size < 20_400_000; i++) {
      const description = `Item ${i}: ${"made by hand in small batches, ".repeat(64)}`;
      const line = `,${i === 3 ? "Bad price" : "Bulk item"} ${i},BIG-${i},${i === 3 ? "twelve" : "1.00"},${description}`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = lines.join("\n") + "\n";
    expect(Buffer.byteLength(text)).toBeGreaterThan(20_000_000);
    const preview = await uploadImport(shop.id, shop.ownerId, { fileName: "big.csv", data: csvBase64(text) });
    expect(preview.errorCount).toBe(1);
    const stored = await inBucket(`flow/imports/shops/${shop.id}/${preview.importId}.csv`);
    expect(stored?.ContentLength).toBe(Buffer.byteLength(text));
    const report = await errorReport(shop.id, preview.importId);
    expect(report.csv).toContain("5,");
    expect(report.csv).toContain("Bad price 3");
    const body = await bucket.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `flow/imports/shops/${shop.id}/${preview.importId}.csv` }));
    expect((await body.Body!.transformToString()).length).toBe(text.length);

    // Another shop's manager cannot reach the file: not by its import id, not by its key under /uploads.
    const other = await createShop();
    const r = await server.call(
      "imports.errorReport",
      { shopSlug: other.slug, importId: preview.importId },
      { cookie: await server.cookieFor(other.ownerId), type: "query" },
    );
    expect(r.status).toBe(404);
    expect((await fetch(`${server.base}/uploads/shops/${shop.id}/${preview.importId}.csv`)).status).toBe(404);
    expect((await fetch(`${server.base}/uploads/..%2Fimports%2Fshops%2F${shop.id}%2F${preview.importId}.csv`)).status).toBe(404);
  }, 120_000);

  it("refuses an upload while the bucket is unreachable, with a message, and leaves no row pointing at a missing file", async () => {
    await s3.stop();
    try {
      const before = (await imageRows()).length;
      const res = await postImage(await pngBase64(400, 300));
      expect(res.status).toBe(503);
      expect(await res.text()).toContain(
        "The image could not be saved: file storage is not answering right now. Nothing was saved; try again in a few minutes.",
      );
      expect(await imageRows()).toHaveLength(before);

      const imports = async () => Number((await owner.query("SELECT count(*) FROM import_jobs WHERE shop_id = $1", [shop.id])).rows[0].count);
      const importsBefore = await imports();
      const r = await server.call(
        "imports.upload",
        { shopSlug: shop.slug, fileName: "c.csv", data: csvBase64("handle,title,sku,price\n,Tea,TEA-1,3.00\n") },
        { cookie },
      );
      expect(r.status).toBe(503);
      expect(r.body.error?.message).toBe(
        "The CSV file could not be saved: file storage is not answering right now. Nothing was saved; try again in a few minutes.",
      );
      expect(await imports()).toBe(importsBefore);

      // Images already stored are not readable either: a 503, never a 500.
      const [row] = await imageRows();
      expect((await fetch(`${server.base}/uploads/${row!.key}-thumb.webp`)).status).toBe(503);
    } finally {
      await s3.restart();
    }
    const [row] = await imageRows();
    expect((await fetch(`${server.base}/uploads/${row!.key}-thumb.webp`)).status).toBe(200);
  }, 60_000);
});
