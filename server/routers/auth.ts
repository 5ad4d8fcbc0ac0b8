import { spendAttempt } from "../auth/rate-limit.server";
import { hashToken } from "../auth/tokens";
import {
  changePasswordSchema,
  forgotPasswordSchema,
  logInSchema,
  resetPasswordSchema,
  signUpSchema,
  tokenInputSchema,
} from "../schemas/auth";
import { logIn } from "../services/accounts/login";
import { changePassword, requestPasswordReset, resetPassword, verifyEmail } from "../services/accounts/passwords";
import { endSession, listMyShops } from "../services/accounts/sessions";
import { signUp } from "../services/accounts/signup";
import { isAuthTokenUsable } from "../services/accounts/tokens";
import { authedProcedure, publicProcedure, router, withCookie } from "../trpc/init";

export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => ctx.user),

  myShops: authedProcedure.query(({ ctx }) => listMyShops(ctx.user.id)),

  signUp: publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("signup", ctx.ip, input.email);
    await signUp(input);
    return { checkInbox: true as const };
  }),

  verifyEmail: publicProcedure.input(tokenInputSchema).mutation(async ({ ctx, input }) => withCookie(ctx, await verifyEmail(input.token))),

  logIn: publicProcedure.input(logInSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("login", ctx.ip, input.email);
    return withCookie(ctx, await logIn(input));
  }),

  logOut: authedProcedure.mutation(async ({ ctx }) => withCookie(ctx, { cookie: await endSession(ctx.sessionId), done: true as const })),

  requestPasswordReset: publicProcedure.input(forgotPasswordSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("reset", ctx.ip, input.email);
    await requestPasswordReset(input.email);
    return { checkInbox: true as const };
  }),

  resetTokenUsable: publicProcedure
    .input(tokenInputSchema)
    .query(({ input }) => isAuthTokenUsable(input.token, "password_reset")),

  resetPassword: publicProcedure.input(resetPasswordSchema).mutation(async ({ ctx, input }) => {
    await spendAttempt("reset", ctx.ip, `token:${hashToken(input.token)}`);
    return withCookie(ctx, await resetPassword(input));
  }),

  changePassword: authedProcedure
    .input(changePasswordSchema)
    .mutation(async ({ ctx, input }) => withCookie(ctx, await changePassword(ctx.user.id, input))),
});

