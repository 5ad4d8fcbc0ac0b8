/**
 * The catalog CSV: one row per variant. Export writes it and import reads
 * it, so an exported file can be edited and imported back. Rows are matched
 * by SKU; rows with the same handle belong to one product. Stock columns are
 * named "stock:<location name>" and hold the on-hand quantity there.
 */
export const PRODUCT_COLUMNS = ["handle", "title", "description", "brand", "category", "status", "tags", "attributes"] as const;

export const VARIANT_COLUMNS = [
  "option1_name",
  "option1_value",
  "option2_name",
  "option2_value",
  "option3_name",
  "option3_value",
  "sku",
  "barcode",
  "price",
  "compare_at_price",
  "cost",
  "tax_class",
] as const;

export const KNOWN_COLUMNS = [...PRODUCT_COLUMNS, ...VARIANT_COLUMNS];
export const REQUIRED_COLUMNS = ["sku", "title", "price"] as const;
export const STOCK_PREFIX = "stock:";

/** "material: cotton; fit: slim" <-> { material: "cotton", fit: "slim" } */
export function formatAttributes(attributes: Record<string, unknown>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join("; ");
}

export function parseAttributes(text: string): Record<string, string> | string {
  const pairs: [string, string][] = [];
  for (const part of text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf(":");
    if (at <= 0) return `attribute "${part}" should look like "name: value"`;
    pairs.push([part.slice(0, at).trim(), part.slice(at + 1).trim()]);
  }
  // fromEntries defines own properties: a name like "__proto__" stays a name.
  return Object.fromEntries(pairs);
}

export const splitTags = (text: string) => [
  ...new Set(
    text
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  ),
];
