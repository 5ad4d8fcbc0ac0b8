import { TRPCError } from "@trpc/server";
import { preferReplica } from "../db/replica.server";
import { domainErrorOf } from "../services/errors";
import { middleware } from "./init";

/** A replica that is behind: it has not got the record yet, or cancelled the query to replay WAL. */
function maybeBehind(error: unknown): boolean {
  // Services throw domain errors; they become TRPCErrors further out (translateDomainErrors).
  if (domainErrorOf(error)?.code === "not_found") return true;
  if (!(error instanceof TRPCError)) return false;
  if (error.code === "NOT_FOUND") return true;
  const cause = error.cause as { message?: unknown } | undefined;
  return /conflict with recovery/.test(`${error.message} ${String(cause?.message ?? "")}`);
}

/** Bad input, a spent budget, a refusal: the same answer from any database, no reason to doubt the replica. */
function ownAnswer(error: unknown): boolean {
  const domain = domainErrorOf(error);
  if (domain) return domain.code !== "not_found";
  return error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR" && error.code !== "NOT_FOUND";
}

/**
 * A procedure whose reads may lag (storefront, search, reports) reads the
 * replica, within server/db/replica.server.ts's rules: never after the
 * caller's own recent write, the primary when the replica is down, and the
 * primary again when the replica may only be behind (a product created a
 * moment ago opens at once). Its services take their handles from reads();
 * writes keep the primary.
 */
export const replicaReads = middleware(({ next }) =>
  preferReplica(() => next(), {
    errorOf: (result) => {
      const r = result as Awaited<ReturnType<typeof next>>;
      return r.ok ? undefined : r.error;
    },
    behind: maybeBehind,
    answer: ownAnswer,
  }),
);
