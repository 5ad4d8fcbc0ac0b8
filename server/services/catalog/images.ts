import sharp, { type Metadata } from "sharp";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { imageStorage } from "../../integrations/storage.server";
import { MAX_IMAGE_BYTES, tooLargeMessage } from "../../schemas/uploads";
import { fieldError, isDomainError, notFound } from "../errors";
import { removeQuietly, storeOrRefuse } from "../stored-files";
import { productsChanged } from "./products";

const MAX_IMAGES = 20;
export const MAX_PIXELS = 40_000_000;
/** Sizes kept for each image; `large` doubles as the original for display. */
export const IMAGE_SIZES = { thumb: 200, large: 1200 } as const;
const FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif", "heif"]);

export const imageUrl = (key: string, size: keyof typeof IMAGE_SIZES) => `/uploads/${key}-${size}.webp`;

export async function decodeImage(bytes: Buffer) {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw fieldError("image", "This file is not an image we can read: upload a JPEG, PNG, WebP, GIF or AVIF");
  }
  if (!meta.format || !FORMATS.has(meta.format)) {
    throw fieldError("image", `Images in ${meta.format ?? "this"} format are not accepted: upload a JPEG, PNG, WebP, GIF or AVIF`);
  }
  if (!meta.width || !meta.height) throw fieldError("image", "This image has no size; it may be damaged");
  return meta;
}

/** Validates, resizes to every size, stores, then records the image. */
export async function addImage(shopId: string, input: { productId: string; fileName: string; data: string; alt: string }) {
  const bytes = Buffer.from(input.data, "base64");
  if (bytes.length > MAX_IMAGE_BYTES) throw fieldError("image", tooLargeMessage("image", bytes.length, MAX_IMAGE_BYTES));
  const product = await inShop(shopId, (tx) =>
    tx.product.findFirst({ where: { id: input.productId }, select: { id: true, _count: { select: { images: true } } } }),
  );
  if (!product) throw notFound("Product");
  if (product._count.images >= MAX_IMAGES) throw fieldError("image", `A product has ${MAX_IMAGES} images at most; remove one first`);
  await decodeImage(bytes);
  const id = uuidv7();
  const key = `shops/${shopId}/products/${product.id}/${id}`;
  let size = { width: 0, height: 0 };
  try {
    for (const [name, px] of Object.entries(IMAGE_SIZES)) {
      // rotate() applies the EXIF orientation; metadata is stripped.
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .resize(px, px, { fit: "inside", withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      await storeOrRefuse(imageStorage, `${key}-${name}.webp`, data, "image/webp", "image");
      if (name === "large") size = { width: info.width, height: info.height };
    }
  } catch (error) {
    await removeFiles(key);
    if (isDomainError(error)) throw error;
    if (error instanceof Error && /Input|unsupported|corrupt|pixel/i.test(error.message)) {
      throw fieldError("image", "This image could not be processed; it may be damaged or too large in pixels");
    }
    throw error;
  }
  try {
    return await inShop(shopId, async (tx) => {
      const image = await tx.productImage.create({
        data: { shopId, id, productId: product.id, key, alt: input.alt, ...size, position: product._count.images },
        select: { id: true, key: true, width: true, height: true },
      });
      await productsChanged(tx, shopId, [product.id]);
      return image;
    });
  } catch (error) {
    await removeFiles(key);
    throw error;
  }
}

function removeFiles(key: string) {
  return removeQuietly(
    imageStorage,
    Object.keys(IMAGE_SIZES).map((name) => `${key}-${name}.webp`),
  );
}

export async function removeImage(shopId: string, productId: string, imageId: string) {
  const key = await inShop(shopId, async (tx) => {
    const image = await tx.productImage.findFirst({ where: { id: imageId, productId }, select: { key: true } });
    if (!image) throw notFound("Image");
    await tx.productImage.delete({ where: { shopId_id: { shopId, id: imageId } }, select: { id: true } });
    await productsChanged(tx, shopId, [productId]);
    return image.key;
  });
  await removeFiles(key);
  return { removed: true };
}
