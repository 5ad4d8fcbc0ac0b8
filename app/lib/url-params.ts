import { z } from "zod";
import { invalidInput } from "../../server/services/errors";

/** Longer than any filter a person types; a value past it is refused, not cut. */
const MAX_VALUE = 500;
// Control characters (NUL included) never come from a form field.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export type ParamProblem = { field: string; message: string };

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

/**
 * Reads a GET form's query string against a zod object schema, field by
 * field, the way a person means it:
 * - an empty or blank field means "not set" (an "Any …" option sends one);
 * - only the schema's own keys are read: `__proto__`, `constructor` or any
 *   other name is ignored;
 * - a repeated field takes its first non-empty value (array fields: all);
 * - a bad field is reported and falls back to its default, and the other
 *   fields keep their values.
 */
export function readParams<S extends z.ZodObject>(source: URL | URLSearchParams, schema: S): { values: z.output<S>; problems: ParamProblem[] } {
  const params = source instanceof URL ? source.searchParams : source;
  const values: Record<string, unknown> = Object.create(null);
  const problems: ParamProblem[] = [];
  for (const [field, fieldSchema] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const given = params
      .getAll(field)
      .map((v) => v.trim())
      .filter((v) => v !== "");
    const bad = given.find((v) => v.length > MAX_VALUE || CONTROL.test(v));
    if (bad !== undefined) {
      problems.push({ field, message: bad.length > MAX_VALUE ? `${MAX_VALUE} characters at most` : "contains characters that are not allowed" });
    }
    const clean = given.filter((v) => v !== bad);
    const raw = unwrap(fieldSchema) instanceof z.ZodArray ? (clean.length ? clean : undefined) : clean[0];
    let parsed = fieldSchema.safeParse(raw);
    if (!parsed.success && raw !== undefined) {
      problems.push({ field, message: parsed.error.issues[0]?.message ?? "not a valid value" });
      parsed = fieldSchema.safeParse(undefined);
    }
    if (parsed.success) {
      if (parsed.data !== undefined) values[field] = parsed.data;
    } else {
      problems.push({ field, message: parsed.error.issues[0]?.message ?? "required" });
    }
  }
  return { values: { ...values } as z.output<S>, problems };
}

/** One line naming each bad field and what to do about it (messages that name their field already keep their words). */
export function describeProblems(problems: ParamProblem[], labels: Record<string, string> = {}) {
  return problems.map((p) => (/^[\p{L} ]+: /u.test(p.message) ? p.message : `${labels[p.field] ?? p.field}: ${p.message}`)).join("; ");
}

/**
 * For loaders: the filters in the URL, or a 400 page naming every bad field
 * (never a silent fall-back that resets the rest, never a 500).
 */
export function requireParams<S extends z.ZodObject>(request: Request | URL, schema: S, labels: Record<string, string> = {}): z.output<S> {
  const url = request instanceof URL ? request : new URL(request.url);
  const { values, problems } = readParams(url, schema);
  if (problems.length) {
    throw new Response(`This address has a filter we cannot read. ${describeProblems(problems, labels)}.`, { status: 400, statusText: "Bad Request" });
  }
  return values;
}

/**
 * For pages that say a bad filter in place (search results): the values, or
 * a DomainError "invalid" naming each bad field, which `searchOrMessage`
 * shows on the page with a 400.
 */
export function paramsOrInvalid<S extends z.ZodObject>(source: URL | URLSearchParams, schema: S, labels: Record<string, string> = {}): z.output<S> {
  const { values, problems } = readParams(source, schema);
  if (problems.length) throw invalidInput(Object.fromEntries(problems.map((p) => [p.field, p.message])), describeProblems(problems, labels));
  return values;
}

/** A field the procedure's own schema judges: the text as sent, absent when empty. */
export const textParam = z.string().optional();

/** A whole number typed in a URL: digits only (no "1e3", no "0x10"), within bounds. */
export const wholeNumberParam = (label: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${label}: a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${label}: ${min} at least`).max(max, `${label}: ${max} at most`));

/** A calendar date as a date input sends it. */
export const dateParam = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: a date like 2026-03-31`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), `${label}: not a real date`);

/** A choice among fixed values, with a message listing them. */
export const choiceParam = <const T extends readonly [string, ...string[]]>(label: string, choices: T) =>
  z.enum(choices, { message: `${label}: choose one of ${choices.join(", ")}` });
