import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema, tokenSchema } from "./common";
import { shopDetailsSchema } from "./shop";

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  shop: shopDetailsSchema,
});

/** A customer's account: no shop. */
export const signUpShopperSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export const logInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200, "Use 200 characters at most"),
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({ token: tokenSchema, password: passwordSchema });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: passwordSchema,
});

export const tokenInputSchema = z.object({ token: tokenSchema });

/** A code from an authenticator app (6 digits) or a recovery code (xxxx-xxxx-xxxx). */
export const secondFactorCodeSchema = z
  .string({ message: "Enter the 6-digit code from your app, or a recovery code" })
  .trim()
  .min(6, "Enter the 6-digit code from your app, or a recovery code")
  .max(40, "Enter the 6-digit code from your app, or a recovery code");

export const completeTwoFactorSchema = z.object({ challenge: tokenSchema, code: secondFactorCodeSchema });
export const challengeSchema = z.object({ challenge: tokenSchema });
export const twoFactorCodeSchema = z.object({ code: secondFactorCodeSchema });
export const disableTwoFactorSchema = z.object({
  password: z.string().min(1, "Enter your password").max(200, "Use 200 characters at most"),
  code: secondFactorCodeSchema,
});
/** A session as the list names it (a hash, never the cookie's secret). */
export const sessionRefSchema = z.object({
  session: z.string().regex(/^[A-Za-z0-9_-]{22}$/, "That session is not in your list: reload the page"),
});

/** The second sign-in step's form (the challenge comes from its cookie). */
export const twoFactorPageForm = z.object({ code: secondFactorCodeSchema, next: z.string().max(2000).optional() });

/** Account → Security: one form per intent. */
export const securityPageForm = z.discriminatedUnion(
  "intent",
  [
    twoFactorCodeSchema.extend({ intent: z.literal("confirm-setup") }),
    twoFactorCodeSchema.extend({ intent: z.literal("new-codes") }),
    disableTwoFactorSchema.extend({ intent: z.literal("disable") }),
    sessionRefSchema.extend({ intent: z.literal("end-session") }),
    z.object({ intent: z.literal("end-others") }),
  ],
  { message: "Unknown action: reload the page and try again." },
);
