import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { db, inShop, shopDb } from "../db/client.server";
import type { Role } from "../db/generated/client.ts";
import { hasRole } from "../schemas/roles";
import { slugSchema } from "../schemas/shop";
import { authedProcedure } from "./init";

/**
 * Tenancy, layer 1: the caller must be a member of the shop named in the
 * input, with at least `minRole`, before any work. The procedure then gets
 * the shop, the role, and database access scoped to that shop.
 */
export function shopProcedure(minRole: Role) {
  return authedProcedure
    .input(z.object({ shopSlug: slugSchema }))
    .use(async ({ ctx, input, next }) => {
      const shop = await db.shop.findUnique({
        where: { slug: input.shopSlug },
        select: { id: true, slug: true, name: true, currency: true, timezone: true, status: true },
      });
      if (!shop) throw new TRPCError({ code: "NOT_FOUND", message: "Shop not found" });
      const membership = await inShop(shop.id, (tx) =>
        tx.membership.findFirst({ where: { userId: ctx.user.id }, select: { role: true } }),
      );
      if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this shop" });
      if (!hasRole(membership.role, minRole)) {
        throw new TRPCError({ code: "FORBIDDEN", message: `Only a shop ${minRole} or above can do this` });
      }
      return next({ ctx: { ...ctx, shop, role: membership.role, db: shopDb(shop.id) } });
    });
}
