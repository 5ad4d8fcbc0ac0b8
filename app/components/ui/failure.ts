/**
 * What every action answers when a form is refused (status 400):
 * `{ formError, fieldErrors, values }`. Parts read it; they never change it.
 */
export type Failure =
  { formError?: string | null; fieldErrors?: Record<string, string | undefined> | null; values?: Record<string, unknown> | null } | null | undefined;

/** The id of the input for a field name: `approval.email` → `f-approval-email`. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

export const errorOf = (failure: Failure, name: string): string | undefined => failure?.fieldErrors?.[name] ?? undefined;

/** What the person typed before the form was refused, if it was text. */
export function keptValue(failure: Failure, name: string): string | undefined {
  const kept = failure?.values?.[name];
  return typeof kept === "string" ? kept : typeof kept === "number" ? String(kept) : undefined;
}
