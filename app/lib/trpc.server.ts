import { data, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { hasRole, type ShopRole } from "../../server/schemas/roles";
import { fieldErrorsOf } from "../../server/trpc/errors";
import { retryAfterOf } from "../../server/services/errors";
import { FormRejected } from "./forms";

export type ActionFailure = { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> };

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

const retryAfter = (error: unknown): Record<string, string> => {
  const seconds = retryAfterOf(error);
  return seconds ? { "Retry-After": String(seconds) } : {};
};

/** Maps a tRPC error to the HTTP answer a page should give. */
export function toResponse(error: unknown, request: Request, values?: Record<string, unknown>) {
  if (error instanceof FormRejected) {
    return data({ formError: error.formError ?? undefined, fieldErrors: error.fieldErrors, values: error.values } satisfies ActionFailure, { status: 400 });
  }
  if (!(error instanceof TRPCError)) throw error;
  switch (error.code) {
    case "UNAUTHORIZED":
      return loginRedirect(request);
    case "NOT_FOUND":
      return data({ formError: error.message }, { status: 404 });
    case "FORBIDDEN":
      return data({ formError: error.message }, { status: 403 });
    case "TOO_MANY_REQUESTS":
      return data({ formError: error.message, values }, { status: 429, headers: retryAfter(error) });
    case "BAD_REQUEST": {
      const fieldErrors = fieldErrorsOf(error.cause);
      const formError = fieldErrors ? undefined : error.message;
      return data({ formError, fieldErrors, values } satisfies ActionFailure, { status: 400 });
    }
    default:
      throw error;
  }
}

/** Input fields that come from a page's path: a bad one means no such page. */
const ADDRESS_KEY = /(^|[a-z])(Id|id|slug|Slug|handle|number|token)$/;

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found" };

/** For loaders: run a procedure, or throw the right response (404, 403, login). */
export async function load<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "UNAUTHORIZED") throw loginRedirect(request);
    if (error.code === "TOO_MANY_REQUESTS") throw new Response(error.message, { status: 429, statusText: "Too Many Requests", headers: retryAfter(error) });
    const status = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400 }[error.code as string];
    if (!status) throw error;
    // A page's inputs come from its address. An id, slug or number that fails
    // its schema means there is no such page (404); another field (a filter,
    // a table name) is named in a 400. The message goes in the body: a status
    // text is one short fixed line (Node refuses a line break in it, which
    // turned zod's multi-line message into a 500).
    if (status === 400 && error.cause instanceof ZodError && error.cause.issues.some((i) => ADDRESS_KEY.test(String(i.path.at(-1) ?? "")))) {
      throw new Response("There is nothing at this address: check the link.", { status: 404, statusText: "Not Found" });
    }
    const fields = fieldErrorsOf(error.cause);
    const message = fields ? Object.values(fields).join("; ") : error.message;
    throw new Response(message, { status, statusText: STATUS_TEXT[status] });
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
