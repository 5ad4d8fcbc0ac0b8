import { forbidden, notFound } from "../services/errors";
import { z } from "zod";
import { db } from "../db/client.server";
import { Role, ShopStatus } from "../db/generated/client.ts";
import { parseRows } from "../db/rows";
import { hasRole } from "../schemas/roles";
import { slugSchema } from "../schemas/shop";
import { withAuditActor } from "../services/audit/actor";
import { spendShopCall } from "../auth/rate-limit.server";
import { authedProcedure, callPoints } from "./init";

/**
 * Tenancy, layer 1: the caller must be a member of the shop named in the
 * input, with at least `minRole`, before any work. The procedure then gets
 * the shop, the role and the member's unread notification count (for the
 * layout); services scope their database work with inShop.
 */
const Access = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
  status: z.enum(ShopStatus),
  role: z.enum(Role).nullable(),
  unread: z.number(),
});

/**
 * The shop, the user's role in it and their unread notifications (the shop
 * layout shows the count on every page), in one query: member_role and
 * unread_notifications in the migrations.
 */
async function shopAccess(userId: string, shopSlug: string) {
  const [row] = parseRows(
    Access,
    await db.$queryRaw`
      SELECT id, slug, name, currency, timezone, status::text AS status,
             member_role(id, ${userId}::uuid)::text AS role, unread_notifications(id, ${userId}::uuid) AS unread
      FROM shops WHERE slug = ${shopSlug}`,
  );
  if (!row) throw notFound("Shop");
  const { role, unread, ...shop } = row;
  if (!role) throw forbidden("You are not a member of this shop");
  return { shop, role, unread };
}

export function shopProcedure(minRole: Role) {
  return authedProcedure.input(z.object({ shopSlug: slugSchema })).use(async ({ ctx, input, type, next }) => {
    // Looked up once per request, however many procedures a page calls.
    const key = `shop:${input.shopSlug}`;
    let lookup = ctx.memo?.get(key) as ReturnType<typeof shopAccess> | undefined;
    if (!lookup) {
      lookup = shopAccess(ctx.user.id, input.shopSlug);
      ctx.memo?.set(key, lookup);
    }
    const { shop, role, unread } = await lookup;
    if (!hasRole(role, minRole)) {
      throw forbidden(`Only a shop ${minRole} or above can do this`);
    }
    // The shop's budget, all its members together (the person's own was spent in the public tier).
    await spendShopCall(shop.id, callPoints(type));
    // Every shop transaction below records this person as the actor (audit log).
    const actor = { userId: ctx.user.id, ip: ctx.ip, userAgent: ctx.userAgent ?? null, source: "back_office" as const };
    return withAuditActor(actor, () => next({ ctx: { ...ctx, shop, role, unreadNotifications: unread } }));
  });
}
