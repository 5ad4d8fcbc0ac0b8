import { data } from "@remix-run/node";
import type { ProductInput } from "../../server/schemas/catalog";
import { toMinor } from "../../server/schemas/money";
import { keepValues } from "./forms";

const list = (text: string, sep: RegExp | string) => text.split(sep).map((s) => s.trim()).filter(Boolean);

/**
 * The product editor's form as the procedure's input. Prices arrive in the
 * shop's major unit ("12.50") and become minor units here; a matrix row
 * with neither SKU nor price is a combination the shop does not sell.
 */
export function productFromForm(form: FormData, currency: string): { input: ProductInput; fieldErrors: Record<string, string> } {
  const s = (k: string) => String(form.get(k) ?? "");
  const fieldErrors: Record<string, string> = {};
  const options = [0, 1, 2]
    .map((i) => ({ name: s(`options.${i}.name`).trim(), values: list(s(`options.${i}.values`), /,/) }))
    .filter((o) => o.name || o.values.length);
  const money = (key: string, label: string, required: boolean) => {
    const text = s(key).trim();
    if (!text) {
      if (required) fieldErrors[key] = `${label}: enter an amount like 12.50`;
      return null;
    }
    const minor = toMinor(text, currency);
    if (minor === null) fieldErrors[key] = `${label}: "${text}" is not an amount like 12.50`;
    return minor;
  };
  const rows = Number(s("variantCount")) || 0;
  const variants: ProductInput["variants"] = [];
  for (let i = 0; i < Math.min(rows, 200); i++) {
    const p = `variants.${i}`;
    if (!s(`${p}.sku`).trim() && !s(`${p}.price`).trim()) continue;
    variants.push({
      optionValues: list(s(`${p}.optionValues`), "\u001f"),
      sku: s(`${p}.sku`),
      barcode: s(`${p}.barcode`) || undefined,
      price: money(`${p}.price`, "Price", true) ?? 0,
      compareAtPrice: money(`${p}.compareAtPrice`, "Compare-at price", false),
      cost: money(`${p}.cost`, "Cost", false),
      taxClass: (s(`${p}.taxClass`) || "standard") as ProductInput["variants"][number]["taxClass"],
    });
  }
  const attributes: Record<string, string> = {};
  for (const line of list(s("attributes"), /\n/)) {
    const at = line.indexOf(":");
    if (at <= 0) fieldErrors.attributes = `"${line}" should look like "material: cotton"`;
    else attributes[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const input = {
    title: s("title"),
    handle: s("handle") || undefined,
    description: s("description"),
    brand: s("brand") || undefined,
    categoryId: s("categoryId") || undefined,
    status: s("status") as ProductInput["status"],
    tags: list(s("tags"), /,/),
    attributes,
    options,
    variants,
  };
  return { input, fieldErrors };
}

/** Field errors found before the procedure ran, answered like the procedure's own. */
export function formProblems(form: FormData, fieldErrors: Record<string, string>) {
  return data({ formError: undefined, fieldErrors, values: keepValues(form) }, { status: 400 });
}
