import { z } from "zod";
import { emailSchema, passwordSchema, personNameSchema, tokenSchema } from "./common";
import { shopDetailsSchema } from "./shop";

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  shop: shopDetailsSchema,
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
