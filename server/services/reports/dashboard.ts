import { z } from "zod";
import { parseRows } from "../../db/rows";
import { Prisma } from "../../db/generated/client.ts";
import { reads } from "../../db/replica.server";
import type { ShopTx } from "../../db/tenancy";
import { logger } from "../../logger";
import { redis } from "../../redis.server";
import type { PeriodInput } from "../../schemas/reports";
import { periodSchema } from "../../schemas/reports";
import { localDay, reportVersionKey } from "./rollup";

export type Range = { from: string; to: string; previousFrom: string; previousTo: string; days: number; today: string };

const DAY_MS = 86_400_000;

/** A YYYY-MM-DD date moved by whole days (calendar days: UTC has no clock changes). */
const plusDays = (day: string, n: number) => new Date(Date.parse(day) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * The period in the shop's own days, and the period of equal length before
 * it. Called on every dashboard read, so once the shop's date is known it
 * does plain calendar arithmetic (luxon's zone-aware arithmetic took 60 µs
 * here, most of a cached read's own work).
 */
export function rangeOf(input: PeriodInput, timezone: string, now = new Date()): Range {
  const p = periodSchema.parse(input);
  const today = localDay(now, timezone);
  const back = { today: 0, "7d": 6, "30d": 29, custom: 0 }[p.period];
  const from = p.period === "custom" ? p.from! : plusDays(today, -back);
  const to = p.period === "custom" ? p.to! : today;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  return { from, to, previousFrom: plusDays(from, -days), previousTo: plusDays(from, -1), days, today };
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
const ProductRow = z.object({ productId: z.string(), title: z.string(), quantity: z.number(), revenue: z.number() });
export type ProductRow = z.output<typeof ProductRow>;
const LowStockRow = z.object({ sku: z.string(), title: z.string(), location: z.string(), available: z.number(), threshold: z.number() });
export type LowStockRow = z.output<typeof LowStockRow>;

export const CHANNEL_LABELS: Record<string, string> = { till: "Till", pickup: "Online pickup", delivery: "Delivery" };
export const TENDER_LABELS: Record<string, string> = { cash: "Cash", card_terminal: "Card (terminal)", stripe: "Card (online)", exchange: "Exchange credit" };

/** What each product sold in the period. */
function productTotalsSql(shopId: string, range: Pick<Range, "from" | "to">) {
  return Prisma.sql`
    SELECT product_id AS "productId", (array_agg(title ORDER BY day DESC))[1] AS title,
           sum(quantity)::float8 AS quantity, sum(revenue)::float8 AS revenue
    FROM report_products WHERE shop_id = ${shopId}::uuid AND day BETWEEN ${range.from}::date AND ${range.to}::date
    GROUP BY product_id`;
}

/** Products from `totals`, best sellers first (or worst first). */
function ranked(totals: Prisma.Sql, order: "best" | "worst", limit: number) {
  return Prisma.sql`SELECT * FROM (${totals}) p ORDER BY revenue ${Prisma.raw(order === "best" ? "DESC" : "ASC")}, "productId" LIMIT ${limit}`;
}

/** What a product sold in the period, best first (or worst first). */
export function productsSold(tx: ShopTx, shopId: string, range: Pick<Range, "from" | "to">, order: "best" | "worst", limit: number) {
  return tx.$queryRaw(ranked(productTotalsSql(shopId, range), order, limit)).then((rows) => parseRows(ProductRow, rows));
}

/** Variants at or below their low-stock threshold now (current stock, not history). */
function lowStockSql(shopId: string, limit: number) {
  return Prisma.sql`
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

export function lowStock(tx: ShopTx, shopId: string, limit: number) {
  return tx.$queryRaw(lowStockSql(shopId, limit)).then((rows) => parseRows(LowStockRow, rows));
}

const Figures = z.object({ revenue: z.number(), orders: z.number(), items: z.number(), refunds: z.number() });
const Slice = z.object({ key: z.string(), label: z.string(), revenue: z.number(), orders: z.number() });
// dashboardSql's one row (JSON all through, so numbers are numbers).
const Row = z.object({
  totals: Figures,
  previous: Figures,
  byDay: z.array(z.object({ day: z.string(), revenue: z.number(), orders: z.number() })),
  byHour: z.array(z.object({ hour: z.number(), revenue: z.number(), orders: z.number() })),
  byChannel: z.array(Slice.omit({ label: true })),
  byPayment: z.array(z.object({ key: z.string(), amount: z.number(), payments: z.number() })),
  byLocation: z.array(Slice),
  byStaff: z.array(Slice),
  topProducts: z.array(ProductRow),
  bottomProducts: z.array(ProductRow),
  lowStock: z.array(LowStockRow),
});

/**
 * Everything the dashboard shows, in one statement (one round trip): the
 * period's rollup rows are read once and every total, chart and slice is
 * aggregated from them; days and hours without sales come back as zeros.
 */
function dashboardSql(shopId: string, range: Range) {
  const shop = Prisma.sql`shop_id = ${shopId}::uuid`;
  const period = Prisma.sql`day BETWEEN ${range.from}::date AND ${range.to}::date`;
  const before = Prisma.sql`day BETWEEN ${range.previousFrom}::date AND ${range.previousTo}::date`;
  const totals = (when: Prisma.Sql) => Prisma.sql`
    SELECT coalesce(sum(revenue), 0)::float8 AS revenue, coalesce(sum(orders), 0)::float8 AS orders, coalesce(sum(items), 0)::float8 AS items,
           (SELECT coalesce(sum(amount), 0)::float8 FROM report_refunds WHERE ${shop} AND ${when}) AS refunds
    FROM report_sales WHERE ${shop} AND ${when}`;
  // One slice per value of `column`: its key and label as the page shows them.
  const slices = (column: Prisma.Sql, key: Prisma.Sql, label: Prisma.Sql, names = Prisma.empty) => Prisma.sql`
    SELECT coalesce(json_agg(json_build_object('key', ${key}, 'label', ${label}, 'revenue', x.revenue, 'orders', x.orders) ORDER BY x.revenue DESC, ${key}), '[]'::json)
    FROM (SELECT ${column} AS k, sum(revenue)::float8 AS revenue, sum(orders)::float8 AS orders FROM s GROUP BY 1) x ${names}`;
  const json = (rows: Prisma.Sql) => Prisma.sql`(SELECT coalesce(json_agg(r), '[]'::json) FROM (${rows}) r)`;
  return Prisma.sql`
    WITH s AS MATERIALIZED (SELECT day, hour, channel, location_id, staff_id, orders, revenue, items FROM report_sales WHERE ${shop} AND ${period}),
         p AS MATERIALIZED (${productTotalsSql(shopId, range)})
    SELECT
      (SELECT to_json(t) FROM (${totals(period)}) t) AS totals,
      (SELECT to_json(t) FROM (${totals(before)}) t) AS previous,
      (SELECT json_agg(json_build_object('day', to_char(d, 'YYYY-MM-DD'), 'revenue', coalesce(x.revenue, 0), 'orders', coalesce(x.orders, 0)) ORDER BY d)
       FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') d
       LEFT JOIN (SELECT day, sum(revenue)::float8 AS revenue, sum(orders)::float8 AS orders FROM s GROUP BY day) x ON x.day = d::date) AS "byDay",
      (SELECT json_agg(json_build_object('hour', h, 'revenue', coalesce(x.revenue, 0), 'orders', coalesce(x.orders, 0)) ORDER BY h)
       FROM generate_series(0, 23) h
       LEFT JOIN (SELECT hour, sum(revenue)::float8 AS revenue, sum(orders)::float8 AS orders FROM s GROUP BY hour) x ON x.hour = h) AS "byHour",
      (${slices(Prisma.sql`channel`, Prisma.sql`x.k`, Prisma.sql`x.k`)}) AS "byChannel",
      (${slices(
        Prisma.sql`location_id`,
        Prisma.sql`x.k::text`,
        Prisma.sql`coalesce(l.name, 'Unknown location')`,
        Prisma.sql`LEFT JOIN locations l ON l.shop_id = ${shopId}::uuid AND l.id = x.k`,
      )}) AS "byLocation",
      (${slices(
        Prisma.sql`staff_id`,
        Prisma.sql`coalesce(x.k::text, 'online')`,
        Prisma.sql`CASE WHEN x.k IS NULL THEN 'Online (no cashier)' ELSE coalesce(u.name, 'Former staff member') END`,
        Prisma.sql`LEFT JOIN users u ON u.id = x.k`,
      )}) AS "byStaff",
      ${json(Prisma.sql`SELECT kind::text AS key, sum(amount)::float8 AS amount, sum(payments)::float8 AS payments FROM report_payments
        WHERE ${shop} AND ${period} GROUP BY 1 ORDER BY 2 DESC, 1`)} AS "byPayment",
      ${json(ranked(Prisma.sql`SELECT * FROM p`, "best", 10))} AS "topProducts",
      ${json(ranked(Prisma.sql`SELECT * FROM p`, "worst", 10))} AS "bottomProducts",
      ${json(lowStockSql(shopId, 20))} AS "lowStock"`;
}

async function build(shopId: string, range: Range, shop: { currency: string; timezone: string }): Promise<Dashboard> {
  const [row] = parseRows(Row, await reads().inShop(shopId, (tx) => tx.$queryRaw(dashboardSql(shopId, range))));
  if (!row) throw new Error("The dashboard's query answered no row");
  const { totals, previous, ...rest } = row;
  const basket = (t: Omit<Totals, "averageBasket">): Totals => ({ ...t, averageBasket: t.orders ? Math.round(t.revenue / t.orders) : 0 });
  return {
    currency: shop.currency,
    timezone: shop.timezone,
    range,
    ...rest,
    totals: basket(totals),
    previous: basket(previous),
    byChannel: rest.byChannel.map((c) => ({ ...c, label: CHANNEL_LABELS[c.key] ?? c.key })),
    byPayment: rest.byPayment.map((p) => ({ ...p, label: TENDER_LABELS[p.key] ?? p.key })),
  };
}

const CACHE_SECONDS = 600;

/**
 * A shop's dashboard for a period, from the rollups only. Cached in Redis
 * with the shop's report version it was built at; every rebuild of one of
 * the shop's days bumps the version, so a new sale shows on the next read
 * after its rollup. One MGET reads the version and the entry together; an
 * entry from another version is a miss (a read that raced a rebuild may
 * store one, and the next read replaces it). "Today" moves at the shop's
 * midnight, so the key carries the dates, not the period's name.
 */
export async function dashboard(shop: { id: string; currency: string; timezone: string }, input: PeriodInput): Promise<Dashboard> {
  const range = rangeOf(input, shop.timezone);
  const key = `reports:dashboard:${shop.id}:${range.from}:${range.to}`;
  let version: string | null = null;
  try {
    const [current, entry] = await redis.mget(reportVersionKey(shop.id), key);
    version = current ?? "0";
    if (entry?.startsWith(`${version}\n`)) return JSON.parse(entry.slice(version.length + 1)) as Dashboard;
  } catch (error) {
    logger.warn("report cache unavailable; reading the rollups", { error: String(error) });
  }
  const fresh = await build(shop.id, range, shop);
  if (version !== null) await redis.set(key, `${version}\n${JSON.stringify(fresh)}`, "EX", CACHE_SECONDS).catch(() => undefined);
  return fresh;
}
