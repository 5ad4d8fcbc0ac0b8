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

type Column = (typeof KNOWN_COLUMNS)[number];

/**
 * The columns as a French export names them. The import takes either
 * language's names (and any case), so a French export goes back in, and so
 * does an English one. "stock:<location>" is French too.
 */
export const FRENCH_COLUMNS: Record<Column, string> = {
  handle: "adresse_web",
  title: "titre",
  description: "description",
  brand: "marque",
  category: "catégorie",
  status: "statut",
  tags: "étiquettes",
  attributes: "attributs",
  option1_name: "option1_nom",
  option1_value: "option1_valeur",
  option2_name: "option2_nom",
  option2_value: "option2_valeur",
  option3_name: "option3_nom",
  option3_value: "option3_valeur",
  sku: "sku",
  barcode: "code_barres",
  price: "prix",
  compare_at_price: "prix_barré",
  cost: "coût",
  tax_class: "classe_tva",
};

const FROM_FRENCH = new Map<string, string>(Object.entries(FRENCH_COLUMNS).map(([en, fr]) => [fr, en]));

/** A column's name in a file written in `locale` (an export's header). */
export function columnIn(locale: "en" | "fr", column: string): string {
  if (locale === "en") return column;
  return (FRENCH_COLUMNS as Record<string, string>)[column] ?? column;
}

/** A header cell read from a file (trimmed, lower case), as the import knows it: French names become the English ones. */
export function canonicalColumn(name: string): string {
  return FROM_FRENCH.get(name) ?? name;
}

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
