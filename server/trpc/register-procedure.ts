import { TRPCError } from "@trpc/server";
import { registerByToken } from "../services/registers/registers";
import { spendShopCall } from "../auth/rate-limit.server";
import { callPoints, publicProcedure } from "./init";

/**
 * A paired register, known by the token in its HttpOnly cookie rather than
 * by anyone's session: the shop is the register's, never one named in the
 * input, so a register of shop A cannot act in shop B. A PIN signs people
 * in to this register's till only; nothing here opens the back office.
 * `acceptUnpaired`: the sync still takes an unpaired register's sales, to
 * hold them for a manager.
 */
export function registerProcedure(options: { acceptUnpaired?: boolean } = {}) {
  return publicProcedure.use(async ({ ctx, type, next }) => {
    const register = await registerByToken(ctx.registerToken);
    if (!register) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "This browser is not paired to a register: a manager pairs it under Registers" });
    }
    if (register.unpaired && !options.acceptUnpaired) {
      throw new TRPCError({ code: "FORBIDDEN", message: "This register was unpaired by a manager: a manager pairs it again under Registers" });
    }
    // The register's shop's budget, shared with its back office.
    await spendShopCall(register.shopId, callPoints(type));
    return next({ ctx: { ...ctx, register } });
  });
}
