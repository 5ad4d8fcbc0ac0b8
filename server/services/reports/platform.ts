import { z } from "zod";
import { parseRows } from "../../db/rows";
import { baseDb, db } from "../../db/client.server";
import { DateTime } from "luxon";
import { getQueue, QUEUES } from "../../../jobs/queues";

const PAGE = 50;

/**
 * Platform admins' view: active shops, orders, gross merchandise value per
 * currency and refunds over the last `days` days (each shop's own days in
 * its timezone, from the rollups, as its dashboard counts them), failed
 * jobs per queue, and a sortable, paginated per-shop table.
 */
export async function platformReport(input: { days: number; sort: "revenue" | "orders" | "name" | "refunds"; page: number }, now = new Date()) {
  const to = DateTime.fromJSDate(now).toUTC().toISODate()!;
  const from = DateTime.fromJSDate(now)
    .toUTC()
    .minus({ days: input.days - 1 })
    .toISODate()!;
  const rows = parseRows(
    z.object({ shop_id: z.string(), orders: z.bigint(), revenue: z.bigint(), items: z.bigint(), refunds: z.bigint() }),
    await baseDb.$queryRaw`
    SELECT * FROM platform_sales(${input.days}::int, ${now}::timestamptz)`,
  );
  const shops = await db.shop.findMany({ select: { id: true, name: true, slug: true, status: true, currency: true } });
  const byShop = new Map(rows.map((r) => [r.shop_id, r]));
  const table = shops.map((s) => {
    const r = byShop.get(s.id);
    return { ...s, orders: Number(r?.orders ?? 0), revenue: Number(r?.revenue ?? 0), items: Number(r?.items ?? 0), refunds: Number(r?.refunds ?? 0) };
  });
  const gmv = new Map<string, { currency: string; revenue: number; refunds: number }>();
  for (const s of table) {
    const g = gmv.get(s.currency) ?? { currency: s.currency, revenue: 0, refunds: 0 };
    g.revenue += s.revenue;
    g.refunds += s.refunds;
    gmv.set(s.currency, g);
  }
  const sorted = table.sort((a, b) => (input.sort === "name" ? a.name.localeCompare(b.name) : b[input.sort] - a[input.sort] || a.name.localeCompare(b.name)));
  const failedJobs = await Promise.all(
    QUEUES.map(async (queue) => ({
      queue,
      failed: await getQueue(queue)
        .getFailedCount()
        .catch(() => null),
    })),
  );
  return {
    from,
    to,
    days: input.days,
    activeShops: shops.filter((s) => s.status === "active").length,
    shopCount: shops.length,
    orders: table.reduce((a, s) => a + s.orders, 0),
    gmv: [...gmv.values()].sort((a, b) => b.revenue - a.revenue),
    failedJobs,
    shops: sorted.slice((input.page - 1) * PAGE, input.page * PAGE),
    pages: Math.max(1, Math.ceil(sorted.length / PAGE)),
  };
}
