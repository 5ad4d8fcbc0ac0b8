import { z } from "zod";
import { idSchema, numberFromForm, optionalText } from "./common";
import { textOrEmpty, UNKNOWN_INTENT } from "./form-fields";
import { shopDetailsSchema } from "./shop";

const quantity = (label: string) =>
  numberFromForm(
    z
      .number({ message: `${label}: enter a whole number` })
      .int(`${label}: a whole number`)
      .min(1, `${label}: at least 1`)
      .max(1_000_000, `${label}: 1,000,000 at most`),
  );

const variantAt = { variantId: idSchema, locationId: idSchema };

export const adjustSchema = z.object({
  ...variantAt,
  delta: numberFromForm(
    z
      .number({ message: "Change: enter a whole number, e.g. -2 or 5" })
      .int("Change: a whole number")
      .min(-1_000_000)
      .max(1_000_000, "Change: 1,000,000 at most"),
  ),
  reason: z.string().trim().min(1, "Give a reason, e.g. stock count, damaged, theft").max(200, "Reason: 200 characters at most"),
});

export const receiveSchema = z.object({ ...variantAt, quantity: quantity("Quantity"), reason: optionalText(200, "Note") });

export const transferSchema = z.object({
  variantId: idSchema,
  fromLocationId: idSchema,
  toLocationId: idSchema,
  quantity: quantity("Quantity"),
  reason: optionalText(200, "Note"),
});

export const thresholdSchema = z.object({
  ...variantAt,
  threshold: z.preprocess(
    (v) => (v === "" || v === undefined ? null : typeof v === "string" ? Number(v) : v),
    z
      .number({ message: "Threshold: a whole number, or empty for no alert" })
      .int("Threshold: a whole number")
      .min(0, "Threshold: 0 or more")
      .max(1_000_000, "Threshold: 1,000,000 at most")
      .nullable(),
  ),
});

/** A location's address fields are the shop's own. */
export const locationInputSchema = shopDetailsSchema
  .pick({ addressLine1: true, city: true, postalCode: true, country: true, latitude: true, longitude: true })
  .extend({ name: z.string().trim().min(1, "Name the location, e.g. Warehouse").max(80, "Name: 80 characters at most") });
export type LocationInput = z.infer<typeof locationInputSchema>;

export const stockListSchema = z.object({
  locationId: idSchema,
  q: optionalText(100, "Search"),
  cursor: optionalText(200, "Cursor"),
});

export const movementListSchema = z.object({ variantId: idSchema, cursor: idSchema.optional() });

/** Till sales beyond the recorded stock, at one location or all. */
export const soldBeyondStockSchema = z.object({ locationId: idSchema.optional(), cursor: idSchema.optional() });

/**
 * The stock forms (stock page and variant page), told apart by intent. An
 * adjustment whose reason is "Received" is a goods-in; the note goes with
 * the reason.
 */
export const stockForms = z.discriminatedUnion(
  "intent",
  [
    adjustSchema.extend({ intent: z.literal("adjust"), note: textOrEmpty }),
    transferSchema.omit({ reason: true }).extend({ intent: z.literal("transfer"), note: optionalText(200, "Note") }),
    thresholdSchema.extend({ intent: z.literal("threshold") }),
  ],
  UNKNOWN_INTENT,
);

/** Reasons offered for an adjustment; "Received" is a goods-in, not an adjustment. */
export const ADJUST_REASONS = ["Received", "Stock count correction", "Damaged", "Lost or stolen", "Returned to supplier", "Other"];
