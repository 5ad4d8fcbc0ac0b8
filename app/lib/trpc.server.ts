import { data, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { fieldErrorsOf } from "../../server/trpc/errors";

export type ActionFailure = { formError?: string; fieldErrors?: Record<string, string>; values?: Record<string, unknown> };

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Maps a tRPC error to the HTTP answer a page should give. */
export function toResponse(error: unknown, request: Request, values?: Record<string, unknown>) {
  if (!(error instanceof TRPCError)) throw error;
  switch (error.code) {
    case "UNAUTHORIZED":
      return loginRedirect(request);
    case "NOT_FOUND":
      return data({ formError: error.message }, { status: 404 });
    case "FORBIDDEN":
      return data({ formError: error.message }, { status: 403 });
    case "TOO_MANY_REQUESTS":
      return data({ formError: error.message, values }, { status: 429 });
    case "BAD_REQUEST": {
      const fieldErrors = fieldErrorsOf(error.cause);
      const formError = fieldErrors ? undefined : error.message;
      return data({ formError, fieldErrors, values } satisfies ActionFailure, { status: 400 });
    }
    default:
      throw error;
  }
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found" };

/** For loaders: run a procedure, or throw the right response (404, 403, login). */
export async function load<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.code === "UNAUTHORIZED") throw loginRedirect(request);
    const status = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_REQUEST: 400 }[error.code as string];
    // The message goes in the body: a status text cannot carry a newline
    // (zod's message is a JSON list), and throwing one was a 500.
    const fields = fieldErrorsOf(error.cause);
    const message = fields ? Object.values(fields).join("; ") : error.message;
    if (status) throw new Response(message, { status, statusText: STATUS_TEXT[status] });
    throw error;
  }
}
