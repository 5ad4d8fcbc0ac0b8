import { blankSessionCookie } from "../services/accounts/sessions";
import { customerRecordSchema, eraseMeSchema } from "../schemas/privacy";
import { eraseMe, myData } from "../services/privacy/account";
import { eraseCustomer, exportCustomer } from "../services/privacy/customers";
import { authedProcedure, router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

/** Data rights (issue 17): a person's own data, and a shop's answer to a request about one customer. */
export const privacyRouter = router({
  myData: authedProcedure.query(({ ctx }) => myData(ctx.user.id)),
  eraseMe: authedProcedure.input(eraseMeSchema).mutation(async ({ ctx, input }) => {
    const erased = await eraseMe(ctx.user.id, input.password);
    ctx.setCookie?.(blankSessionCookie()); // every session ended with the account
    return erased;
  }),
  exportCustomer: shopProcedure("manager")
    .input(customerRecordSchema)
    .query(({ ctx, input }) => exportCustomer(ctx.shop.id, input.customerId)),
  eraseCustomer: shopProcedure("manager")
    .input(customerRecordSchema)
    .mutation(({ ctx, input }) => eraseCustomer(ctx.shop.id, input.customerId)),
});
