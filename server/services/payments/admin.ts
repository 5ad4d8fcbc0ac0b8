import { z } from "zod";
import { parseRows } from "../../db/rows";
import { baseDb, inShop } from "../../db/client.server";
import { notFound } from "../errors";
import { fieldInWords } from "./account-state";
import type { ShopPlanInput } from "../../schemas/payments";
import { actorSql } from "../audit/record";

const CommissionMonth = z.object({
  shop_id: z.string(),
  month: z.date(),
  currency: z.string(),
  orders: z.bigint(),
  gross: z.bigint(),
  fee: z.bigint(),
  fee_refunded: z.bigint(),
});
const RestrictedAccount = z.object({
  shop_id: z.string(),
  account_id: z.string(),
  charges_enabled: z.boolean(),
  payouts_enabled: z.boolean(),
  currently_due: z.array(z.string()),
  current_deadline: z.date().nullable(),
  disabled_reason: z.string().nullable(),
});
const OpenDispute = z.object({
  shop_id: z.string(),
  id: z.string(),
  order_id: z.string().nullable(),
  order_number: z.number().nullable(),
  amount: z.number(),
  currency: z.string(),
  reason: z.string(),
  status: z.string(),
  due_by: z.date().nullable(),
});
const CommissionPlan = z.object({ shop_id: z.string(), percent_bp: z.number(), fixed: z.number(), refunds_return_fee: z.boolean(), note: z.string() });

/**
 * The platform admin's payments page: commission earned per shop per
 * month (from the orders' recorded application fees, net of what refunds
 * gave back), shops whose Stripe accounts are restricted or need
 * information, open disputes across shops, and the commission settings.
 * Across shops through the owner-side functions of the Connect migration.
 */
export async function platformPayments(months: number) {
  const [byMonth, restricted, disputes, rates, plans] = await Promise.all([
    baseDb.$queryRaw`SELECT * FROM platform_commission_by_month(${months}::int)`.then((rows) => parseRows(CommissionMonth, rows)),
    baseDb.$queryRaw`SELECT * FROM platform_restricted_accounts()`.then((rows) => parseRows(RestrictedAccount, rows)),
    baseDb.$queryRaw`SELECT * FROM platform_open_disputes()`.then((rows) => parseRows(OpenDispute, rows)),
    baseDb.commissionRate.findMany({ orderBy: { currency: "asc" }, select: { currency: true, percentBp: true, fixed: true } }),
    baseDb.$queryRaw`SELECT * FROM platform_commission_plans()`.then((rows) => parseRows(CommissionPlan, rows)),
  ]);
  const ids = [...new Set([...byMonth, ...restricted, ...disputes, ...plans].map((r) => r.shop_id))];
  const shops = new Map(
    (await baseDb.shop.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, slug: true, currency: true, timezone: true } })).map((s) => [
      s.id,
      s,
    ]),
  );
  const shop = (id: string) => shops.get(id) ?? { id, name: "(deleted shop)", slug: "", currency: "EUR", timezone: "UTC" };
  return {
    commission: byMonth
      .map((r) => ({
        shop: shop(r.shop_id),
        month: r.month.toISOString().slice(0, 7),
        currency: r.currency,
        orders: Number(r.orders),
        gross: Number(r.gross),
        fee: Number(r.fee),
        feeRefunded: Number(r.fee_refunded),
        earned: Number(r.fee) - Number(r.fee_refunded),
      }))
      .sort((a, b) => b.month.localeCompare(a.month) || a.shop.name.localeCompare(b.shop.name)),
    restricted: restricted.map((r) => ({
      shop: shop(r.shop_id),
      accountId: r.account_id,
      chargesEnabled: r.charges_enabled,
      payoutsEnabled: r.payouts_enabled,
      due: r.currently_due.map(fieldInWords),
      deadline: r.current_deadline,
      disabledReason: r.disabled_reason,
    })),
    disputes: disputes.map((d) => ({
      shop: shop(d.shop_id),
      id: d.id,
      orderId: d.order_id,
      orderNumber: d.order_number,
      amount: d.amount,
      currency: d.currency,
      reason: d.reason,
      status: d.status,
      dueBy: d.due_by,
    })),
    rates,
    plans: plans.map((p) => ({ shop: shop(p.shop_id), percentBp: p.percent_bp, fixed: p.fixed, refundsReturnFee: p.refunds_return_fee, note: p.note })),
  };
}

export async function setCommissionRate(userId: string, input: { currency: string; percentBp: number; fixed: number }) {
  await baseDb.$transaction([
    baseDb.$executeRaw(actorSql()), // the audit log's "who, from where"
    baseDb.commissionRate.upsert({
      where: { currency: input.currency },
      create: { ...input, updatedBy: userId },
      update: { percentBp: input.percentBp, fixed: input.fixed, updatedBy: userId },
      select: { currency: true },
    }),
  ]);
  return input;
}

/** The shop back on the platform default. */
export async function clearShopPlan(shopId: string) {
  const exists = await baseDb.shop.findUnique({ where: { id: shopId }, select: { id: true } });
  if (!exists) throw notFound("Shop");
  const n = await inShop(shopId, (tx) => tx.shopCommissionPlan.deleteMany({}));
  return { shopId, cleared: n.count };
}

/** A shop's own commission plan. */
export async function setShopPlan(userId: string, input: ShopPlanInput) {
  const exists = await baseDb.shop.findUnique({ where: { id: input.shopId }, select: { id: true } });
  if (!exists) throw notFound("Shop");
  return inShop(input.shopId, async (tx) => {
    const { shopId, ...plan } = input;
    await tx.shopCommissionPlan.upsert({
      where: { shopId },
      create: { shopId, ...plan, updatedBy: userId },
      update: { ...plan, updatedBy: userId },
      select: { shopId: true },
    });
    return { shopId, plan };
  });
}
