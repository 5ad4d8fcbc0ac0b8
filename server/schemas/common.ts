import { z } from "zod";

const currencies = new Set(Intl.supportedValuesOf("currency"));
const timeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export const idSchema = z.uuid({ message: "Not a valid id" });

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long (254 characters at most)")
  .pipe(z.email({ message: "Enter a valid email address, like you@example.com" }));

export const passwordSchema = z.string().min(10, "Use at least 10 characters").max(200, "Use 200 characters at most");

export const personNameSchema = z.string().trim().min(1, "Enter a name").max(100, "Use 100 characters at most");

export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This link is not valid");

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => currencies.has(c), "Choose a currency code such as EUR, USD or GBP");

export const timeZoneSchema = z
  .string()
  .trim()
  .refine((t) => timeZones.has(t), "Choose a time zone such as Europe/Paris");

/** Form posts send numbers as text; empty means missing, not zero. */
export const numberFromForm = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v), schema);

export const optionalText = (max: number, label: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max, `${label}: ${max} characters at most`).optional());

/**
 * Only the fields a schema declares, as a fresh object: a procedure's input
 * also carries its routing fields (shopSlug, ids), which must never reach a
 * write as columns (that turned every shop settings save into a 500).
 */
export function onlyFields<S extends z.ZodObject, T extends z.infer<S>>(schema: S, input: T): z.infer<S> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) if (Object.hasOwn(input, key)) out[key] = (input as Record<string, unknown>)[key];
  return out as z.infer<S>;
}
