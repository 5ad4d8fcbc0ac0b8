import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who is acting in the back office (or the admin area), for the audit log.
 * Set once per procedure call by the tiers (shopProcedure,
 * platformAdminProcedure); every shop transaction opened below carries it to
 * PostgreSQL beside app.shop_id (setShopSql), where the audit triggers read
 * it. Customers' checkout, jobs and webhooks run without one: their writes
 * are not back-office writes.
 */
export type AuditActor = {
  userId: string | null;
  ip: string;
  userAgent: string | null;
  /**
   * back_office and admin writes are logged by the shop triggers; account (a
   * person's own account, signed in or not) only where asked for. The rest
   * act for someone without a browser: import (the worker applying a CSV
   * import, as the person who started it), system (Stripe's webhooks, as
   * no one), register (a paired till's sales, as the cashier of each sale).
   */
  source: "back_office" | "admin" | "account" | "import" | "system" | "register";
};

const store = new AsyncLocalStorage<AuditActor>();

export function withAuditActor<T>(actor: AuditActor, fn: () => T): T {
  return store.run(actor, fn);
}

export function currentAuditActor(): AuditActor | undefined {
  return store.getStore();
}

/**
 * The actor as the `app.actor` setting the triggers read ('' when none).
 * In a shop transaction (`scope: "shop"`) only the back office and the admin
 * area count: a customer's checkout is not a back-office write.
 */
export function auditActorSetting(scope: "shop" | "account" = "shop"): string {
  const a = store.getStore();
  if (!a || (scope === "shop" && a.source === "account")) return "";
  return JSON.stringify({ u: a.userId, ip: a.ip ? a.ip.slice(0, 64) : null, ua: (a.userAgent ?? "").slice(0, 300), src: a.source });
}
