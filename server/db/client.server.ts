import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";
import { env } from "../env.server";
import { makeTenancy, refuseTenantModels } from "./tenancy";

function createBaseClient(connectionString = env.APP_DATABASE_URL) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: env.DATABASE_POOL_SIZE }),
    log: env.LOG_LEVEL === "debug" ? ["query", "warn", "error"] : ["warn", "error"],
  });
}

export type BaseClient = ReturnType<typeof createBaseClient>;

const globalForDb = globalThis as unknown as { __nearshopDb?: BaseClient };

/**
 * The raw client, connected as the app role (nearshop_app). Only tenancy.ts
 * and the outbox use it directly; everything else goes through `db` or a
 * shop-scoped client.
 */
export const baseDb: BaseClient = (globalForDb.__nearshopDb ??= createBaseClient());

/** For non-tenant models (users, sessions, shops, outbox). */
export const db = baseDb.$extends(refuseTenantModels);
export type Db = typeof db;

export const { shopDb, inShop, asUser } = makeTenancy(baseDb);
