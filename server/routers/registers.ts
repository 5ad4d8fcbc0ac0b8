import { spendAttempt } from "../auth/rate-limit.server";
import { env } from "../env.server";
import {
  feedSchema,
  offlineHoursSchema,
  pinCheckSchema,
  registerIdSchema,
  registerInputSchema,
  resetPinSchema,
  reviewSchema,
  setPinSchema,
  syncSchema,
  tillFindSaleSchema,
  tillReturnSchema,
} from "../schemas/registers";
import { findTillSale, returnAtRegister } from "../services/registers/returns";
import { catalogFeed } from "../services/registers/feed";
import { checkPin, pinStates, pinVerifiers, resetPin, setPin } from "../services/registers/pins";
import {
  allocateBlock,
  createRegister,
  offlineHours,
  listRegisters,
  pairRegister,
  registerCookie,
  registerState,
  setOfflineHours,
  unpairRegister,
} from "../services/registers/registers";
import { resolveSale, reviewList, syncSales } from "../services/registers/sync";
import { inShop } from "../db/client.server";
import { addTillCustomer, tillCustomers } from "../services/customers/till";
import { tillCustomerCreateSchema, tillCustomerSearchSchema } from "../schemas/till";
import { router } from "../trpc/init";
import { registerProcedure } from "../trpc/register-procedure";
import { shopProcedure } from "../trpc/shop-procedure";
import { inputInLanguage } from "../trpc/input-language";
import { CUSTOMER_ADD_KEYS, CUSTOMER_SEARCH_KEYS } from "../schemas/till-messages";

const secure = env.NODE_ENV === "production";

/** The back office's side: registers, pairing, PINs, the review list. */
export const registersRouter = router({
  /** Cashiers see them too: the cash-up counts one register's drawer. */
  list: shopProcedure("cashier").query(({ ctx }) => listRegisters(ctx.shop.id)),
  create: shopProcedure("manager")
    .input(registerInputSchema)
    .mutation(({ ctx, input }) => createRegister(ctx.shop.id, input)),
  /** Pairs the browser making the request: the token goes in an HttpOnly cookie, never in the body. */
  pair: shopProcedure("manager")
    .input(registerIdSchema)
    .mutation(async ({ ctx, input }) => {
      const { token } = await pairRegister(ctx.shop.id, input.registerId);
      ctx.setCookie?.(registerCookie(token, secure));
      return { paired: true };
    }),
  unpair: shopProcedure("manager")
    .input(registerIdSchema)
    .mutation(({ ctx, input }) => unpairRegister(ctx.shop.id, input.registerId)),
  settings: shopProcedure("manager").query(({ ctx }) => offlineHours(ctx.shop.id)),
  setOfflineHours: shopProcedure("manager")
    .input(offlineHoursSchema)
    .mutation(({ ctx, input }) => setOfflineHours(ctx.shop.id, input.offlineHours)),
  review: shopProcedure("manager").query(({ ctx }) => reviewList(ctx.shop.id)),
  resolve: shopProcedure("manager")
    .input(reviewSchema)
    .mutation(({ ctx, input }) => resolveSale(ctx.shop.id, { userId: ctx.user.id, label: `${ctx.user.name} (${ctx.role})` }, input)),
  /** Anyone on the staff sets their own till PIN. */
  setPin: shopProcedure("cashier")
    .input(setPinSchema)
    .mutation(({ ctx, input }) => setPin(ctx.shop.id, ctx.user.id, input.pin)),
  pins: shopProcedure("manager").query(({ ctx }) => pinStates(ctx.shop.id)),
  /** The owner clears a forgotten or locked PIN. */
  resetPin: shopProcedure("owner")
    .input(resetPinSchema)
    .mutation(({ ctx, input }) => resetPin(ctx.shop.id, input.membershipId)),
});

/** The paired register's side, known by its cookie: what the till needs online and to sell offline. */
export const tillRouter = router({
  /** The register, its shop's till settings and the PIN verifiers it keeps for offline sign-in. */
  boot: registerProcedure().query(async ({ ctx }) => {
    const { shopId, registerId } = ctx.register;
    const [state, staff] = await Promise.all([inShop(shopId, (tx) => registerState(tx, registerId)), pinVerifiers(shopId)]);
    const { unpairedAt: _, ...register } = state;
    return { register, staff };
  }),
  feed: registerProcedure()
    .input(feedSchema)
    .query(async ({ ctx, input }) => {
      const { shopId, registerId } = ctx.register;
      const { locationId } = await inShop(shopId, (tx) => registerState(tx, registerId));
      return catalogFeed(shopId, locationId, input);
    }),
  /** The next block of this register's receipt numbers. */
  block: registerProcedure().mutation(({ ctx }) => inShop(ctx.register.shopId, (tx) => allocateBlock(tx, ctx.register.shopId, ctx.register.registerId))),
  checkPin: registerProcedure()
    .input(pinCheckSchema)
    .mutation(async ({ ctx, input }) => {
      await spendAttempt("pin", ctx.ip, `${ctx.register.registerId}|${input.userId}`);
      return checkPin(ctx.register.shopId, input, ctx.locale ?? "en");
    }),
  /** A sale found from its receipt, for a return (online only: returns need the server). */
  findSale: registerProcedure()
    .input(tillFindSaleSchema)
    .query(({ ctx, input }) => findTillSale(ctx.register.shopId, input.receipt)),
  /** A return, approved by a manager's PIN checked on the server; the money leaves this register's drawer. */
  returnSale: registerProcedure()
    .input(tillReturnSchema)
    .mutation(async ({ ctx, input }) => {
      const { shopId, registerId } = ctx.register;
      await spendAttempt("pin", ctx.ip, `${registerId}|${input.approval.userId}`);
      const { locationId, name } = await inShop(shopId, (tx) => registerState(tx, registerId));
      return returnAtRegister(shopId, { registerId, locationId, name }, input, ctx.locale ?? "en");
    }),
  /** The shop's customers, to attach one to a sale (online only: the register keeps no customer list). */
  customers: registerProcedure()
    .use(inputInLanguage(CUSTOMER_SEARCH_KEYS))
    .input(tillCustomerSearchSchema)
    .query(({ ctx, input }) => tillCustomers(ctx.register.shopId, input.q)),
  addCustomer: registerProcedure()
    .use(inputInLanguage(CUSTOMER_ADD_KEYS))
    .input(tillCustomerCreateSchema)
    .mutation(({ ctx, input: { name, email, phone } }) => addTillCustomer(ctx.register.shopId, { name, email, phone })),
  sync: registerProcedure({ acceptUnpaired: true })
    .input(syncSchema)
    .mutation(({ ctx, input }) => syncSales(ctx.register.shopId, ctx.register.registerId, input.sales)),
});
