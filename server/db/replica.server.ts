import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { env } from "../env.server";
import { logger } from "../logger";
import { metrics } from "../metrics/metrics.server";
import { currentRequest } from "../request-context";
import { baseDb, createBaseClient, db, inShop, pgPool, type BaseClient } from "./client.server";
import { makeTenancy, refuseTenantModels } from "./tenancy";

/** Where a read that may lag goes: the same four handles on the primary or on the replica. */
export type Reads = {
  target: "primary" | "replica";
  baseDb: BaseClient;
  db: typeof db;
  inShop: typeof inShop;
  pgPool: pg.Pool;
};

const primary: Reads = { target: "primary", baseDb, db, inShop, pgPool };

const g = globalThis as unknown as { __nearshopReplica?: Reads | null };
const replica: Reads | null = (g.__nearshopReplica ??= env.DATABASE_REPLICA_URL ? connectReplica(env.DATABASE_REPLICA_URL) : null);

function connectReplica(url: string): Reads {
  const pool = new pg.Pool({
    connectionString: url,
    max: env.DATABASE_POOL_SIZE,
    // A replica that is gone must not hold a page up: refused at once, or given up on quickly.
    connectionTimeoutMillis: 1500,
    application_name: "nearshop-replica-reads",
  });
  // An idle connection cut by the replica going away: the next read finds out and falls back.
  pool.on("error", () => {});
  const base = createBaseClient(pool);
  return { target: "replica", baseDb: base, db: base.$extends(refuseTenantModels), inShop: makeTenancy(base).inShop, pgPool: pool };
}

const scope = new AsyncLocalStorage<Reads>();

/** The handles for a read that may lag: the replica inside preferReplica, the primary everywhere else. */
export function reads(): Reads {
  return scope.getStore() ?? primary;
}

const RETRY_REPLICA_MS = 5000;
let downSince: number | null = null;
if (replica) metrics.replicaUp.set(1);

async function replicaAnswers(r: Reads): Promise<boolean> {
  try {
    await r.pgPool.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/** Prisma's messages quote the call over several lines; the last one says what happened. */
const why = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .split("\n")
    .filter((l) => l.trim())
    .pop() ?? "unknown error";

function replicaDown(error: unknown) {
  if (downSince === null) logger.warn("read replica unavailable: reading from the primary", { error: why(error) });
  downSince = Date.now();
  metrics.replicaUp.set(0);
}

function replicaBack() {
  if (downSince === null) return;
  logger.info("read replica answers again: storefront and report reads go back to it");
  downSince = null;
  metrics.replicaUp.set(1);
}

/** What to do with a read that failed on the replica while the replica itself answers. */
export type ReplicaFailure = {
  /** The error in a result that carries it instead of throwing (a tRPC middleware's next()). */
  errorOf?: (result: unknown) => unknown;
  /**
   * Errors that may only mean the replica is behind (a record created a moment
   * ago is "not found" there; a query cancelled by a conflict with recovery):
   * the read runs again on the primary, which has the answer.
   */
  behind?: (error: unknown) => boolean;
  /** The read's own answer (bad input, a spent budget): given as is, without asking whether the replica is up. */
  answer?: (error: unknown) => boolean;
};

/**
 * Runs `fn` (reads only) against the replica when there is one, unless this
 * request must see its own writes. When the replica fails and does not
 * answer a plain SELECT either, `fn` runs again on the primary (reads are
 * safe to repeat) and the replica is left alone for a few seconds; when it
 * answers but may just be behind, `fn` runs again on the primary once.
 */
export async function preferReplica<T>(fn: () => Promise<T>, on: ReplicaFailure = {}): Promise<T> {
  const onPrimary = (target: "primary" | "fallback" | "behind") => {
    metrics.laggingReads.inc({ target });
    return scope.run(primary, fn);
  };
  if (!replica || currentRequest()?.readPrimary) return onPrimary("primary");
  if (downSince !== null && Date.now() - downSince < RETRY_REPLICA_MS) return onPrimary("fallback");
  let error: unknown;
  let result: { value: T } | null = null;
  try {
    const value = await scope.run(replica, fn);
    error = on.errorOf?.(value);
    if (error === undefined) {
      replicaBack();
      metrics.laggingReads.inc({ target: "replica" });
      return value;
    }
    result = { value };
  } catch (thrown) {
    error = thrown;
  }
  if (on.answer?.(error)) {
    metrics.laggingReads.inc({ target: "replica" });
    if (result) return result.value;
    throw error;
  }
  if (!(await replicaAnswers(replica))) {
    replicaDown(error);
    return onPrimary("fallback");
  }
  if (on.behind?.(error)) return onPrimary("behind");
  // The read's own answer (a bad input, a shop that does not exist): the same on the primary.
  metrics.laggingReads.inc({ target: "replica" });
  if (result) return result.value;
  throw error;
}
