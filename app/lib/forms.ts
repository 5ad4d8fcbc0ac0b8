import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError, type FieldErrors } from "../../server/services/errors";
import { fieldErrorsOf } from "../../server/trpc/errors";

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

const refuse = (formError: string, field?: string) => data({ formError, ...(field ? { fieldErrors: { [field]: formError } } : {}) }, { status: 400 });

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
 * zod schema serves the form and the procedure. A field sent more than once
 * (checkboxes sharing a name) becomes a list of its values; an upload stays a
 * File for the schema to check. Nested objects are built
 * without a prototype and every key is an own property, so no field name can
 * write anywhere but into the result; a name with a forbidden segment is
 * refused with a 400 instead of being dropped silently.
 */
export function formToObject(form: FormData, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (omit.includes(key)) continue;
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
    const leaf = parts[parts.length - 1] as string;
    const before = Object.hasOwn(node, leaf) ? node[leaf] : undefined;
    const next = before === undefined ? value : Array.isArray(before) ? [...(before as unknown[]), value] : [before, value];
    Object.defineProperty(node, leaf, { value: next, enumerable: true, writable: true, configurable: true });
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

/** Fields every form may carry that are no procedure's input (the replay guard's key). */
const FORM_PLUMBING = ["submitKey"];

/**
 * A form's fields through the zod schema that makes the procedure's input
 * (a discriminated union on `intent` where a page has several forms). A wrong
 * or missing field throws a DomainError "invalid" naming it, which
 * `toResponse` answers as a 400 in the page's shape ({ formError,
 * fieldErrors, values }) with what the person typed kept; call it inside the
 * action's try. Run readForm first: it refuses hostile names and NULs.
 */
export function parseForm<S extends z.ZodType>(form: FormData, schema: S, options: { beside?: readonly string[] } = {}): z.output<S> {
  const parsed = schema.safeParse(formToObject(form, FORM_PLUMBING));
  if (parsed.success) return parsed.data;
  throw new FormRejected(fieldErrorsOf(parsed.error) ?? { form: "Check the form" }, form, options.beside);
}

/** parseForm's refusal: the fields' messages, and what was typed to put back. */
export class FormRejected extends DomainError {
  readonly values: Record<string, string>;
  /** One line for the top of the form, naming fields the page has no input for (a missing intent); null when each message sits beside its input. */
  readonly formError: string | null;
  /**
   * `beside`: the fields whose inputs show their own message (a `Field`);
   * every other message is said at the form's top. Without it, a field the
   * form sent is taken to have its own message, except the hidden `intent`.
   */
  constructor(fieldErrors: FieldErrors, form: FormData, beside?: readonly string[]) {
    const hasOwnMessage = (field: string) => (beside ? beside.includes(field) : field !== "intent" && form.has(field));
    const unseen = Object.entries(fieldErrors).filter(([field]) => !hasOwnMessage(field));
    const formError = unseen.length
      ? unseen.map(([field, message]) => (message.toLowerCase().includes(field.split(".").pop()!.toLowerCase()) ? message : `${field}: ${message}`)).join("; ")
      : null;
    super("invalid", formError ?? Object.values(fieldErrors)[0] ?? "Check the form", fieldErrors);
    this.values = keepValues(form);
    this.formError = formError;
  }
}
