import { preferReplica } from "../db/replica.server";
import { middleware } from "./init";

/**
 * A procedure whose reads may lag (storefront, search, reports) reads the
 * replica, within server/db/replica.server.ts's rules: never after the
 * caller's own recent write, and the primary when the replica is down. Its
 * services take their handles from reads(); writes keep the primary.
 */
export const replicaReads = middleware(({ next }) =>
  preferReplica(
    () => next(),
    (result) => (result.ok ? undefined : result.error),
  ),
);
