import { ZodError } from "zod";
import { isFieldErrorsCause, type FieldErrors } from "../services/errors";

/** Per-field messages from a zod failure or a service's field error. */
export function fieldErrorsOf(cause: unknown): FieldErrors | undefined {
  if (isFieldErrorsCause(cause)) return cause.fieldErrors;
  if (cause instanceof ZodError) {
    const out: FieldErrors = {};
    for (const issue of cause.issues) {
      const key = issue.path.map(String).join(".") || "form";
      out[key] ??= issue.message;
    }
    return out;
  }
  return undefined;
}
