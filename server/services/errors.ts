import { TRPCError } from "@trpc/server";

export type FieldErrors = Record<string, string>;

// A brand rather than a class check: the Remix build bundles its own copy of
// this module, so a cause made by a procedure is not an instance of the
// build's class, and every service's field error became a form error there.
const FIELD_ERRORS = Symbol.for("nearshop.fieldErrors");

/** Carries per-field messages to the form that sent the input. */
export class FieldErrorsCause extends Error {
  readonly [FIELD_ERRORS] = true;
  constructor(readonly fieldErrors: FieldErrors) {
    super("Field errors");
  }
}

/** Is this a FieldErrorsCause, from whichever copy of this module made it? */
export function isFieldErrorsCause(cause: unknown): cause is FieldErrorsCause {
  return typeof cause === "object" && cause !== null && (cause as { [FIELD_ERRORS]?: boolean })[FIELD_ERRORS] === true;
}

/** A 400 whose message belongs next to one field of the form. */
export function fieldError(field: string, message: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message, cause: new FieldErrorsCause({ [field]: message }) });
}

export function badRequest(message: string): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message });
}

export function notFound(what: string): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });
}

export function forbidden(message = "You do not have permission to do that"): TRPCError {
  return new TRPCError({ code: "FORBIDDEN", message });
}

/** Prisma's unique-constraint violation, for turning races into field errors. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } };
  if (e?.code !== "P2002") return false;
  if (!field) return true;
  const fields = e.meta?.driverAdapterError?.cause?.constraint?.fields ?? e.meta?.target;
  return JSON.stringify(fields ?? "").includes(field);
}

const RETRY_AFTER = Symbol.for("nearshop.retryAfter");

/** Carries how long a rate-limited caller should wait, for the Retry-After header. */
export class RetryAfterCause extends Error {
  // A brand, not a class check: the Remix build has its own copy of this module.
  readonly [RETRY_AFTER] = true;
  constructor(readonly seconds: number) {
    super(`Retry after ${seconds} s`);
  }
}

/** Seconds to put in Retry-After for a rate-limited error, if it says. */
export function retryAfterOf(error: unknown): number | undefined {
  const cause = (error as { cause?: { [RETRY_AFTER]?: boolean; seconds?: number } } | null)?.cause;
  return cause?.[RETRY_AFTER] === true && typeof cause.seconds === "number" ? cause.seconds : undefined;
}
