import { z } from "zod";
import { parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { Prisma } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { notFound } from "../errors";
import type { Actor } from "./core";

const Totals = z.object({ cashSales: z.number(), cashRefunds: z.number(), cardSales: z.number(), sales: z.number() });
type Totals = z.output<typeof Totals>;

/**
 * The payments and refunds at a location that no cash-up has counted yet;
 * with `claimFor`, that cash-up claims them (cash_up_id). A sale committed
 * after a cash-up read the till, whatever its timestamp, so waits for the
 * next cash-up instead of falling between two.
 */
async function uncounted(tx: ShopTx, shopId: string, till: Till, claimFor?: string): Promise<Totals> {
  // A register counts its own drawer; the location's count is what no register took.
  const register = till.registerId ? Prisma.sql`register_id = ${till.registerId}::uuid` : Prisma.sql`register_id IS NULL`;
  const at = Prisma.sql`shop_id = ${shopId}::uuid AND location_id = ${till.locationId}::uuid AND ${register} AND cash_up_id IS NULL`;
  const cashRefund = Prisma.sql`kind = 'cash' AND status = 'succeeded'`;
  const payments = claimFor
    ? Prisma.sql`UPDATE payments SET cash_up_id = ${claimFor}::uuid WHERE ${at} RETURNING kind, amount, order_id`
    : Prisma.sql`SELECT kind, amount, order_id FROM payments WHERE ${at}`;
  const refunds = claimFor
    ? Prisma.sql`UPDATE refunds SET cash_up_id = ${claimFor}::uuid WHERE ${at} AND ${cashRefund} RETURNING amount`
    : Prisma.sql`SELECT amount FROM refunds WHERE ${at} AND ${cashRefund}`;
  const [row] = parseRows(
    Totals,
    await tx.$queryRaw`
    WITH p AS (${payments}), r AS (${refunds})
    SELECT coalesce((SELECT sum(amount) FROM p WHERE kind = 'cash'), 0)::int AS "cashSales",
           coalesce((SELECT sum(amount) FROM p WHERE kind = 'card_terminal'), 0)::int AS "cardSales",
           (SELECT count(DISTINCT order_id) FROM p)::int AS sales,
           coalesce((SELECT sum(amount) FROM r), 0)::int AS "cashRefunds"`,
  );
  return row!;
}

/** A till to count: a location's shared drawer, or one register's. */
type Till = { locationId: string; registerId?: string | null };

/** Where the next cash-up's period starts: where the last one ended. */
async function periodStart(tx: ShopTx, till: Till): Promise<Date> {
  const last = await tx.cashUp.findFirst({
    where: { locationId: till.locationId, registerId: till.registerId ?? null },
    orderBy: { periodEnd: "desc" },
    select: { periodEnd: true },
  });
  return last?.periodEnd ?? new Date(0);
}

/** The till's location, and its register when one is named (which must be at that location). */
async function tillAt(tx: ShopTx, locationId: string, registerId?: string | null) {
  const location = await tx.location.findFirst({ where: { id: locationId }, select: { id: true, name: true } });
  if (!location) throw notFound("Location");
  if (!registerId) return { location, register: null };
  const register = await tx.register.findFirst({ where: { id: registerId, locationId }, select: { id: true, name: true } });
  if (!register) throw notFound("Register");
  return { location, register };
}

/** What the till should hold now: cash in and out since the last cash-up. */
export function cashUpPreview(shopId: string, locationId: string, registerId?: string | null) {
  return inShop(shopId, async (tx) => {
    const { location, register } = await tillAt(tx, locationId, registerId);
    const till = { locationId, registerId: register?.id ?? null };
    const totals = { periodStart: await periodStart(tx, till), ...(await uncounted(tx, shopId, till)) };
    const history = await tx.cashUp.findMany({
      where: { locationId, registerId: till.registerId },
      orderBy: { periodEnd: "desc" },
      take: 10,
      select: { id: true, periodStart: true, periodEnd: true, expected: true, counted: true, difference: true, note: true, float: true },
    });
    return { location, register, ...totals, history };
  });
}

/**
 * Closes the till: expected cash is the float plus cash taken minus cash
 * refunded since the last cash-up; the count is recorded beside it with the
 * difference. One cash-up at a time per location (an advisory lock); each
 * claims what it counts, so nothing is counted twice or missed.
 */
export function cashUp(shopId: string, actor: Actor, input: { locationId: string; registerId?: string; float: number; counted: number; note?: string }) {
  return inShop(shopId, async (tx) => {
    const { location, register } = await tillAt(tx, input.locationId, input.registerId);
    const till = { locationId: location.id, registerId: register?.id ?? null };
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`cash-up:${location.id}:${till.registerId ?? ""}`}))`;
    // The row first (its totals filled in below): the claimed payments refer to it.
    const id = uuidv7();
    await tx.cashUp.create({
      data: {
        shopId,
        id,
        locationId: location.id,
        registerId: till.registerId,
        staffId: actor.userId,
        periodStart: await periodStart(tx, till),
        periodEnd: new Date(),
        float: input.float,
        cashSales: 0,
        cashRefunds: 0,
        expected: 0,
        counted: input.counted,
        difference: 0,
        note: input.note ?? "",
      },
      select: { id: true },
    });
    const t = await uncounted(tx, shopId, till, id);
    const expected = input.float + t.cashSales - t.cashRefunds;
    return tx.cashUp.update({
      where: { shopId_id: { shopId, id } },
      data: { cashSales: t.cashSales, cashRefunds: t.cashRefunds, expected, difference: input.counted - expected },
      select: { id: true, expected: true, counted: true, difference: true, cashSales: true, cashRefunds: true, periodStart: true, periodEnd: true },
    });
  });
}
