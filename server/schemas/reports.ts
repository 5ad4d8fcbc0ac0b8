import { z } from "zod";

export const PERIODS = ["today", "7d", "30d", "custom"] as const;
export type Period = (typeof PERIODS)[number];

/** Longest custom period: a little over two years of daily figures. */
export const MAX_DAYS = 800;

const isoDate = (label: string) => z.iso.date({ message: `${label}: a date like 2026-11-21` });

/** What a dashboard or export covers; the shop's own days (its timezone). */
export const periodSchema = z
  .object({
    period: z.enum(PERIODS, { message: "Period: today, 7d, 30d or custom" }).default("7d"),
    from: isoDate("From").optional(),
    to: isoDate("To").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.period !== "custom") return;
    if (!v.from) ctx.addIssue({ code: "custom", path: ["from"], message: "From: choose the first day of the period" });
    if (!v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "To: choose the last day of the period" });
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "To: the last day must not come before the first" });
    if (v.from && v.to) {
      const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1;
      if (days > MAX_DAYS) ctx.addIssue({ code: "custom", path: ["from"], message: `The period is ${days} days: ${MAX_DAYS} at most` });
    }
  });
export type PeriodInput = z.input<typeof periodSchema>;

export const EXPORTS = ["daily", "hourly", "channels", "payments", "locations", "staff", "products", "low-stock"] as const;
export type ExportTable = (typeof EXPORTS)[number];
export const exportSchema = z.object({ table: z.enum(EXPORTS, { message: `Table: one of ${EXPORTS.join(", ")}` }) });

export const platformReportSchema = z.object({
  days: z.number().int().min(1, "Days: 1 or more").max(MAX_DAYS, `Days: ${MAX_DAYS} at most`).default(30),
  sort: z.enum(["revenue", "orders", "name", "refunds"], { message: "Sort by revenue, orders, name or refunds" }).default("revenue"),
  page: z.number().int().min(1, "Page: 1 or more").max(1000, "Page: 1,000 at most").default(1),
});
