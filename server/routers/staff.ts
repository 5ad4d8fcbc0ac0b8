import { z } from "zod";
import { idSchema } from "../schemas/common";
import { acceptInviteSchema, changeRoleSchema, invitationIdSchema, inviteSchema, membershipIdSchema } from "../schemas/staff";
import { tokenInputSchema } from "../schemas/auth";
import { acceptInvitation, describeInvitation, inviteStaff, revokeInvitation } from "../services/staff/invitations";
import { changeRole, listStaff, removeMember, setTwoFactorRequired, signOutMember, staffSecurity } from "../services/staff/members";
import { publicProcedure, router, sessionMetaOf, withCookie } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";

export const staffRouter = router({
  list: shopProcedure("manager")
    .input(z.object({ cursor: idSchema.optional() }))
    .query(({ ctx, input }) => listStaff(ctx.shop.id, input.cursor)),

  invite: shopProcedure("owner")
    .input(inviteSchema)
    .mutation(({ ctx, input }) => inviteStaff(ctx.shop.id, ctx.user.id, input)),

  revokeInvitation: shopProcedure("owner")
    .input(invitationIdSchema)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.shop.id, input.invitationId)),

  changeRole: shopProcedure("owner")
    .input(changeRoleSchema)
    .mutation(({ ctx, input }) => changeRole(ctx.shop.id, ctx.user.id, input.membershipId, input.role)),

  remove: shopProcedure("owner")
    .input(membershipIdSchema)
    .mutation(({ ctx, input }) => removeMember(ctx.shop.id, ctx.user.id, input.membershipId)),

  describeInvitation: publicProcedure.input(tokenInputSchema).query(({ input }) => describeInvitation(input.token)),

  acceptInvitation: publicProcedure
    .input(acceptInviteSchema)
    .mutation(async ({ ctx, input }) => withCookie(ctx, await acceptInvitation(input.token, ctx.user, input, sessionMetaOf(ctx)))),

  security: shopProcedure("owner").query(({ ctx }) => staffSecurity(ctx.shop.id)),

  requireTwoFactor: shopProcedure("owner")
    .input(z.object({ required: z.boolean({ message: "Choose whether two-factor sign-in is required" }) }))
    .mutation(({ ctx, input }) => setTwoFactorRequired(ctx.shop.id, input.required)),

  signOutEverywhere: shopProcedure("owner")
    .input(membershipIdSchema)
    .mutation(({ ctx, input }) => signOutMember(ctx.shop.id, ctx.user.id, input.membershipId)),
});
