import { z } from "zod";
import { bigCount, parseRows } from "../../db/rows";
import { DateTime } from "luxon";
import { baseDb, inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { logger } from "../../logger";
import { redis } from "../../redis.server";
import { recordEvent, type OutboxEvent } from "../outbox/record";

/**
 * Something that counts in a shop's reports changed (an order placed, sold,
 * moved on or cancelled; a payment or refund): the `reports` queue rebuilds
 * the local days it touched. Written in the change's own transaction, so no
 * change is missed. `orderId` names the order whose placing day is touched;
 * the moment of the change itself is the other day.
 */
export async function reportChanged(tx: ShopTx, shopId: string, orderId: string) {
  await recordEvent(tx, salesChanged(shopId, orderId));
}

/** The event that tells the reports an order's figures moved (see reportChanged). */
export function salesChanged(shopId: string, orderId: string): OutboxEvent {
  return { type: "sales.changed", payload: { orderId, at: new Date().toISOString() }, shopId };
}

export type DayTotals = {
  ordersBefore: number;
  ordersAfter: number;
  revenueBefore: number;
  revenueAfter: number;
  refundsBefore: number;
  refundsAfter: number;
};

/** The shop's local date (YYYY-MM-DD) of an instant. */
export function localDay(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate() as string;
}

/** Bumped on every rebuild of one of the shop's days: cached dashboards keyed on it go stale at once. */
export const reportVersionKey = (shopId: string) => `reports:version:${shopId}`;

// report_rollup_day's row: the day's figures before and after the rebuild (sums are bigint).
const RollupRow = z.object({
  orders_before: z.number(),
  orders_after: z.number(),
  revenue_before: bigCount,
  revenue_after: bigCount,
  refunds_before: bigCount,
  refunds_after: bigCount,
});

/**
 * Rebuilds one shop's rollups for one local day from the ledger
 * (report_rollup_day in the reports migration) and invalidates its cached
 * dashboards. Idempotent: running it twice gives the same rows.
 */
export async function rollupDay(shopId: string, day: string): Promise<DayTotals> {
  const totals = await inShop(shopId, async (tx) => {
    const [row] = parseRows(RollupRow, await tx.$queryRaw`SELECT * FROM report_rollup_day(${shopId}::uuid, ${day}::date)`);
    return row!;
  });
  await redis.incr(reportVersionKey(shopId)).catch((error: unknown) => {
    // Redis down: cached dashboards expire on their own within minutes.
    logger.warn("could not invalidate cached reports", { shopId, error: String(error) });
  });
  return {
    ordersBefore: totals.orders_before,
    ordersAfter: totals.orders_after,
    revenueBefore: totals.revenue_before,
    revenueAfter: totals.revenue_after,
    refundsBefore: totals.refunds_before,
    refundsAfter: totals.refunds_after,
  };
}

const drifted = (t: DayTotals) => t.ordersBefore !== t.ordersAfter || t.revenueBefore !== t.revenueAfter || t.refundsBefore !== t.refundsAfter;

/** A rebuild that checks its work: a day whose rollups disagreed with the ledger is logged as corrected. */
async function correctDay(shopId: string, day: string): Promise<DayTotals & { corrected: boolean }> {
  const t = await rollupDay(shopId, day);
  const corrected = drifted(t);
  if (corrected) logger.warn("report rollups drifted from the ledger; corrected", { shopId, day, ...t });
  return { ...t, corrected };
}

/** The local days a change touched: the order's placing day and the day of the change. */
export async function daysTouched(shopId: string, orderId: string, at: Date): Promise<string[]> {
  const found = await inShop(shopId, async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } });
    const order = await tx.order.findFirst({ where: { id: orderId }, select: { createdAt: true } });
    return { timezone: shop.timezone, placed: order?.createdAt ?? null };
  });
  const days = new Set([localDay(at, found.timezone)]);
  if (found.placed) days.add(localDay(found.placed, found.timezone));
  return [...days];
}

/**
 * Closes shops' finished days: every shop whose local day ended (more than
 * 30 minutes ago) and is not closed has it rebuilt from the ledger. What
 * the rollups held before is kept beside what they hold now; a difference
 * is a drift the rebuild corrected, and it is logged.
 */
export async function closeFinishedDays(options: { batch?: number; concurrency?: number; onProgress?: (done: number) => void } = {}) {
  const batch = options.batch ?? 500;
  const concurrency = options.concurrency ?? 4;
  let closed = 0;
  let corrected = 0;
  for (;;) {
    const due = parseRows(
      z.object({ shop_id: z.string(), day: z.date() }),
      await baseDb.$queryRaw`SELECT shop_id, day FROM report_days_to_close(${batch}::int)`,
    );
    if (!due.length) break;
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < due.length) {
        const { shop_id: shopId, day: date } = due[next++]!;
        const day = date.toISOString().slice(0, 10);
        let t: Awaited<ReturnType<typeof correctDay>>;
        try {
          t = await correctDay(shopId, day);
        } catch (error) {
          failed++;
          logger.error("could not close a shop's day", { shopId, day, error: String(error) });
          continue;
        }
        await inShop(
          shopId,
          (tx) =>
            tx.$executeRaw`
            INSERT INTO report_closings (shop_id, day, orders_before, orders_after, revenue_before, revenue_after, refunds_before, refunds_after)
            VALUES (${shopId}::uuid, ${day}::date, ${t.ordersBefore}, ${t.ordersAfter}, ${t.revenueBefore}, ${t.revenueAfter}, ${t.refundsBefore}, ${t.refundsAfter})
            ON CONFLICT DO NOTHING`,
        );
        if (t.corrected) corrected++;
        closed++;
        options.onProgress?.(closed);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    // A day that failed would come back in the next batch: stop, and let the
    // next scheduled run try again.
    if (failed) return { closed, corrected, failed };
  }
  return { closed, corrected, failed: 0 };
}

/** Every local day from `from` to `to` (inclusive), as YYYY-MM-DD. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: "utc" }); d.toISODate()! <= to; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
}

/** Rebuilds a range of a shop's days (the reports:rebuild command); corrections are logged. */
export async function rebuildRange(shopId: string, from: string, to: string, onProgress?: (done: number, total: number) => void) {
  const days = daysBetween(from, to);
  let corrected = 0;
  for (const [i, day] of days.entries()) {
    if ((await correctDay(shopId, day)).corrected) corrected++;
    onProgress?.(i + 1, days.length);
  }
  return { days: days.length, corrected };
}
