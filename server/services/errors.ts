export type FieldErrors = Record<string, string>;

/**
 * What went wrong, in the domain's words. Services, jobs and webhooks know
 * only these; each edge turns one into its own answer once: the tRPC
 * procedures (server/trpc/init.ts) into a TRPCError, a Remix page
 * (app/lib/trpc.server.ts) into a status and its form's shape.
 */
export const DOMAIN_ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  /** A service the request needs (search, say) did not answer: try again soon. */
  unavailable: 503,
} as const;
export type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;

// A brand, as for the causes below: the Remix build has its own copy of this module.
const DOMAIN_ERROR = Symbol.for("nearshop.domainError");

/**
 * An expected failure a service reports: a code, a message a person can act
 * on, and per-field messages for the form that sent the input.
 */
export class DomainError extends Error {
  readonly [DOMAIN_ERROR] = true;
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Is this a DomainError, from whichever copy of this module made it? */
export function isDomainError(error: unknown): error is DomainError {
  return typeof error === "object" && error !== null && (error as { [DOMAIN_ERROR]?: boolean })[DOMAIN_ERROR] === true;
}

/** The domain error behind an error: itself, or the cause an edge wrapped it in. */
export function domainErrorOf(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return isDomainError(cause) ? cause : undefined;
}

/** Input that breaks a rule: each field's message, and one line for the form's top. */
export function invalidInput(fieldErrors: FieldErrors, message?: string): DomainError {
  return new DomainError("invalid", message ?? Object.values(fieldErrors)[0] ?? "Check the form", fieldErrors);
}

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

/** Input that breaks a rule, whose message belongs next to one field of the form. */
export function fieldError(field: string, message: string): DomainError {
  return new DomainError("invalid", message, { [field]: message });
}

/** Input that breaks a rule of the whole form. */
export function badRequest(message: string): DomainError {
  return new DomainError("invalid", message);
}

export function notFound(what: string): DomainError {
  return new DomainError("not_found", `${what} not found`);
}

export function forbidden(message = "You do not have permission to do that"): DomainError {
  return new DomainError("forbidden", message);
}

/** A budget spent: try again in `seconds`. */
export function tooManyRequests(message: string, seconds: number): DomainError {
  return new DomainError("rate_limited", message, undefined, seconds);
}

/**
 * Prisma's unique-constraint violation, for turning races into field errors;
 * from a raw query too (P2010, whose driver error names the constraint's
 * index, and so the field's column).
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  type Cause = { kind?: string; constraint?: { fields?: string[]; index?: string } };
  const e = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: Cause } } };
  const cause = e?.meta?.driverAdapterError?.cause;
  if (e?.code === "P2010" && cause?.kind === "UniqueConstraintViolation") return !field || JSON.stringify(cause.constraint ?? "").includes(field);
  if (e?.code !== "P2002") return false;
  if (!field) return true;
  // The driver adapter names either the columns or only the index (customers_shop_id_email_key): both carry the field.
  const fields = cause?.constraint?.fields ?? cause?.constraint?.index ?? e.meta?.target;
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
  const domain = domainErrorOf(error);
  if (domain?.retryAfterSeconds !== undefined) return domain.retryAfterSeconds;
  const cause = (error as { cause?: { [RETRY_AFTER]?: boolean; seconds?: number } } | null)?.cause;
  return cause?.[RETRY_AFTER] === true && typeof cause.seconds === "number" ? cause.seconds : undefined;
}
