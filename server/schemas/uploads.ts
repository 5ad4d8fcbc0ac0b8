import { z } from "zod";
import { idSchema } from "./common";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"];

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A file carried in a procedure's input as base64 (forms decode it in the route). */
const base64File = (maxBytes: number, what: string) =>
  z
    .string({ message: `Choose a ${what} to upload` })
    .min(1, `Choose a ${what} to upload`)
    .max(Math.ceil((maxBytes * 4) / 3) + 4, `The ${what} is too large: ${mb(maxBytes)} at most`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, `The ${what} did not arrive intact; try again`);

/** An upload field: a file that is not empty. */
export const fileField = (message: string) => z.instanceof(File, { message }).refine((f) => f.size > 0, message);

export const fileNameSchema = z.string().trim().min(1, "The file needs a name").max(200, "File name: 200 characters at most");

export const imageUploadSchema = z.object({
  productId: idSchema,
  fileName: fileNameSchema,
  data: base64File(MAX_IMAGE_BYTES, "image"),
  alt: z.string().trim().max(200, "Alt text: 200 characters at most").default(""),
});

/** A shop's logo or cover photo (issue 26). */
export const profileImageSchema = z.object({
  kind: z.enum(["logo", "cover"], { message: "Choose the logo or the cover photo" }),
  data: base64File(MAX_IMAGE_BYTES, "image"),
});
export const profileImageKindSchema = z.object({ kind: z.enum(["logo", "cover"], { message: "Choose the logo or the cover photo" }) });

export const csvUploadSchema = z.object({
  fileName: fileNameSchema,
  data: base64File(MAX_CSV_BYTES, "CSV file"),
});

export const tooLargeMessage = (what: string, bytes: number, maxBytes: number) =>
  `The ${what} is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${mb(maxBytes)}. Split it or make it smaller and try again.`;
