import { payoutIdSchema } from "../schemas/payments";
import { accountState, connectStripeAccount } from "../services/payments/connect";
import { commissionPlan } from "../services/payments/commission";
import { listDisputes } from "../services/payments/disputes";
import { balanceAndPayouts, payoutTransactions } from "../services/payments/payouts";
import { db } from "../db/client.server";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

/** The shop's card money: its own Stripe account (Connect), the commission policy, balance, payouts, disputes. */
export const paymentsRouter = router({
  account: shopProcedure("manager").query(async ({ ctx }) => ({
    ...(await accountState(ctx.shop.id)),
    plan: await commissionPlan(ctx.shop.id, ctx.shop.currency),
    currency: ctx.shop.currency,
  })),
  /** Onboarding through Stripe's Account Links: where to send the owner. */
  connect: shopProcedure("owner").mutation(async ({ ctx }) => {
    const owner = await db.user.findUniqueOrThrow({ where: { id: ctx.user.id }, select: { email: true } });
    return connectStripeAccount(ctx.shop, owner);
  }),
  balance: shopProcedure("manager").query(({ ctx }) => balanceAndPayouts(ctx.shop.id)),
  payout: shopProcedure("manager")
    .input(payoutIdSchema)
    .query(({ ctx, input }) => payoutTransactions(ctx.shop.id, input.payoutId)),
  disputes: shopProcedure("manager").query(({ ctx }) => listDisputes(ctx.shop.id)),
});
