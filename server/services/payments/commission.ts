import { baseDb, inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";

export type CommissionPlan = { percentBp: number; fixed: number; refundsReturnFee: boolean; source: "shop" | "platform" | "none" };

/** The platform's commission on one payment: a share plus a fixed amount, never more than the payment. */
export function commissionOn(amount: number, plan: Pick<CommissionPlan, "percentBp" | "fixed">): number {
  return Math.min(amount, Math.round((amount * plan.percentBp) / 10_000) + plan.fixed);
}

/** The fee's share that a refund gives back (Stripe's rule for refund_application_fee: in proportion). */
export function feeShare(fee: number, refunded: number, paid: number): number {
  return paid > 0 ? Math.round((fee * refunded) / paid) : 0;
}

/**
 * The shop's plan if a platform admin set one, else the platform's default
 * for the shop's currency, else none (no commission). Inside a transaction of
 * the shop, pass it: a second transaction opened meanwhile needs a second
 * connection, and waits forever for it when every connection is such a
 * first one (a pool, or PgBouncer, at its limit).
 */
export async function commissionPlan(shopId: string, currency: string, inTx?: ShopTx): Promise<CommissionPlan> {
  const select = { percentBp: true, fixed: true, refundsReturnFee: true } as const;
  const own = inTx ? await inTx.shopCommissionPlan.findFirst({ select }) : await inShop(shopId, (tx) => tx.shopCommissionPlan.findFirst({ select }));
  if (own) return { ...own, source: "shop" };
  const rate = await (inTx ?? baseDb).commissionRate.findUnique({ where: { currency: currency.toUpperCase() }, select: { percentBp: true, fixed: true } });
  return rate ? { ...rate, refundsReturnFee: true, source: "platform" } : { percentBp: 0, fixed: 0, refundsReturnFee: true, source: "none" };
}
