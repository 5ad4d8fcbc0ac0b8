import { data } from "@remix-run/node";

/**
 * Path segments a form field name may never use: writing through them would
 * reach a shared prototype (`__proto__.x` on a plain object sets
 * Object.prototype.x for the whole process).
 */
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

/** A field name the form parser refuses, answered as a 400 naming it. */
export function refusedFieldName(key: string): boolean {
  return key.split(".").some((part) => FORBIDDEN_SEGMENTS.has(part) || part === "");
}

const refuse = (formError: string, field?: string) =>
  data({ formError, ...(field ? { fieldErrors: { [field]: formError } } : {}) }, { status: 400 });

/**
 * Every action's form passes here first: a field name that could reach a
 * prototype, or a NUL character anywhere (PostgreSQL text cannot hold one),
 * is answered 400 before the action does anything, so a hostile form writes
 * nothing whichever fields the action reads.
 */
export function assertSafeForm(form: FormData): FormData {
  for (const [key, value] of form.entries()) {
    if (key.includes("\0")) throw refuse("A form field's name contains an invisible NUL character (\\0).");
    if (refusedFieldName(key)) throw refuse(`The form field "${key.slice(0, 80)}" is not one this page accepts.`);
    if (typeof value === "string" && value.includes("\0")) {
      throw refuse(`Remove the invisible NUL character (\\0) from "${key.slice(0, 80)}".`, key);
    }
  }
  return form;
}

/** The request's form, checked by assertSafeForm; an unreadable body is a 400, not a 500. */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw refuse("The form could not be read. Reload the page and try again.");
  }
  return assertSafeForm(form);
}

/**
 * FormData to a plain object; "shop.name" becomes { shop: { name } }, so one
 * zod schema serves the form and the procedure. Nested objects are built
 * without a prototype and every key is an own property, so no field name can
 * write anywhere but into the result; a name with a forbidden segment is
 * refused with a 400 instead of being dropped silently.
 */
export function formToObject(form: FormData, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (omit.includes(key) || typeof value !== "string") continue;
    if (refusedFieldName(key)) {
      throw data({ formError: `The form field "${key.slice(0, 80)}" is not one this page accepts.` }, { status: 400 });
    }
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (next && typeof next === "object") {
        node = next as Record<string, unknown>;
      } else {
        const child: Record<string, unknown> = {};
        Object.defineProperty(node, part, { value: child, enumerable: true, writable: true, configurable: true });
        node = child;
      }
    }
    Object.defineProperty(node, parts[parts.length - 1] as string, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Values to put back in the form after an error (never passwords). */
export function keepValues(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !/password/i.test(key) && !refusedFieldName(key)) out[key] = value;
  }
  return out;
}

/** A form's fields as a procedure's input; the procedure's zod schema validates it. */
export function formInput<T>(form: FormData, omit: string[] = []): T {
  return formToObject(form, omit) as T;
}
