import { z } from "zod";
import { currencySchema, idSchema } from "./common";

/** A Stripe payout id as Stripe makes them (po_…); anything else is refused before Stripe is asked. */
export const payoutIdSchema = z.object({
  payoutId: z.string().regex(/^po_[A-Za-z0-9_]{1,100}$/, "Not a Stripe payout id (po_…)"),
});

const percentBp = z.number({ message: "Enter the share as a number" }).int("Whole basis points only").min(0, "At least 0 %").max(5000, "At most 50 %");
const fixed = z.number({ message: "Enter the fixed part as an amount" }).int("In minor units (cents)").min(0, "At least 0").max(100_000, "At most 1,000.00");

/** The platform default for one currency. */
export const commissionRateSchema = z.object({ currency: currencySchema, percentBp, fixed });

/** A shop's own plan, replacing the platform default for that shop. */
export const shopPlanSchema = z.object({
  shopId: idSchema,
  percentBp,
  fixed,
  refundsReturnFee: z.boolean(),
  note: z.string().trim().max(500, "500 characters at most").default(""),
});
export const shopIdSchema = z.object({ shopId: idSchema });
export type ShopPlanInput = z.infer<typeof shopPlanSchema>;

export const adminPaymentsSchema = z.object({ months: z.number().int().min(1, "At least 1 month").max(24, "At most 24 months").default(6) });
