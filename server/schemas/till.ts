import { z } from "zod";
import { emailSchema, optionalText, personNameSchema } from "./common";
import { customerInputSchema } from "./orders";

/** The till's customer search: a few letters of a name, an email or a phone number (empty: the shop's customers by name). */
export const tillCustomerSearchSchema = z.object({ q: optionalText(100, "Search") });

/**
 * A customer added at the till in a few keys: a name and an email or a
 * phone (how the shop finds them again); the rest is for the back office.
 */
export const tillCustomerCreateSchema = z
  .object({
    name: personNameSchema,
    email: z.preprocess((v) => (v === "" ? undefined : v), emailSchema.optional()),
    phone: customerInputSchema.shape.phone,
  })
  .refine((c) => c.email !== undefined || c.phone !== undefined, { message: "Enter an email or a phone number", path: ["email"] });
export type TillCustomerCreate = z.infer<typeof tillCustomerCreateSchema>;
