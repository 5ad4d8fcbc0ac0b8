import { shopDetailsSchema } from "../schemas/shop";
import { getShopSettings, updateShopSettings } from "../services/shops/settings";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const shopsRouter = router({
  /** The shop and the caller's role in it: every back-office page needs it. */
  current: shopProcedure("cashier").query(({ ctx }) => ({ shop: ctx.shop, role: ctx.role })),

  settings: shopProcedure("manager").query(({ ctx }) => getShopSettings(ctx.shop.id)),

  updateSettings: shopProcedure("manager")
    .input(shopDetailsSchema)
    .mutation(({ ctx, input }) => updateShopSettings(ctx.shop.id, input)),
});
