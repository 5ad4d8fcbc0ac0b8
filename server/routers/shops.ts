import { shopDetailsSchema } from "../schemas/shop";
import { getShopSettings, updateShopSettings } from "../services/shops/settings";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const shopsRouter = router({
  /** The shop, the caller's role in it and their unread notifications: the layout of every back-office page. */
  current: shopProcedure("cashier").query(({ ctx }) => ({ shop: ctx.shop, role: ctx.role, unread: ctx.unreadNotifications })),

  settings: shopProcedure("manager").query(({ ctx }) => getShopSettings(ctx.shop.id)),

  updateSettings: shopProcedure("manager")
    .input(shopDetailsSchema)
    .mutation(({ ctx, input }) => updateShopSettings(ctx.shop.id, input)),
});
