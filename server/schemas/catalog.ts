import { z } from "zod";
import { idSchema, numberFromForm, optionalText } from "./common";
import { listField, numberField, optionalMoneyField, unsetIfBlank } from "./form-fields";

export const PRODUCT_STATUSES = ["draft", "active", "archived"] as const;
export const TAX_CLASSES = ["standard", "reduced", "zero", "exempt"] as const;
export const MAX_OPTIONS = 3;
export const MAX_VARIANTS = 100;

/** GS1 check digit: EAN-13 (13 digits) and UPC-A (12 digits) share it. */
export function validGtin(code: string): boolean {
  if (!/^(\d{12}|\d{13})$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop() as number;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

export const skuSchema = z
  .string()
  .trim()
  .min(1, "Enter a SKU")
  .max(64, "SKU: 64 characters at most")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, "SKU: letters, digits and . _ - / only, starting with a letter or digit");

export const barcodeSchema = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
  z
    .string()
    .max(13, "Barcode: 12 digits (UPC-A) or 13 digits (EAN-13)")
    .refine(validGtin, "Barcode: not a valid EAN-13 or UPC-A (check the digits and the check digit)")
    .optional(),
);

/** The most a price can be, in minor units (10 million in major units). */
export const MAX_PRICE = 1_000_000_000;

/** Money in minor units (cents); at most 10 million in major units. */
export const minorUnits = (label: string) =>
  z
    .number({ message: `${label}: enter an amount` })
    .int(`${label}: a whole number of minor units (cents)`)
    .min(0, `${label}: cannot be negative`)
    .max(MAX_PRICE, `${label}: too large`);

export const variantInputSchema = z.object({
  optionValues: z.array(z.string().trim().min(1).max(50)).max(MAX_OPTIONS).default([]),
  sku: skuSchema,
  barcode: barcodeSchema,
  price: minorUnits("Price"),
  compareAtPrice: minorUnits("Compare-at price").nullish(),
  cost: minorUnits("Cost").nullish(),
  taxClass: z.enum(TAX_CLASSES, { message: "Choose a tax class" }).default("standard"),
});
export type VariantInput = z.infer<typeof variantInputSchema>;

const optionSchema = z.object({
  name: z.string().trim().min(1, "Name the option, e.g. Size").max(30, "Option name: 30 characters at most"),
  values: z
    .array(z.string().trim().min(1).max(50, "Option value: 50 characters at most"))
    .min(1, "Give the option at least one value")
    .max(30, "30 values per option at most")
    .refine((v) => new Set(v.map((x) => x.toLowerCase())).size === v.length, "Each value once"),
});
export type ProductOption = z.infer<typeof optionSchema>;

const attributeKey = z.string().trim().min(1).max(40, "Attribute name: 40 characters at most");
const attributeValue = z.string().trim().max(200, "Attribute value: 200 characters at most");

export const productInputSchema = z.object({
  title: z.string().trim().min(1, "Enter a title").max(200, "Title: 200 characters at most"),
  handle: optionalText(120, "Handle").pipe(
    z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Handle: lowercase letters, digits and hyphens")
      .optional(),
  ),
  description: z.string().trim().max(10_000, "Description: 10,000 characters at most").default(""),
  brand: optionalText(100, "Brand"),
  categoryId: optionalText(100, "Category"),
  status: z.enum(PRODUCT_STATUSES, { message: "Choose draft, active or archived" }).default("draft"),
  tags: z.array(z.string().trim().min(1).max(40, "Tag: 40 characters at most")).max(30, "30 tags at most").default([]),
  attributes: z.record(attributeKey, attributeValue).default({}),
  options: z.array(optionSchema).max(MAX_OPTIONS, `${MAX_OPTIONS} options at most`).default([]),
  variants: z.array(variantInputSchema).min(1, "Add at least one variant").max(MAX_VARIANTS, `${MAX_VARIANTS} variants at most`),
});
export type ProductInput = z.infer<typeof productInputSchema>;

export const productIdSchema = z.object({ productId: idSchema });
export const updateProductSchema = productInputSchema.extend({ productId: idSchema });

export const STOCK_STATES = ["in_stock", "low", "out"] as const;
export const PRODUCT_SORTS = ["title", "-title", "-updated", "updated", "-created", "stock", "-stock"] as const;

export const productListSchema = z.object({
  q: optionalText(100, "Search"),
  status: z.enum(PRODUCT_STATUSES, { message: `Status: choose one of ${PRODUCT_STATUSES.join(", ")}` }).optional(),
  categoryId: optionalText(100, "Category"),
  stock: z.enum(STOCK_STATES, { message: `Stock: choose one of ${STOCK_STATES.join(", ")}` }).optional(),
  sort: z.enum(PRODUCT_SORTS, { message: `Sort: choose one of ${PRODUCT_SORTS.join(", ")}` }).default("title"),
  cursor: idSchema.optional(),
  limit: numberFromForm(z.number().int().min(1).max(100)).default(50),
});
export type ProductListInput = z.infer<typeof productListSchema>;

export const bulkEditSchema = z
  .object({
    productIds: z.array(idSchema).min(1, "Select at least one product").max(500, "500 products at a time at most"),
    status: z.enum(PRODUCT_STATUSES).optional(),
    /** Set every variant's price to this (minor units)... */
    price: minorUnits("Price").optional(),
    /** ...or change it by this percentage (e.g. -10 for 10% off). */
    pricePercent: z.number().min(-90, "Percentage: -90 at least").max(500, "Percentage: 500 at most").optional(),
  })
  .refine((b) => b.status || b.price !== undefined || b.pricePercent !== undefined, {
    message: "Choose a status or a price change",
    path: ["status"],
  })
  .refine((b) => b.price === undefined || b.pricePercent === undefined, {
    message: "Set a price or a percentage, not both",
    path: ["price"],
  });
export type BulkEdit = z.infer<typeof bulkEditSchema>;

/** The product list's bulk form: ticked rows (`productId`), a status, a price in the shop's currency or a percentage. */
export const bulkEditForm = (currency: string) =>
  z
    .object({
      productId: listField(),
      status: unsetIfBlank(z.enum(PRODUCT_STATUSES, { message: `Status: choose one of ${PRODUCT_STATUSES.join(", ")}` })),
      price: optionalMoneyField(currency, "Price"),
      pricePercent: unsetIfBlank(numberField("Percentage", "-10", z.number(), "a percentage")),
    })
    .transform(({ productId, ...change }) => ({ productIds: productId, ...change }))
    .pipe(bulkEditSchema);

/** The product list's filters as a saved filter keeps them: the list's own fields, no pager. */
export const productFiltersSchema = productListSchema.omit({ cursor: true, limit: true });

export const SAVED_FILTER_PAGES = ["products"] as const;
export const savedFilterSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name: give the filter a name, e.g. Low stock drinks")
    .max(60, "Name: 60 characters at most")
    .refine((s) => ![...s].some((c) => c < " " || c === "\u007f"), "Name: remove the invisible control characters"),
  /** The list's query string ("status=active&stock=low"); only the list's own fields are kept. */
  query: z.string().max(2000, "These filters are too long to save"),
});
export const savedFilterIdSchema = z.object({ filterId: idSchema });
