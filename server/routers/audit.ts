import { auditListSchema } from "../schemas/audit";
import { auditExportPage, listAudit } from "../services/audit/read";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

/** The shop's audit log: owners only (it names who did what, from where). */
export const auditRouter = router({
  list: shopProcedure("owner")
    .input(auditListSchema)
    .query(({ ctx, input }) => listAudit(ctx.shop, input)),
  /** One page of the CSV export; the first page records the export. */
  exportPage: shopProcedure("owner")
    .input(auditListSchema)
    .query(({ ctx, input }) => auditExportPage(ctx.shop, input)),
});
