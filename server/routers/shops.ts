import { receiptDetailsSchema, shopDetailsSchema } from "../schemas/shop";
import { profileImageKindSchema, profileImageSchema } from "../schemas/uploads";
import { removeProfileImage, setProfileImage } from "../services/shops/profile-images";
import { getShopSettings, updateReceiptDetails, updateShopSettings } from "../services/shops/settings";
import { lowStockNow, setupChecklist, todaySales, unreadNotifications } from "../services/shops/overview";
import { hasRole } from "../schemas/roles";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const shopsRouter = router({
  /** The shop, the caller's role in it and their unread notifications: the layout of every back-office page. */
  current: shopProcedure("cashier").query(({ ctx }) => ({ shop: ctx.shop, role: ctx.role, unread: ctx.unreadNotifications })),

  /**
   * The home page: today's sales against the same weekday last week and the
   * setup checklist (managers and owners, as reports are), low stock and the
   * member's unread notifications (everyone).
   */
  overview: shopProcedure("cashier").query(async ({ ctx }) => {
    const manager = hasRole(ctx.role, "manager");
    const [sales, checklist, low, notifications] = await Promise.all([
      manager ? todaySales(ctx.shop) : null,
      manager ? setupChecklist(ctx.shop.id) : null,
      lowStockNow(ctx.shop.id),
      unreadNotifications(ctx.shop.id, ctx.user.id),
    ]);
    return { sales, checklist, lowStock: low, notifications };
  }),

  settings: shopProcedure("manager").query(({ ctx }) => getShopSettings(ctx.shop.id)),

  updateSettings: shopProcedure("manager")
    .input(shopDetailsSchema)
    .mutation(({ ctx, input }) => updateShopSettings(ctx.shop.id, input)),

  /** The storefront's logo or cover photo, replacing the one before. */
  setProfileImage: shopProcedure("manager")
    .input(profileImageSchema)
    .mutation(({ ctx, input }) => setProfileImage(ctx.shop.id, input.kind, { data: input.data })),
  removeProfileImage: shopProcedure("manager")
    .input(profileImageKindSchema)
    .mutation(({ ctx, input }) => removeProfileImage(ctx.shop.id, input.kind)),

  /** What receipts print about the shop: VAT and company numbers, a footer. */
  updateReceipt: shopProcedure("manager")
    .input(receiptDetailsSchema)
    .mutation(({ ctx, input: { vatNumber, companyNumber, receiptFooter } }) => updateReceiptDetails(ctx.shop.id, { vatNumber, companyNumber, receiptFooter })),
});
