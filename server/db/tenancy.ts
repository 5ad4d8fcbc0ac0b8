import { Prisma } from "./generated/client.ts";
import type { BaseClient } from "./client.server";
import { auditActorSetting } from "../services/audit/actor";

/** Models whose rows belong to one shop (a shop_id column, RLS policies). */
export const TENANT_MODELS = [
  "Membership",
  "Invitation",
  "Product",
  "Variant",
  "ProductImage",
  "Location",
  "StockLevel",
  "StockMovement",
  "Notification",
  "ImportJob",
  "Customer",
  "Order",
  "OrderLine",
  "OrderEvent",
  "Payment",
  "Refund",
  "CashUp",
  "Cart",
  "ShopSequence",
  "ReportSales",
  "ReportPayments",
  "ReportRefunds",
  "ReportProducts",
  "ReportClosing",
  "ShopStripeAccount",
  "ShopCommissionPlan",
  "CardDispute",
  "DuplicatePayment",
  "Register",
  "RegisterSale",
  "VariantTombstone",
  "AuditEvent",
  "SavedFilter",
  "LocationHours",
  "LocationException",
  "SmsMessage",
] as const;
const tenantModels = new Set<string>(TENANT_MODELS);

export class TenantScopeError extends Error {}

/** Layer 2, part 1: outside a shop scope, tenant models are off limits. */
export const refuseTenantModels = Prisma.defineExtension({
  name: "refuse-tenant-models",
  query: {
    $allModels: {
      $allOperations({ model, operation, args, query }) {
        if (tenantModels.has(model)) {
          throw new TenantScopeError(`${model}.${operation} needs a shop scope: use shopDb(shopId) or inShop(shopId, fn)`);
        }
        return query(args);
      },
    },
  },
});

type AnyArgs = Record<string, unknown> & { where?: unknown; data?: unknown };

function stamp(data: unknown, shopId: string): unknown {
  if (Array.isArray(data)) return data.map((d) => stamp(d, shopId));
  const row = (data ?? {}) as Record<string, unknown>;
  if (row.shopId !== undefined && row.shopId !== shopId) {
    throw new TenantScopeError("Refusing to write a row for another shop");
  }
  return { ...row, shopId };
}

function scopeWhere(where: unknown, shopId: string): object {
  const w = (where ?? {}) as Record<string, unknown>;
  if (w.shopId !== undefined && w.shopId !== shopId) {
    // Loud, not silent: rewriting the filter would act on the wrong rows.
    throw new TenantScopeError("Refusing to query another shop's rows");
  }
  return { ...w, shopId };
}

/**
 * Layer 2, part 2: inside a shop scope, every read and bulk write on a tenant
 * model is filtered by the shop, and every created row is stamped with it.
 */
export function scopeToShop(shop: string | (() => string | null)) {
  const current = () => {
    const shopId = typeof shop === "string" ? shop : shop();
    if (!shopId) throw new TenantScopeError("No shop entered yet: call enter(shopId) first");
    return shopId;
  };
  return Prisma.defineExtension({
    name: "scope-to-shop",
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!tenantModels.has(model)) return query(args);
          const shopId = current();
          const a = { ...(args as AnyArgs) };
          switch (operation) {
            case "create":
              a.data = stamp(a.data, shopId);
              break;
            case "createMany":
            case "createManyAndReturn":
              a.data = stamp(a.data, shopId);
              break;
            case "upsert":
              a.where = scopeWhere(a.where, shopId);
              a.create = stamp(a.create, shopId);
              break;
            default:
              a.where = scopeWhere(a.where, shopId);
          }
          return query(a as typeof args);
        },
      },
    },
  });
}

/**
 * Layer 3: the setting every row-level security policy reads, and who is
 * acting (the audit triggers read `app.actor`; empty outside the back office).
 */
export function setShopSql(shopId: string) {
  return Prisma.sql`SELECT set_config('app.shop_id', ${shopId}, true), set_config('app.actor', ${auditActorSetting()}, true)`;
}

export type ShopTx = Prisma.TransactionClient;

export function makeTenancy(base: BaseClient) {
  /**
   * A client for one shop. Each call runs in its own transaction that first
   * sets app.shop_id, so PostgreSQL enforces the scope too.
   */
  function shopDb(shopId: string) {
    return base.$extends(scopeToShop(shopId)).$extends(
      Prisma.defineExtension((client) =>
        client.$extends({
          query: {
            $allModels: {
              async $allOperations({ args, query }) {
                const [, result] = await client.$transaction([client.$executeRaw(setShopSql(shopId)), query(args)]);
                return result;
              },
            },
          },
        }),
      ),
    );
  }

  /** Several statements for one shop in one transaction (atomic). */
  function inShop<T>(
    shopId: string,
    fn: (tx: ShopTx) => Promise<T>,
    options?: { isolationLevel?: Prisma.TransactionIsolationLevel; timeout?: number },
  ): Promise<T> {
    return base.$extends(scopeToShop(shopId)).$transaction(async (tx) => {
      await tx.$executeRaw(setShopSql(shopId));
      return fn(tx as ShopTx);
    }, options);
  }

  /**
   * Several shops' statements in ONE transaction, all or nothing (a cart
   * across shops). `enter(shopId)` switches the scope, in both layers (the
   * extension's filter and app.shop_id), for the statements that follow; a
   * tenant model touched before the first enter is refused. Enter the shops
   * in one order everywhere (by id) so two such transactions cannot
   * deadlock on each other's rows.
   */
  function inShops<T>(
    fn: (enter: (shopId: string) => Promise<ShopTx>) => Promise<T>,
    options?: { isolationLevel?: Prisma.TransactionIsolationLevel; timeout?: number },
  ): Promise<T> {
    let current: string | null = null;
    return base.$extends(scopeToShop(() => current)).$transaction(async (tx) => {
      const enter = async (shopId: string) => {
        current = shopId;
        await tx.$executeRaw(setShopSql(shopId));
        return tx as ShopTx;
      };
      return fn(enter);
    }, options);
  }

  /** A user's own memberships across shops (RLS policy memberships_own). */
  function asUser<T>(userId: string, fn: (tx: ShopTx) => Promise<T>): Promise<T> {
    return base.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
      return fn(tx);
    });
  }

  /**
   * A platform admin's read of every shop's audit log: the one policy that
   * lets audit_events be read across shops looks for this setting.
   */
  function asAuditReader<T>(fn: (tx: ShopTx) => Promise<T>): Promise<T> {
    return base.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.audit_reader', 'platform', true)`;
      return fn(tx);
    });
  }

  return { shopDb, inShop, inShops, asUser, asAuditReader };
}

export type ShopDb = ReturnType<ReturnType<typeof makeTenancy>["shopDb"]>;
