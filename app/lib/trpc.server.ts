import { data, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { hasRole, type ShopRole } from "../../server/schemas/roles";
import { fieldErrorsOf } from "../../server/trpc/errors";
import { DOMAIN_ERROR_STATUS, domainErrorOf, retryAfterOf } from "../../server/services/errors";
import { FormRejected } from "./forms";

export type ActionFailure = { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> };

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

const retryAfter = (seconds: number | undefined): Record<string, string> => (seconds ? { "Retry-After": String(seconds) } : {});

/** A page's view of a failure: its status, a message for people, per-field messages, when to retry. */
type Failure = { status: number; message: string; fieldErrors?: Record<string, string>; retryAfter?: number; zod?: ZodError };

const TRPC_STATUS: Partial<Record<TRPCError["code"], number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * The one translation of a failure for Remix pages: a service's domain
 * error (thrown here by a form or URL reader, or carried as the cause of the
 * procedure's TRPCError), or a TRPCError of an input schema. Anything else is
 * a bug, rethrown for the error boundary (a 500).
 */
function failureOf(error: unknown): Failure | null {
  const domain = domainErrorOf(error);
  if (domain)
    return { status: DOMAIN_ERROR_STATUS[domain.code], message: domain.message, fieldErrors: domain.fieldErrors, retryAfter: domain.retryAfterSeconds };
  if (!(error instanceof TRPCError)) return null;
  const status = TRPC_STATUS[error.code];
  if (!status) return null;
  return {
    status,
    message: error.message,
    fieldErrors: fieldErrorsOf(error.cause),
    retryAfter: retryAfterOf(error),
    zod: error.cause instanceof ZodError ? error.cause : undefined,
  };
}

/** For actions: the failure as the page's answer ({ formError, fieldErrors, values } and its status), a login redirect, or rethrown. */
export function toResponse(error: unknown, request: Request, values?: Record<string, unknown>) {
  if (error instanceof FormRejected) {
    return data({ formError: error.formError ?? undefined, fieldErrors: error.fieldErrors, values: error.values } satisfies ActionFailure, { status: 400 });
  }
  const failure = failureOf(error);
  if (!failure) throw error;
  switch (failure.status) {
    case 401:
      return loginRedirect(request);
    case 400: {
      const fieldErrors = failure.fieldErrors;
      return data({ formError: fieldErrors ? undefined : failure.message, fieldErrors, values } satisfies ActionFailure, { status: 400 });
    }
    case 429:
      return data({ formError: failure.message, values } satisfies ActionFailure, { status: 429, headers: retryAfter(failure.retryAfter) });
    default:
      return data({ formError: failure.message } satisfies ActionFailure, { status: failure.status });
  }
}

/** Input fields that come from a page's path: a bad one means no such page. */
const ADDRESS_KEY = /(^|[a-z])(Id|id|slug|Slug|handle|number|token)$/;

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 429: "Too Many Requests" };

/** For loaders: run a procedure, or throw the right response (404, 403, login). */
export async function load<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const failure = failureOf(error);
    if (!failure) throw error;
    const { status } = failure;
    if (status === 401) throw loginRedirect(request);
    // A page's inputs come from its address. An id, slug or number that fails
    // its schema means there is no such page (404); another field (a filter,
    // a table name) is named in a 400. The message goes in the body: a status
    // text is one short fixed line (Node refuses a line break in it, which
    // turned zod's multi-line message into a 500).
    if (status === 400 && failure.zod?.issues.some((i) => ADDRESS_KEY.test(String(i.path.at(-1) ?? "")))) {
      throw new Response("There is nothing at this address: check the link.", { status: 404, statusText: "Not Found" });
    }
    const message = status === 400 && failure.fieldErrors ? Object.values(failure.fieldErrors).join("; ") : failure.message;
    throw new Response(message, { status, statusText: STATUS_TEXT[status] ?? "Error", headers: retryAfter(failure.retryAfter) });
  }
}

/**
 * Before reading an upload: the caller must hold `role` in the shop, so a
 * stranger's multipart body is refused before a byte of it is buffered.
 * Returns the page's answer when refused (login, 403, 404), else null.
 */
export async function refuseUploadUnless(
  request: Request,
  trpc: { shops: { current(input: { shopSlug: string }): Promise<{ role: ShopRole }> } },
  shopSlug: string,
  role: ShopRole,
) {
  try {
    const current = await trpc.shops.current({ shopSlug });
    if (!hasRole(current.role, role)) return data({ formError: `Only a ${role} can upload here.` } satisfies ActionFailure, { status: 403 });
    return null;
  } catch (error) {
    return toResponse(error, request);
  }
}
