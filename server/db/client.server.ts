import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import { env } from "../env.server";
import { makeTenancy, refuseTenantModels } from "./tenancy";
import { MAX_PREPARED_ARGS, statementName } from "./statements";

/** Off behind a pooler that cannot keep them (env DATABASE_PREPARED_STATEMENTS). */
export const preparedStatements = env.DATABASE_PREPARED_STATEMENTS === "true";

export function createBaseClient(pool: pg.Pool) {
  return new PrismaClient({
    adapter: new PrismaPg(pool, {
      disposeExternalPool: true,
      // Prepared once per connection (db/statements.ts): a till sale's
      // statements are parsed and planned once, not on every sale.
      statementNameGenerator: (query) => (preparedStatements && query.args.length <= MAX_PREPARED_ARGS ? statementName(query.sql) : ""),
    }),
    log: env.LOG_LEVEL === "debug" ? ["query", "warn", "error"] : ["warn", "error"],
  });
}

export type BaseClient = ReturnType<typeof createBaseClient>;

const globalForDb = globalThis as unknown as { __nearshopDb?: BaseClient; __nearshopPool?: pg.Pool };

/**
 * The connections, as the app role. Prisma's adapter runs on this pool; the
 * search engine's hand-written reads of public tables use it directly
 * (services/search/postgres.ts), so both share one set of connections.
 */
export const pgPool: pg.Pool = (globalForDb.__nearshopPool ??= new pg.Pool({
  connectionString: env.APP_DATABASE_URL,
  max: env.DATABASE_POOL_SIZE,
}));

/**
 * The raw client, connected as the app role (nearshop_app). Only tenancy.ts
 * and the outbox use it directly; everything else goes through `db` or a
 * shop-scoped client.
 */
export const baseDb: BaseClient = (globalForDb.__nearshopDb ??= createBaseClient(pgPool));

/** For non-tenant models (users, sessions, shops, outbox). */
export const db = baseDb.$extends(refuseTenantModels);
export type Db = typeof db;

export const { shopDb, inShop, inShops, asUser, asAuditReader } = makeTenancy(baseDb);
