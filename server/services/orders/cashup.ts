import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { notFound } from "../errors";
import type { Actor } from "./core";

type Totals = { periodStart: Date; cashSales: number; cashRefunds: number; cardSales: number; sales: number };

async function totalsSinceLastCashUp(tx: ShopTx, shopId: string, locationId: string, until: Date): Promise<Totals> {
  const last = await tx.cashUp.findFirst({ where: { locationId }, orderBy: { periodEnd: "desc" }, select: { periodEnd: true } });
  const periodStart = last?.periodEnd ?? new Date(0);
  const [row] = await tx.$queryRaw<{ cashSales: number; cardSales: number; sales: number; cashRefunds: number }[]>`
    SELECT
      coalesce((SELECT sum(amount) FROM payments WHERE shop_id = ${shopId}::uuid AND location_id = ${locationId}::uuid
                AND kind = 'cash' AND created_at > ${periodStart} AND created_at <= ${until}), 0)::int AS "cashSales",
      coalesce((SELECT sum(amount) FROM payments WHERE shop_id = ${shopId}::uuid AND location_id = ${locationId}::uuid
                AND kind = 'card_terminal' AND created_at > ${periodStart} AND created_at <= ${until}), 0)::int AS "cardSales",
      (SELECT count(DISTINCT order_id) FROM payments WHERE shop_id = ${shopId}::uuid AND location_id = ${locationId}::uuid
                AND created_at > ${periodStart} AND created_at <= ${until})::int AS sales,
      coalesce((SELECT sum(amount) FROM refunds WHERE shop_id = ${shopId}::uuid AND location_id = ${locationId}::uuid
                AND kind = 'cash' AND status = 'succeeded' AND created_at > ${periodStart} AND created_at <= ${until}), 0)::int AS "cashRefunds"`;
  return { periodStart, ...row! };
}

/** What the till should hold now: cash in and out since the last cash-up. */
export function cashUpPreview(shopId: string, locationId: string) {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: locationId }, select: { id: true, name: true } });
    if (!location) throw notFound("Location");
    const totals = await totalsSinceLastCashUp(tx, shopId, locationId, new Date());
    const history = await tx.cashUp.findMany({
      where: { locationId }, orderBy: { periodEnd: "desc" }, take: 10,
      select: { id: true, periodStart: true, periodEnd: true, expected: true, counted: true, difference: true, note: true, float: true },
    });
    return { location, ...totals, history };
  });
}

/**
 * Closes the till: expected cash is the float plus cash taken minus cash
 * refunded since the last cash-up; the count is recorded beside it with the
 * difference. One cash-up at a time per location (an advisory lock), so two
 * cannot claim the same period.
 */
export function cashUp(shopId: string, actor: Actor, input: { locationId: string; float: number; counted: number; note?: string }) {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: input.locationId }, select: { id: true } });
    if (!location) throw notFound("Location");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`cash-up:${location.id}`}))`;
    const periodEnd = new Date();
    const t = await totalsSinceLastCashUp(tx, shopId, location.id, periodEnd);
    const expected = input.float + t.cashSales - t.cashRefunds;
    return tx.cashUp.create({
      data: {
        shopId, locationId: location.id, staffId: actor.userId, periodStart: t.periodStart, periodEnd, float: input.float,
        cashSales: t.cashSales, cashRefunds: t.cashRefunds, expected, counted: input.counted, difference: input.counted - expected,
        note: input.note ?? "",
      },
      select: { id: true, expected: true, counted: true, difference: true, cashSales: true, cashRefunds: true, periodStart: true, periodEnd: true },
    });
  });
}
