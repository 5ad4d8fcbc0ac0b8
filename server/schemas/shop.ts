import { z } from "zod";
import { currencySchema, emailSchema, numberFromForm, optionalText, timeZoneSchema } from "./common";

const RESERVED_SLUGS = new Set(["admin", "api", "login", "logout", "signup", "shop", "shops", "account", "invite", "healthz", "metrics", "assets", "build"]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(50, "Use 50 characters at most")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, e.g. corner-bakery")
  .refine((s) => !RESERVED_SLUGS.has(s), "This address is reserved; choose another");

/** The languages search understands: a shop's product words are stemmed in its own. */
export const SHOP_LANGUAGES = ["fr", "en"] as const;
export type ShopLanguage = (typeof SHOP_LANGUAGES)[number];
export const shopLanguageSchema = z.enum(SHOP_LANGUAGES, { message: "Choose French or English" });

/** Where French is the main language of shops; elsewhere English until the owner says otherwise. */
const FRENCH_COUNTRIES = new Set(["FR", "BE", "LU", "MC"]);
export const defaultLanguage = (country: string): ShopLanguage => (FRENCH_COUNTRIES.has(country.trim().toUpperCase()) ? "fr" : "en");

/** Everything a shop owner edits about the shop; sign-up and settings share it. */
export const shopDetailsSchema = z.object({
  name: z.string().trim().min(1, "Enter the shop's name").max(100, "Use 100 characters at most"),
  slug: slugSchema,
  currency: currencySchema,
  timezone: timeZoneSchema,
  addressLine1: z.string().trim().min(1, "Enter the street address").max(200, "Use 200 characters at most"),
  addressLine2: optionalText(200, "Address line 2"),
  city: z.string().trim().min(1, "Enter the city").max(100, "Use 100 characters at most"),
  postalCode: z.string().trim().min(1, "Enter the postal code").max(20, "Use 20 characters at most"),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Use the two-letter country code, e.g. FR or US"),
  latitude: numberFromForm(z.number({ message: "Enter the latitude" }).min(-90, "Latitude is between -90 and 90").max(90, "Latitude is between -90 and 90")),
  longitude: numberFromForm(
    z.number({ message: "Enter the longitude" }).min(-180, "Longitude is between -180 and 180").max(180, "Longitude is between -180 and 180"),
  ),
  /** The storefront's words about the shop; "" clears it, left out keeps it. */
  description: z.string().trim().max(2000, "Description: 2,000 characters at most").optional(),
  /** Left out (sign-up): from the country, see defaultLanguage. */
  language: z.preprocess((v) => (v === "" ? undefined : v), shopLanguageSchema.optional()),
  email: z.preprocess((v) => (v === "" ? undefined : v), emailSchema.optional()),
  phone: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, "Use digits, spaces and an optional leading +, e.g. +33 1 23 45 67 89")
      .optional(),
  ),
});
export type ShopDetails = z.infer<typeof shopDetailsSchema>;

/** A registration number as printed: letters, digits, spaces, dots, hyphens and slashes. */
const registrationNumber = (label: string, example: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .toUpperCase()
      .max(max, `${label}: ${max} characters at most`)
      .regex(/^[A-Z0-9][A-Z0-9 ./-]{1,}$/, `${label}: use letters and digits as on your registration, e.g. ${example}`)
      .optional(),
  );

/** What receipts print about the shop beside its name and address (settings, "Receipts"). */
export const receiptDetailsSchema = z.object({
  vatNumber: registrationNumber("VAT number", "FR40123456789", 20),
  companyNumber: registrationNumber("Company number", "123 456 789 00012", 30),
  receiptFooter: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n").trim() || undefined : v),
    z
      .string()
      .max(300, "Receipt footer: 300 characters at most")
      .refine((s) => s.split("\n").length <= 4, "Receipt footer: 4 lines at most")
      // Newlines are kept; other control characters (NUL, escapes) never print.
      .refine((s) => ![...s].some((c) => c !== "\n" && (c < " " || c === "\u007f")), "Receipt footer: remove the invisible control characters")
      .optional(),
  ),
});
export type ReceiptDetails = z.infer<typeof receiptDetailsSchema>;
