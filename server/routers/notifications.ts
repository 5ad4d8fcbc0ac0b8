import { z } from "zod";
import { idSchema } from "../schemas/common";
import { listNotifications, markRead } from "../services/notifications/inbox";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const notificationsRouter = router({
  list: shopProcedure("cashier")
    .input(z.object({ cursor: idSchema.optional() }))
    .query(({ ctx, input }) => listNotifications(ctx.shop.id, ctx.user.id, input.cursor)),

  markRead: shopProcedure("cashier")
    .input(z.object({ notificationId: idSchema }))
    .mutation(({ ctx, input }) => markRead(ctx.shop.id, ctx.user.id, input.notificationId)),

  markAllRead: shopProcedure("cashier").mutation(({ ctx }) => markRead(ctx.shop.id, ctx.user.id)),
});
