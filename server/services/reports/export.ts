import { reads } from "../../db/replica.server";
import { fromMinor } from "../../schemas/money";
import type { ExportTable, PeriodInput } from "../../schemas/reports";
import { dashboard, lowStock, productsSold, rangeOf } from "./dashboard";

type Shop = { id: string; currency: string; timezone: string };
export type Table = { filename: string; header: string[]; rows: (string | number)[][] };

/**
 * One dashboard table as rows for a CSV file: amounts in the shop's major
 * unit ("12.50", the currency in the header), days in the shop's timezone.
 * Products and low stock list everything, not just the dashboard's ten.
 */
export async function exportTable(shop: Shop, table: ExportTable, period: PeriodInput): Promise<Table> {
  const range = rangeOf(period, shop.timezone);
  const money = (minor: number) => fromMinor(minor, shop.currency);
  const c = shop.currency;
  const filename = `${table}-${range.from}-to-${range.to}.csv`;
  if (table === "products") {
    const rows = await reads().inShop(shop.id, (tx) => productsSold(tx, shop.id, range, "best", 100_000));
    return { filename, header: ["product", "units sold", `revenue (${c})`], rows: rows.map((r) => [r.title, r.quantity, money(r.revenue)]) };
  }
  if (table === "low-stock") {
    const rows = await reads().inShop(shop.id, (tx) => lowStock(tx, shop.id, 100_000));
    return {
      filename: "low-stock.csv",
      header: ["sku", "product", "location", "available", "threshold"],
      rows: rows.map((r) => [r.sku, r.title, r.location, r.available, r.threshold]),
    };
  }
  const d = await dashboard(shop, period);
  switch (table) {
    case "daily":
      return { filename, header: ["day", "orders", `revenue (${c})`], rows: d.byDay.map((r) => [r.day, r.orders, money(r.revenue)]) };
    case "hourly":
      return {
        filename,
        header: [`hour (${shop.timezone})`, "orders", `revenue (${c})`],
        rows: d.byHour.map((r) => [`${String(r.hour).padStart(2, "0")}:00`, r.orders, money(r.revenue)]),
      };
    case "payments":
      return { filename, header: ["method", "payments", `amount (${c})`], rows: d.byPayment.map((r) => [r.label, r.payments, money(r.amount)]) };
    case "channels":
    case "locations":
    case "staff": {
      const slices = { channels: d.byChannel, locations: d.byLocation, staff: d.byStaff }[table];
      const name = { channels: "channel", locations: "location", staff: "staff member" }[table];
      return { filename, header: [name, "orders", `revenue (${c})`], rows: slices.map((r) => [r.label, r.orders, money(r.revenue)]) };
    }
  }
}
