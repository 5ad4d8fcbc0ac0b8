import { TRPCError } from "@trpc/server";
import { domainErrorOf } from "../../server/services/errors";

/**
 * For search pages: the procedure's answer, or its 400/429 message to show
 * in the page (with that status), so a bad filter in a URL explains itself.
 */
export async function searchOrMessage<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; error: null; status: 200 } | { result: null; error: string; status: 400 | 429 }> {
  try {
    return { result: await fn(), error: null, status: 200 };
  } catch (error) {
    const domain = domainErrorOf(error);
    if (domain?.code === "invalid") return { result: null, error: domain.message, status: 400 };
    if (error instanceof TRPCError && (error.code === "BAD_REQUEST" || error.code === "TOO_MANY_REQUESTS")) {
      const issues = (error.cause as { issues?: { message: string }[] } | undefined)?.issues;
      return { result: null, error: issues?.[0]?.message ?? error.message, status: error.code === "BAD_REQUEST" ? 400 : 429 };
    }
    throw error;
  }
}

/** For JSON resource routes: the procedure's answer, or its 400/429 message as `{ error }`. */
export async function jsonOrError(fn: () => Promise<unknown>, headers?: HeadersInit): Promise<Response> {
  const answer = await searchOrMessage(fn);
  return answer.error === null ? Response.json(answer.result, { headers }) : Response.json({ error: answer.error }, { status: answer.status });
}
