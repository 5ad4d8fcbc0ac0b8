import { z } from "zod";
import { toMinor } from "./money";

/**
 * Pieces for the schemas that read an HTML form into a procedure's input.
 * A form sends text (or nothing, for an unchecked box): these turn it into
 * the input's types inside the schema, so an action holds a typed value or
 * answers 400 naming the field, and nothing is cast.
 */

/** An empty or blank field: not set. */
const blank = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() === "");

/** Text a field may leave empty: empty reads as not set. */
export const unsetIfBlank = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (blank(v) ? undefined : v), schema.optional());

/** A whole number typed in a field ("3", "-2"). */
export const wholeNumberField = (label: string, example: string, min: number, max: number) =>
  numberField(
    label,
    example,
    z.number().int(`${label}: a whole number`).min(min, `${label}: ${min} at least`).max(max, `${label}: ${max} at most`),
    "a whole number",
  );

/** A checkbox: on when sent with any value, off when absent. */
export const checkbox = z.preprocess((v) => v !== undefined && v !== "", z.boolean());

/** Text that may be left empty, as "" (a note, a reason). */
export const textOrEmpty = z.string({ message: "Enter text" }).default("");

/** An amount in the shop's currency ("12.50" or "12,50") as minor units. */
export const moneyField = (currency: string, label: string, example = "12.50") =>
  z
    .string({ message: `${label}: enter an amount like ${example}` })
    .trim()
    .min(1, `${label}: enter an amount like ${example}`)
    .transform((text, ctx) => {
      const minor = toMinor(text, currency);
      if (minor === null) {
        ctx.addIssue({ code: "custom", message: `${label}: "${text.slice(0, 40)}" is not an amount like ${example}` });
        return z.NEVER;
      }
      return minor;
    });

/** An amount that may be left empty (not set). */
export const optionalMoneyField = (currency: string, label: string, example?: string) => unsetIfBlank(moneyField(currency, label, example));

/** A number typed in a field ("5", "5.5", "5,5", "-10"), checked by `schema`. */
export const numberField = (label: string, example: string, schema: z.ZodNumber = z.number(), noun = "a number") =>
  z
    .string({ message: `${label}: enter ${noun} like ${example}` })
    .trim()
    .regex(/^-?\d{1,12}([.,]\d{1,6})?$/, `${label}: enter ${noun} like ${example}`)
    .transform((t) => Number(t.replace(",", ".")))
    .pipe(schema);

/** A percentage typed by a person ("20", "5.5") as basis points (2000, 550), the way rates are stored. */
export const percentAsBasisPoints = (label: string) => numberField(label, "20 or 5.5", z.number(), "a percentage").transform((n) => Math.round(n * 100));

/** Values sent under one name (checkboxes), or one text split on `separator`; blanks dropped. */
export const listField = (separator?: RegExp | string) =>
  z
    .union([z.string(), z.array(z.string())], { message: "Choose from the list" })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : separator ? v.split(separator) : [v]).map((s) => s.trim()).filter((s) => s !== ""));

/**
 * For a page whose forms are told apart by `intent` and whose oldest form
 * sends none: that form's intent, so one discriminated union reads them all.
 */
export const intentOr = (fallback: string) => (v: unknown) => (v && typeof v === "object" && !Object.hasOwn(v, "intent") ? { ...v, intent: fallback } : v);

/** The message when a form's intent is none the page knows. */
export const UNKNOWN_INTENT = { message: "Unknown action: reload the page and try again." };
