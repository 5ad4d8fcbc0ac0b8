import { platformAuditSchema } from "../schemas/audit";
import { platformAudit } from "../services/audit/read";
import { z } from "zod";
import { platformReportSchema } from "../schemas/reports";
import { platformReport } from "../services/reports/platform";
import { listShopsForAdmin, shopForAdmin } from "../services/shops/admin";
import { adminPaymentsSchema, commissionRateSchema, shopIdSchema, shopPlanSchema } from "../schemas/payments";
import { clearShopPlan, platformPayments, setCommissionRate, setShopPlan } from "../services/payments/admin";
import { platformAdminProcedure, router } from "../trpc/init";

export const adminRouter = router({
  shops: platformAdminProcedure
    .input(
      z.object({
        q: z.string().trim().max(100, "Search with 100 characters at most").optional(),
        cursor: z.uuid().optional(),
      }),
    )
    .query(({ input }) => listShopsForAdmin(input)),
  /** One shop by id, for the commission plan form. */
  shop: platformAdminProcedure.input(shopIdSchema).query(({ input }) => shopForAdmin(input.shopId)),
  /** Totals across shops and a per-shop table, from the rollups. */
  platformReport: platformAdminProcedure.input(platformReportSchema).query(({ input }) => platformReport(input)),
  /** Commission per shop per month, restricted accounts, open disputes, commission settings. */
  payments: platformAdminProcedure.input(adminPaymentsSchema).query(({ input }) => platformPayments(input.months)),
  setCommissionRate: platformAdminProcedure.input(commissionRateSchema).mutation(({ ctx, input }) => setCommissionRate(ctx.user.id, input)),
  setShopPlan: platformAdminProcedure.input(shopPlanSchema).mutation(({ ctx, input }) => setShopPlan(ctx.user.id, input)),
  /** Every shop's audit log and the account events (sign-ins, second factor), newest first. */
  audit: platformAdminProcedure.input(platformAuditSchema).query(({ input }) => platformAudit(input)),
  clearShopPlan: platformAdminProcedure.input(shopIdSchema).mutation(({ input }) => clearShopPlan(input.shopId)),
});
