import type { ProductOption } from "../../schemas/catalog";

/** Every combination of option values, in option order (size × colour...). */
export function variantMatrix(options: ProductOption[]): string[][] {
  return options.reduce<string[][]>((rows, option) => rows.flatMap((row) => option.values.map((value) => [...row, value])), [[]]);
}

export const comboKey = (values: string[]) => values.map((v) => v.toLowerCase()).join("\u0000");

/** "M / Red", or "Default" for a product without options. */
export const variantTitle = (values: string[]) => (values.length ? values.join(" / ") : "Default");

/**
 * Checks that the variants fit the matrix of the options: each combination
 * at most once, nothing outside it (a shop may leave out combinations it
 * does not sell). Returns a message for the form, or null.
 */
export function matrixProblem(options: ProductOption[], variants: { optionValues: string[] }[]): string | null {
  const expected = new Set(variantMatrix(options).map(comboKey));
  const seen = new Set<string>();
  for (const v of variants) {
    const key = comboKey(v.optionValues);
    if (!expected.has(key)) return `Variant "${variantTitle(v.optionValues)}" does not match the options`;
    if (seen.has(key)) return `Variant "${variantTitle(v.optionValues)}" appears twice`;
    seen.add(key);
  }
  return null;
}

/** A handle from a title: "Café au lait 250g" → "cafe-au-lait-250g". */
export function handleFrom(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100) || "product"
  );
}
