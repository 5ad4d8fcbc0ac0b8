import { z } from "zod";
import { currencySchema, idSchema } from "./common";
import { checkbox, moneyField, percentAsBasisPoints } from "./form-fields";
import { toMinor } from "./money";

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

/** The platform default's form: the share typed as a percentage, the fixed part as an amount in the currency typed beside it. */
export const commissionRateForm = z
  .object({
    currency: currencySchema,
    percentBp: percentAsBasisPoints("Share of each payment"),
    fixed: z.string({ message: "Fixed part: enter an amount like 0.25" }).trim().min(1, "Fixed part: enter an amount like 0.25"),
  })
  .transform((v, ctx) => {
    const minor = toMinor(v.fixed, v.currency);
    if (minor === null) {
      ctx.addIssue({ code: "custom", path: ["fixed"], message: `Fixed part: "${v.fixed.slice(0, 40)}" is not an amount like 0.25` });
      return z.NEVER;
    }
    return { ...v, fixed: minor };
  })
  .pipe(commissionRateSchema);

/** A shop's plan form, in the shop's currency; the box is on when sent. */
export const shopPlanForm = (currency: string) =>
  shopPlanSchema.extend({
    percentBp: percentAsBasisPoints("Share of each payment").pipe(percentBp),
    fixed: moneyField(currency, "Fixed part", "0.25").pipe(fixed),
    refundsReturnFee: checkbox,
  });
