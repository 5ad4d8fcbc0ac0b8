import { z } from "zod";
import { parseRows } from "../../db/rows";
import { DateTime } from "luxon";
import { inShop } from "../../db/client.server";
import { lowStock, type LowStockRow } from "../reports/dashboard";

/** A day's sales from the rollups: all day, and up to the same local hour. */
const DaySales = z.object({ day: z.string(), revenue: z.number(), orders: z.number(), revenueByNow: z.number(), ordersByNow: z.number(), refunds: z.number() });
export type DaySales = z.output<typeof DaySales>;
export type TodaySales = { today: DaySales; lastWeek: DaySales; hour: number; weekday: string };

const SetupRow = z.object({
  products: z.boolean(),
  hours: z.boolean(),
  selling: z.boolean().nullable(),
  payments: z.boolean(),
  staff: z.boolean().nullable(),
  sale: z.boolean(),
});

export type SetupStep = { key: "products" | "hours" | "selling" | "payments" | "staff" | "sale"; done: boolean };

/**
 * Today so far against the same weekday last week, in the shop's own days
 * and hours. Read from the report rollups (report_sales, report_refunds),
 * never the ledger: "by now" counts the hours before the current one plus
 * the current one, on both days.
 */
export function todaySales(shop: { id: string; timezone: string }, now = new Date()): Promise<TodaySales> {
  const local = DateTime.fromJSDate(now, { zone: shop.timezone });
  const today = local.toISODate() as string;
  const lastWeek = local.minus({ days: 7 }).toISODate() as string;
  const hour = local.hour;
  return inShop(shop.id, async (tx) => {
    const rows = parseRows(
      DaySales,
      await tx.$queryRaw`
      SELECT to_char(d, 'YYYY-MM-DD') AS day,
             coalesce(sum(s.revenue), 0)::float8 AS revenue, coalesce(sum(s.orders), 0)::float8 AS orders,
             coalesce(sum(s.revenue) FILTER (WHERE s.hour <= ${hour}), 0)::float8 AS "revenueByNow",
             coalesce(sum(s.orders) FILTER (WHERE s.hour <= ${hour}), 0)::float8 AS "ordersByNow",
             (SELECT coalesce(sum(r.amount), 0)::float8 FROM report_refunds r WHERE r.shop_id = ${shop.id}::uuid AND r.day = d::date) AS refunds
      FROM unnest(ARRAY[${today}::date, ${lastWeek}::date]) d
      LEFT JOIN report_sales s ON s.shop_id = ${shop.id}::uuid AND s.day = d::date
      GROUP BY d`,
    );
    const of = (day: string): DaySales => ({
      ...(rows.find((r) => r.day === day) ?? { day, revenue: 0, orders: 0, revenueByNow: 0, ordersByNow: 0, refunds: 0 }),
    });
    return { today: of(today), lastWeek: of(lastWeek), hour, weekday: local.setLocale("en-GB").weekdayLong ?? "" };
  });
}

/** Variants at or below their threshold now (stock levels, not the ledger). */
export function lowStockNow(shopId: string, limit = 8): Promise<LowStockRow[]> {
  return inShop(shopId, (tx) => lowStock(tx, shopId, limit)).then((rows) => rows.map((r) => ({ ...r })));
}

/** The member's newest unread notifications. */
export function unreadNotifications(shopId: string, userId: string, limit = 5) {
  return inShop(shopId, (tx) =>
    tx.notification.findMany({
      where: { userId, readAt: null },
      orderBy: { id: "desc" },
      take: limit,
      select: { id: true, title: true, body: true, link: true, createdAt: true },
    }),
  );
}

/**
 * A new shop's first steps, each ticked by what the shop has really done:
 * an active product, opening hours set, selling settings saved, card payments able to charge,
 * a second member or an invitation out, a first order.
 */
export async function setupChecklist(shopId: string): Promise<SetupStep[]> {
  const [row] = await inShop(shopId, (tx) =>
    tx.$queryRaw`
      SELECT EXISTS (SELECT 1 FROM products WHERE shop_id = ${shopId}::uuid AND status = 'active') AS products,
             EXISTS (SELECT 1 FROM location_hours WHERE shop_id = ${shopId}::uuid) AS hours,
             (SELECT selling_saved_at IS NOT NULL FROM shops WHERE id = ${shopId}::uuid) AS selling,
             EXISTS (SELECT 1 FROM shop_stripe_accounts WHERE shop_id = ${shopId}::uuid AND charges_enabled) AS payments,
             (SELECT count(*) FROM memberships WHERE shop_id = ${shopId}::uuid) > 1
               OR EXISTS (SELECT 1 FROM invitations WHERE shop_id = ${shopId}::uuid) AS staff,
             EXISTS (SELECT 1 FROM orders WHERE shop_id = ${shopId}::uuid) AS sale`.then((rows) => parseRows(SetupRow, rows)),
  );
  const done = row ?? { products: false, hours: false, selling: false, payments: false, staff: false, sale: false };
  return (["products", "hours", "selling", "payments", "staff", "sale"] as const).map((key) => ({ key, done: Boolean(done[key]) }));
}
