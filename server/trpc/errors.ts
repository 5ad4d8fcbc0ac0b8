import { ZodError } from "zod";
import { TRPCError } from "@trpc/server";
import { DomainError, isDomainError, isFieldErrorsCause, type DomainErrorCode, type FieldErrors } from "../services/errors";

/** Per-field messages from a zod failure or a service's field error. */
export function fieldErrorsOf(cause: unknown): FieldErrors | undefined {
  if (isFieldErrorsCause(cause)) return cause.fieldErrors;
  if (isDomainError(cause)) return cause.fieldErrors;
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

const TRPC_CODE = {
  invalid: "BAD_REQUEST",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  rate_limited: "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
} as const satisfies Record<DomainErrorCode, TRPCError["code"]>;

/** A service's domain error as tRPC's: the one translation at this edge (the error keeps it as its cause, for field errors and Retry-After). */
export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

const letters = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");

/** One line for people from per-field messages ("Title: Enter a title"), never a schema dump. */
export function summarize(fieldErrors: FieldErrors): string {
  const lines = Object.entries(fieldErrors).map(([field, message]) =>
    field === "form" || letters(message).startsWith(letters(field.split(".").pop()!)) ? message : `${field}: ${message}`,
  );
  return lines.length > 3 ? `${lines.slice(0, 3).join("; ")} (and ${lines.length - 3} more)` : lines.join("; ");
}

const NUL = "\u0000";
const MAX_DEPTH = 32;

/**
 * Refusals every input gets before its own schema: a NUL character
 * (PostgreSQL text cannot hold one, so it would fail as a 500 deep inside a
 * write) and a `__proto__` key (JSON.parse makes it an own property, but
 * code that copies keys by assignment would not). Returns per-field
 * messages, or undefined when the input is clean.
 */
export function hostileInput(input: unknown): FieldErrors | undefined {
  const out: FieldErrors = {};
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      out[path || "form"] ??= "This input is nested too deeply.";
      return;
    }
    if (typeof v === "string") {
      if (v.includes(NUL)) out[path || "form"] ??= "Remove the invisible NUL character (\\0) from this field.";
      return;
    }
    if (!v || typeof v !== "object") return;
    for (const key of Object.keys(v)) {
      const at = path ? `${path}.${key}` : key;
      if (key === "__proto__") out[at] ??= 'A field may not be named "__proto__".';
      else if (key.includes(NUL)) out[path || "form"] ??= "Remove the invisible NUL character (\\0) from this field's name.";
      else walk((v as Record<string, unknown>)[key], at, depth + 1);
    }
  };
  walk(input, "", 0);
  return Object.keys(out).length ? out : undefined;
}
