import { inShop } from "../db/client.server";
import { recordAudit } from "../services/audit/record";
import { exportSchema, periodSchema } from "../schemas/reports";
import { dashboard } from "../services/reports/dashboard";
import { exportTable } from "../services/reports/export";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";
import { replicaReads } from "../trpc/replica-reads";

export const reportsRouter = router({
  /** How the shop is doing over a period, from the rollups (cached). */
  dashboard: shopProcedure("manager")
    .use(replicaReads)
    .input(periodSchema)
    .query(({ ctx, input: { period, from, to } }) => dashboard(ctx.shop, { period, from, to })),
  /** One of the dashboard's tables, all rows, for a CSV download. */
  export: shopProcedure("manager")
    .use(replicaReads)
    .input(periodSchema.and(exportSchema))
    .query(async ({ ctx, input: { period, from, to, table } }) => {
      await inShop(ctx.shop.id, (tx) =>
        recordAudit(tx, ctx.shop.id, { kind: "export.report", recordType: "reports", recordLabel: table, after: { period, from, to } }),
      );
      return exportTable(ctx.shop, table, { period, from, to });
    }),
});
