/**
 * FormData to a plain object; "shop.name" becomes { shop: { name } }, so one
 * zod schema serves the form and the procedure.
 */
export function formToObject(form: FormData, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (omit.includes(key) || typeof value !== "string") continue;
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return out;
}

/** Values to put back in the form after an error (never passwords). */
export function keepValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !/password/i.test(key)) out[key] = value;
  }
  return out;
}

/** A form's fields as a procedure's input; the procedure's zod schema validates it. */
export function formInput<T>(form: FormData, omit: string[] = []): T {
  return formToObject(form, omit) as T;
}
