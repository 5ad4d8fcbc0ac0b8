import { existsSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, productInput } from "../server/db/factories";
import { createProduct, getProduct } from "../server/services/catalog/products";
import { startTestServer } from "./support/http";
import { pngBase64 } from "./support/records";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let cookie: string;
let productId: string;

const file = (key: string, size: string) => path.resolve(process.env.UPLOADS_DIR as string, `${key}-${size}.webp`);

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop();
  cookie = await server.cookieFor(shop.ownerId);
  productId = (await createProduct(shop.id, productInput())).id;
});
afterAll(() => server.close());

describe("product images", () => {
  it("resizes an upload to a thumbnail and a large size, served with long-lived caching", async () => {
    const r = await server.call("catalog.addImage", { shopSlug: shop.slug, productId, fileName: "photo.png", data: await pngBase64(2400, 1600) }, { cookie });
    expect(r.status).toBe(200);
    const image = r.body.result?.data as { id: string; key: string };
    expect(image).toMatchObject({ width: 1200, height: 800 });
    expect(await sharp(file(image.key, "thumb")).metadata()).toMatchObject({ format: "webp", width: 200, height: 133 });

    const res = await fetch(`${server.base}/uploads/${image.key}-thumb.webp`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/webp");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await getProduct(shop.id, productId)).images.map((i) => i.id)).toEqual([image.id]);
  });

  it("refuses a file that is not an image, with a message that says what to upload", async () => {
    const data = Buffer.from("%PDF-1.7 this is not a picture").toString("base64");
    const r = await server.call("catalog.addImage", { shopSlug: shop.slug, productId, fileName: "invoice.pdf", data }, { cookie });
    expect(r.status).toBe(400);
    expect(r.body.error?.data.fieldErrors).toEqual({ image: "This file is not an image we can read: upload a JPEG, PNG, WebP, GIF or AVIF" });
    expect((await getProduct(shop.id, productId)).images).toHaveLength(1);
  });

  it("removes the files with the image", async () => {
    const [image] = (await getProduct(shop.id, productId)).images;
    const r = await server.call("catalog.removeImage", { shopSlug: shop.slug, productId, imageId: image?.id }, { cookie });
    expect(r.status).toBe(200);
    expect(existsSync(file(image?.key as string, "thumb"))).toBe(false);
    expect((await fetch(`${server.base}/uploads/${image?.key}-thumb.webp`)).status).toBe(404);
  });
});
