import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { Prisma } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { notFound } from "../errors";
import type { Actor } from "./core";

type Totals = { cashSales: number; cashRefunds: number; cardSales: number; sales: number };

/**
 * The payments and refunds at a location that no cash-up has counted yet;
 * with `claimFor`, that cash-up claims them (cash_up_id). A sale committed
 * after a cash-up read the till, whatever its timestamp, so waits for the
 * next cash-up instead of falling between two.
 */
async function uncounted(tx: ShopTx, shopId: string, locationId: string, claimFor?: string): Promise<Totals> {
  const at = Prisma.sql`shop_id = ${shopId}::uuid AND location_id = ${locationId}::uuid AND cash_up_id IS NULL`;
  const cashRefund = Prisma.sql`kind = 'cash' AND status = 'succeeded'`;
  const payments = claimFor
    ? Prisma.sql`UPDATE payments SET cash_up_id = ${claimFor}::uuid WHERE ${at} RETURNING kind, amount, order_id`
    : Prisma.sql`SELECT kind, amount, order_id FROM payments WHERE ${at}`;
  const refunds = claimFor
    ? Prisma.sql`UPDATE refunds SET cash_up_id = ${claimFor}::uuid WHERE ${at} AND ${cashRefund} RETURNING amount`
    : Prisma.sql`SELECT amount FROM refunds WHERE ${at} AND ${cashRefund}`;
  const [row] = await tx.$queryRaw<Totals[]>`
    WITH p AS (${payments}), r AS (${refunds})
    SELECT coalesce((SELECT sum(amount) FROM p WHERE kind = 'cash'), 0)::int AS "cashSales",
           coalesce((SELECT sum(amount) FROM p WHERE kind = 'card_terminal'), 0)::int AS "cardSales",
           (SELECT count(DISTINCT order_id) FROM p)::int AS sales,
           coalesce((SELECT sum(amount) FROM r), 0)::int AS "cashRefunds"`;
  return row!;
}

/** Where the next cash-up's period starts: where the last one ended. */
async function periodStart(tx: ShopTx, locationId: string): Promise<Date> {
  const last = await tx.cashUp.findFirst({ where: { locationId }, orderBy: { periodEnd: "desc" }, select: { periodEnd: true } });
  return last?.periodEnd ?? new Date(0);
}

/** What the till should hold now: cash in and out since the last cash-up. */
export function cashUpPreview(shopId: string, locationId: string) {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: locationId }, select: { id: true, name: true } });
    if (!location) throw notFound("Location");
    const totals = { periodStart: await periodStart(tx, locationId), ...(await uncounted(tx, shopId, locationId)) };
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
 * difference. One cash-up at a time per location (an advisory lock); each
 * claims what it counts, so nothing is counted twice or missed.
 */
export function cashUp(shopId: string, actor: Actor, input: { locationId: string; float: number; counted: number; note?: string }) {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: input.locationId }, select: { id: true } });
    if (!location) throw notFound("Location");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`cash-up:${location.id}`}))`;
    // The row first (its totals filled in below): the claimed payments refer to it.
    const id = uuidv7();
    await tx.cashUp.create({
      data: {
        shopId, id, locationId: location.id, staffId: actor.userId, periodStart: await periodStart(tx, location.id), periodEnd: new Date(),
        float: input.float, cashSales: 0, cashRefunds: 0, expected: 0, counted: input.counted, difference: 0, note: input.note ?? "",
      },
      select: { id: true },
    });
    const t = await uncounted(tx, shopId, location.id, id);
    const expected = input.float + t.cashSales - t.cashRefunds;
    return tx.cashUp.update({
      where: { shopId_id: { shopId, id } },
      data: { cashSales: t.cashSales, cashRefunds: t.cashRefunds, expected, difference: input.counted - expected },
      select: { id: true, expected: true, counted: true, difference: true, cashSales: true, cashRefunds: true, periodStart: true, periodEnd: true },
    });
  });
}
