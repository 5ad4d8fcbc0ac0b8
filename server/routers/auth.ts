import { spendAttempt } from "../auth/rate-limit.server";
import { hashToken } from "../auth/tokens";
import {
  challengeSchema,
  completeTwoFactorSchema,
  disableTwoFactorSchema,
  sessionRefSchema,
  twoFactorCodeSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  logInSchema,
  resetPasswordSchema,
  signUpSchema,
  signUpShopperSchema,
  tokenInputSchema,
} from "../schemas/auth";
import { logIn } from "../services/accounts/login";
import { changePassword, requestPasswordReset, resetPassword, verifyEmail } from "../services/accounts/passwords";
import { endOtherSessions, endOwnSession, endSession, listMyShops, listSessions, publicSessionId } from "../services/accounts/sessions";
import {
  beginSetup,
  clearChallengeCookie,
  completeChallenge,
  confirmSetup,
  describeChallenge,
  disableTwoFactor,
  newRecoveryCodesFor,
  twoFactorStatus,
} from "../services/accounts/two-factor";
import { z } from "zod";
import { signUp, signUpShopper } from "../services/accounts/signup";
import { isAuthTokenUsable } from "../services/accounts/tokens";
import { authedProcedure, publicProcedure, router, sessionMetaOf, withCookie } from "../trpc/init";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),

  myShops: authedProcedure.query(({ ctx }) => listMyShops(ctx.user.id)),

  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("signup", ctx.ip, input.email);
    await signUp(input, ctx.locale ?? null);
    return { checkInbox: true as const };
  }),

  signUpShopper: publicProcedure.input(signUpShopperSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("signup", ctx.ip, input.email);
    await signUpShopper(input, ctx.locale ?? null);
    return { checkInbox: true as const };
  }),

  verifyEmail: publicProcedure.input(tokenInputSchema).mutation(async ({ ctx, input }) => withCookie(ctx, await verifyEmail(input.token, sessionMetaOf(ctx)))),

  logIn: publicProcedure.input(logInSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("login", ctx.ip, input.email);
    return withCookie(ctx, await logIn(input, sessionMetaOf(ctx)));
  }),

  logOut: authedProcedure.mutation(async ({ ctx }) => withCookie(ctx, { cookie: await endSession(ctx.sessionId), done: true as const })),

  requestPasswordReset: publicProcedure.input(forgotPasswordSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("reset", ctx.ip, input.email);
    await requestPasswordReset(input.email);
    return { checkInbox: true as const };
  }),

  resetTokenUsable: publicProcedure.input(tokenInputSchema).query(({ input }) => isAuthTokenUsable(input.token, "password_reset")),

  resetPassword: publicProcedure.input(resetPasswordSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("reset", ctx.ip, `token:${hashToken(input.token)}`);
    return withCookie(ctx, await resetPassword(input, sessionMetaOf(ctx)));
  }),

  changePassword: authedProcedure
    .input(changePasswordSchema)
    .mutation(async ({ ctx, input }) => withCookie(ctx, await changePassword(ctx.user.id, input, sessionMetaOf(ctx)))),

  /** The second sign-in step: what to ask for (a code, or the authenticator's setup). */
  twoFactorChallenge: publicProcedure.input(challengeSchema).query(({ input }) => describeChallenge(input.challenge)),

  completeTwoFactor: publicProcedure.input(completeTwoFactorSchema).mutation(async ({ ctx, input }) => {
    const result = await completeChallenge(input.challenge, input.code, sessionMetaOf(ctx));
    ctx.setCookie?.(clearChallengeCookie());
    return withCookie(ctx, result);
  }),

  twoFactorStatus: authedProcedure.query(({ ctx }) => twoFactorStatus(ctx.user.id)),

  beginTwoFactorSetup: authedProcedure
    .input(z.object({ fresh: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => beginSetup(ctx.user.id, input.fresh)),

  confirmTwoFactorSetup: authedProcedure.input(twoFactorCodeSchema).mutation(({ ctx, input }) => confirmSetup(ctx.user.id, input.code)),

  newRecoveryCodes: authedProcedure.input(twoFactorCodeSchema).mutation(({ ctx, input }) => newRecoveryCodesFor(ctx.user.id, input.code, ctx.ip)),

  disableTwoFactor: authedProcedure
    .input(disableTwoFactorSchema)
    .mutation(({ ctx, input }) => disableTwoFactor(ctx.user.id, input.password, input.code, ctx.ip)),

  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.user.id, ctx.sessionId)),

  endSession: authedProcedure.input(sessionRefSchema).mutation(async ({ ctx, input }) => {
    // The list names a session by a hash of its id: this browser's is derived, not looked up.
    if (publicSessionId(ctx.sessionId) === input.session)
      return withCookie(ctx, { cookie: await endSession(ctx.sessionId), ended: true as const, wasCurrent: true });
    return endOwnSession(ctx.user.id, input.session);
  }),

  endOtherSessions: authedProcedure.mutation(({ ctx }) => endOtherSessions(ctx.user.id, ctx.sessionId)),
});
