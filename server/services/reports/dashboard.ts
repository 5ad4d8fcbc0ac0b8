import { DateTime } from "luxon";
import { db, inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import { logger } from "../../logger";
import { redis } from "../../redis.server";
import type { PeriodInput } from "../../schemas/reports";
import { periodSchema } from "../../schemas/reports";
import { daysBetween, reportVersionKey } from "./rollup";

export type Range = { from: string; to: string; previousFrom: string; previousTo: string; days: number; today: string };

/** The period in the shop's own days, and the period of equal length before it. */
export function rangeOf(input: PeriodInput, timezone: string, now = new Date()): Range {
  const p = periodSchema.parse(input);
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf("day");
  const back = { today: 0, "7d": 6, "30d": 29, custom: 0 }[p.period];
  const from = p.period === "custom" ? DateTime.fromISO(p.from!, { zone: "utc" }) : today.minus({ days: back });
  const to = p.period === "custom" ? DateTime.fromISO(p.to!, { zone: "utc" }) : today;
  const days = Math.round(to.diff(from, "days").days) + 1;
  const iso = (d: DateTime) => d.toISODate() as string;
  return {
    from: iso(from), to: iso(to),
    previousFrom: iso(from.minus({ days })), previousTo: iso(from.minus({ days: 1 })),
    days, today: iso(today),
  };
}

export type Totals = { revenue: number; orders: number; items: number; averageBasket: number; refunds: number };
export type Slice = { key: string; label: string; revenue: number; orders: number };
export type Dashboard = {
  currency: string;
  timezone: string;
  range: Range;
  totals: Totals;
  previous: Totals;
  byDay: { day: string; revenue: number; orders: number }[];
  byHour: { hour: number; revenue: number; orders: number }[];
  byChannel: Slice[];
  byPayment: { key: string; label: string; amount: number; payments: number }[];
  byLocation: Slice[];
  byStaff: Slice[];
  topProducts: ProductRow[];
  bottomProducts: ProductRow[];
  lowStock: LowStockRow[];
};
export type ProductRow = { productId: string; title: string; quantity: number; revenue: number };
export type LowStockRow = { sku: string; title: string; location: string; available: number; threshold: number };

export const CHANNEL_LABELS: Record<string, string> = { till: "Till", pickup: "Online pickup", delivery: "Delivery" };
export const TENDER_LABELS: Record<string, string> = { cash: "Cash", card_terminal: "Card (terminal)", stripe: "Card (online)" };

async function totalsOf(tx: ShopTx, shopId: string, from: string, to: string): Promise<Totals> {
  const [s] = await tx.$queryRaw<{ revenue: number; orders: number; items: number }[]>`
    SELECT coalesce(sum(revenue), 0)::float8 AS revenue, coalesce(sum(orders), 0)::float8 AS orders, coalesce(sum(items), 0)::float8 AS items
    FROM report_sales WHERE shop_id = ${shopId}::uuid AND day BETWEEN ${from}::date AND ${to}::date`;
  const [r] = await tx.$queryRaw<{ refunds: number }[]>`
    SELECT coalesce(sum(amount), 0)::float8 AS refunds
    FROM report_refunds WHERE shop_id = ${shopId}::uuid AND day BETWEEN ${from}::date AND ${to}::date`;
  const { revenue, orders, items } = s!;
  return { revenue, orders, items, averageBasket: orders ? Math.round(revenue / orders) : 0, refunds: r!.refunds };
}

/** What a product sold in the period, best first (or worst first). */
export function productsSold(tx: ShopTx, shopId: string, range: Pick<Range, "from" | "to">, order: "best" | "worst", limit: number) {
  const direction = order === "best" ? "DESC" : "ASC";
  return tx.$queryRawUnsafe<ProductRow[]>(
    `SELECT product_id AS "productId", (array_agg(title ORDER BY day DESC))[1] AS title,
            sum(quantity)::float8 AS quantity, sum(revenue)::float8 AS revenue
     FROM report_products WHERE shop_id = $1::uuid AND day BETWEEN $2::date AND $3::date
     GROUP BY product_id ORDER BY sum(revenue) ${direction}, product_id LIMIT $4`,
    shopId, range.from, range.to, limit,
  );
}

/** Variants at or below their low-stock threshold now (current stock, not history). */
export function lowStock(tx: ShopTx, shopId: string, limit: number) {
  return tx.$queryRaw<LowStockRow[]>`
    SELECT v.sku, p.title, l.name AS location, (s.on_hand - s.reserved)::int AS available, s.low_stock_threshold AS threshold
    FROM stock_levels s
    JOIN variants v ON v.shop_id = s.shop_id AND v.id = s.variant_id
    JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
    JOIN locations l ON l.shop_id = s.shop_id AND l.id = s.location_id
    WHERE s.shop_id = ${shopId}::uuid AND s.low_stock_threshold IS NOT NULL AND s.on_hand - s.reserved <= s.low_stock_threshold
      AND p.status = 'active'
    ORDER BY (s.on_hand - s.reserved) - s.low_stock_threshold, p.title, v.sku
    LIMIT ${limit}`;
}

async function build(shopId: string, range: Range, shop: { currency: string; timezone: string }): Promise<Dashboard> {
  const data = await inShop(shopId, async (tx) => {
    const between = [shopId, range.from, range.to] as const;
    const totals = await totalsOf(tx, shopId, range.from, range.to);
    const previous = await totalsOf(tx, shopId, range.previousFrom, range.previousTo);
    const byDay = await tx.$queryRawUnsafe<{ day: Date; revenue: number; orders: number }[]>(
      `SELECT day, sum(revenue)::float8 AS revenue, sum(orders)::float8 AS orders FROM report_sales
       WHERE shop_id = $1::uuid AND day BETWEEN $2::date AND $3::date GROUP BY day`, ...between);
    const byHour = await tx.$queryRawUnsafe<{ hour: number; revenue: number; orders: number }[]>(
      `SELECT hour::int AS hour, sum(revenue)::float8 AS revenue, sum(orders)::float8 AS orders FROM report_sales
       WHERE shop_id = $1::uuid AND day BETWEEN $2::date AND $3::date GROUP BY hour`, ...between);
    const slices = (column: string) =>
      tx.$queryRawUnsafe<{ key: string | null; revenue: number; orders: number }[]>(
        `SELECT ${column}::text AS key, sum(revenue)::float8 AS revenue, sum(orders)::float8 AS orders FROM report_sales
         WHERE shop_id = $1::uuid AND day BETWEEN $2::date AND $3::date GROUP BY 1 ORDER BY 2 DESC`, ...between);
    const byChannel = await slices("channel");
    const byLocation = await slices("location_id");
    const byStaff = await slices("staff_id");
    const byPayment = await tx.$queryRaw<{ key: string; amount: number; payments: number }[]>`
      SELECT kind::text AS key, sum(amount)::float8 AS amount, sum(payments)::float8 AS payments FROM report_payments
      WHERE shop_id = ${shopId}::uuid AND day BETWEEN ${range.from}::date AND ${range.to}::date GROUP BY 1 ORDER BY 2 DESC`;
    const topProducts = await productsSold(tx, shopId, range, "best", 10);
    const bottomProducts = await productsSold(tx, shopId, range, "worst", 10);
    const low = await lowStock(tx, shopId, 20);
    const locations = await tx.location.findMany({ select: { id: true, name: true } });
    return { totals, previous, byDay, byHour, byChannel, byLocation, byStaff, byPayment, topProducts, bottomProducts, low, locations };
  });
  const staffIds = data.byStaff.map((s) => s.key).filter((k): k is string => k !== null);
  const staff = staffIds.length ? await db.user.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }) : [];
  const dayMap = new Map(data.byDay.map((d) => [d.day.toISOString().slice(0, 10), d]));
  const hourMap = new Map(data.byHour.map((h) => [h.hour, h]));
  const nameOf = (list: { id: string; name: string }[], id: string | null, none: string) =>
    id === null ? none : (list.find((x) => x.id === id)?.name ?? "Former staff member");
  return {
    currency: shop.currency,
    timezone: shop.timezone,
    range,
    totals: data.totals,
    previous: data.previous,
    byDay: daysBetween(range.from, range.to).map((day) => ({ day, revenue: dayMap.get(day)?.revenue ?? 0, orders: dayMap.get(day)?.orders ?? 0 })),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, revenue: hourMap.get(hour)?.revenue ?? 0, orders: hourMap.get(hour)?.orders ?? 0 })),
    byChannel: data.byChannel.map((c) => ({ ...c, key: c.key ?? "", label: CHANNEL_LABELS[c.key ?? ""] ?? String(c.key) })),
    byPayment: data.byPayment.map((p) => ({ ...p, label: TENDER_LABELS[p.key] ?? p.key })),
    byLocation: data.byLocation.map((l) => ({ ...l, key: l.key ?? "", label: nameOf(data.locations, l.key, "Unknown location") })),
    byStaff: data.byStaff.map((s) => ({ ...s, key: s.key ?? "online", label: nameOf(staff, s.key, "Online (no cashier)") })),
    topProducts: data.topProducts,
    bottomProducts: data.bottomProducts,
    lowStock: data.low,
  };
}

const CACHE_SECONDS = 600;

/**
 * A shop's dashboard for a period, from the rollups only. Cached in Redis
 * under the shop's report version, which every rebuild of one of its days
 * bumps, so a new sale shows on the next read after its rollup. "Today"
 * moves at the shop's midnight, so the key carries the dates, not the name.
 */
export async function dashboard(shop: { id: string; currency: string; timezone: string }, input: PeriodInput): Promise<Dashboard> {
  const range = rangeOf(input, shop.timezone);
  let key: string | null = null;
  try {
    const version = (await redis.get(reportVersionKey(shop.id))) ?? "0";
    key = `reports:dashboard:${shop.id}:${version}:${range.from}:${range.to}`;
    const hit = await redis.get(key);
    if (hit) return JSON.parse(hit) as Dashboard;
  } catch (error) {
    logger.warn("report cache unavailable; reading the rollups", { error: String(error) });
  }
  const fresh = await build(shop.id, range, shop);
  if (key) await redis.set(key, JSON.stringify(fresh), "EX", CACHE_SECONDS).catch(() => undefined);
  return fresh;
}
