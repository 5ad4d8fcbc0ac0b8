import sharp from "sharp";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { imageStorage } from "../../integrations/storage.server";
import { MAX_IMAGE_BYTES, tooLargeMessage } from "../../schemas/uploads";
import { fieldError, isDomainError } from "../errors";
import { removeQuietly, storeOrRefuse } from "../stored-files";
import { decodeImage, MAX_PIXELS } from "../catalog/images";
import { recordEvent } from "../outbox/record";

/**
 * A shop's logo and cover photo (issue 26, item 1). Each is kept in one
 * size, cropped to its frame around the picture's most interesting part
 * (sharp's "attention" strategy): the logo a 320 px square, the cover
 * 1600 × 500. A new one replaces the old, whose file goes once the new one
 * is recorded.
 */
export const PROFILE_IMAGES = {
  logo: { width: 320, height: 320 },
  cover: { width: 1600, height: 500 },
} as const;
export type ProfileImageKind = keyof typeof PROFILE_IMAGES;

export const profileImageUrl = (key: string, kind: ProfileImageKind) => `/uploads/${key}-${kind}.webp`;

const column = { logo: "logoKey", cover: "coverKey" } as const;

export async function setProfileImage(shopId: string, kind: ProfileImageKind, input: { data: string }) {
  const bytes = Buffer.from(input.data, "base64");
  if (bytes.length > MAX_IMAGE_BYTES) throw fieldError(kind, tooLargeMessage("image", bytes.length, MAX_IMAGE_BYTES));
  try {
    await decodeImage(bytes);
  } catch (error) {
    // The same words, under this form's own field.
    if (isDomainError(error)) throw fieldError(kind, error.message);
    throw error;
  }
  const key = `shops/${shopId}/profile/${uuidv7()}`;
  const file = `${key}-${kind}.webp`;
  try {
    const { width, height } = PROFILE_IMAGES[kind];
    const data = await sharp(bytes, { limitInputPixels: MAX_PIXELS })
      .rotate()
      .resize(width, height, { fit: "cover", position: sharp.strategy.attention })
      .webp({ quality: 82 })
      .toBuffer();
    await storeOrRefuse(imageStorage, file, data, "image/webp", kind);
  } catch (error) {
    await removeQuietly(imageStorage, [file]);
    if (isDomainError(error)) throw error;
    if (error instanceof Error && /Input|unsupported|corrupt|pixel/i.test(error.message)) {
      throw fieldError(kind, "This image could not be processed; it may be damaged or too large in pixels");
    }
    throw error;
  }
  let previous: string | null;
  try {
    previous = await inShop(shopId, async (tx) => {
      const before = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { logoKey: true, coverKey: true } });
      await tx.shop.update({ where: { id: shopId }, data: { [column[kind]]: key }, select: { id: true } });
      await recordEvent(tx, { type: "shop.updated", payload: { shopId }, shopId });
      return before[column[kind]];
    });
  } catch (error) {
    await removeQuietly(imageStorage, [file]);
    throw error;
  }
  if (previous) await removeQuietly(imageStorage, [`${previous}-${kind}.webp`]);
  return { key, url: profileImageUrl(key, kind) };
}

export async function removeProfileImage(shopId: string, kind: ProfileImageKind) {
  const previous = await inShop(shopId, async (tx) => {
    const before = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { logoKey: true, coverKey: true } });
    await tx.shop.update({ where: { id: shopId }, data: { [column[kind]]: null }, select: { id: true } });
    await recordEvent(tx, { type: "shop.updated", payload: { shopId }, shopId });
    return before[column[kind]];
  });
  if (previous) await removeQuietly(imageStorage, [`${previous}-${kind}.webp`]);
  return { removed: previous !== null };
}
