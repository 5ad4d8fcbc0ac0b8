import { z } from "zod";
import { productInputSchema, type ProductInput } from "./catalog";
import { listField, optionalMoneyField, moneyField } from "./form-fields";

/** Rows the editor may send; past this a form is not one the page made. */
const MAX_ROWS = 200;
const rowKey = z.string().regex(/^\d{1,3}$/, "Not a row of this form");

const variantRow = (currency: string) =>
  z.object({
    optionValues: listField("\u001f"),
    sku: z.string().default(""),
    barcode: z.string().optional(),
    price: z.string().optional(),
    compareAtPrice: optionalMoneyField(currency, "Compare-at price"),
    cost: optionalMoneyField(currency, "Cost"),
    taxClass: z.string().optional(),
  });

/**
 * The product editor's form as the procedure's input. Prices arrive in the
 * shop's major unit ("12.50") and become minor units here; a matrix row with
 * neither SKU nor price is a combination the shop does not sell. Field
 * errors keep the form's names (`variants.3.price`).
 */
export const productForm = (currency: string) =>
  productInputSchema.omit({ tags: true, attributes: true, options: true, variants: true }).extend({
    tags: listField(","),
    attributes: z
      .string()
      .default("")
      .transform((text, ctx) => {
        const out: Record<string, string> = {};
        for (const line of text
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean)) {
          const at = line.indexOf(":");
          if (at <= 0) ctx.addIssue({ code: "custom", message: `"${line.slice(0, 60)}" should look like "material: cotton"` });
          else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        }
        return out;
      }),
    options: z
      .record(rowKey, z.object({ name: z.string().default(""), values: listField(",") }))
      .default({})
      .transform((rows) =>
        Object.entries(rows)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, o]) => ({ name: o.name.trim(), values: o.values }))
          .filter((o) => o.name || o.values.length),
      ),
    variants: z
      .record(rowKey, variantRow(currency))
      .default({})
      .superRefine((rows, ctx) => {
        if (Object.keys(rows).length > MAX_ROWS) ctx.addIssue({ code: "custom", message: `${MAX_ROWS} rows at most` });
      })
      .transform((rows, ctx) => {
        const variants: ProductInput["variants"] = [];
        for (const [i, row] of Object.entries(rows).sort(([a], [b]) => Number(a) - Number(b))) {
          const price = row.price?.trim() ?? "";
          if (!row.sku.trim() && !price) continue;
          const parsed = moneyField(currency, "Price").safeParse(price);
          if (!parsed.success) {
            for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [i, "price"], message: issue.message });
            continue;
          }
          const taxClass = productInputSchema.shape.variants.element.shape.taxClass.safeParse(row.taxClass || undefined);
          if (!taxClass.success) {
            ctx.addIssue({ code: "custom", path: [i, "taxClass"], message: "Choose a tax class" });
            continue;
          }
          variants.push({
            optionValues: row.optionValues,
            sku: row.sku,
            barcode: row.barcode || undefined,
            price: parsed.data,
            compareAtPrice: row.compareAtPrice ?? null,
            cost: row.cost ?? null,
            taxClass: taxClass.data,
          });
        }
        return variants;
      }),
  });
