import { z } from "zod";
import { idSchema, optionalText } from "./common";
import { minorUnits } from "./catalog";
import { discountSchema, exchangeSpendSchema, MAX_CUSTOM_PRICE, MAX_LINES, MAX_QUANTITY, tillLineExtras } from "./orders";

export const RECEIPT_BLOCK = 50;
export const MAX_RECEIPT = 2_000_000_000;
/** A register sends at most this many queued sales in one sync request. */
export const MAX_SYNC_BATCH = 50;

export const registerNameSchema = z.string().trim().min(1, "Name: enter a name, like Counter 1").max(60, "Name: 60 characters at most");

export const registerInputSchema = z.object({ locationId: idSchema, name: registerNameSchema });
export const registerIdSchema = z.object({ registerId: idSchema });

/** A till PIN: 4 to 6 digits. */
export const pinSchema = z.string({ message: "PIN: 4 to 6 digits" }).regex(/^[0-9]{4,6}$/, "PIN: 4 to 6 digits");
export const setPinSchema = z.object({ pin: pinSchema });
export const resetPinSchema = z.object({ membershipId: idSchema });

/** Someone at a paired register typing their PIN (sign-in, switch user, a manager's approval). */
export const pinCheckSchema = z.object({
  userId: idSchema,
  pin: pinSchema,
  /** What it is for: a manager's approval needs a manager. */
  purpose: z.enum(["sign_in", "approve"], { message: "Purpose: sign_in or approve" }),
});

const offlineLineSchema = z
  .object({
    /** Absent on a custom-amount line (no product: its title is what was sold, at the price typed). */
    variantId: idSchema.optional(),
    quantity: z
      .number({ message: "Quantity: enter a whole number" })
      .int("Quantity: a whole number")
      .min(1, "Quantity: at least 1")
      .max(MAX_QUANTITY, `Quantity: ${MAX_QUANTITY} at most`),
    /** The price on the register when it was sold: what the customer paid. */
    unitPrice: minorUnits("Unit price").max(MAX_CUSTOM_PRICE, "Unit price: too large for one item"),
    taxClass: z.enum(["standard", "reduced", "zero", "exempt"], { message: "Tax class: standard, reduced, zero or exempt" }),
    /** Empty on a custom amount only. */
    sku: z.string().trim().max(64, "SKU: 64 characters at most"),
    title: z.string().trim().min(1, "Title: required").max(200, "Title: 200 characters at most"),
    variantTitle: z.string().trim().max(200, "Variant: 200 characters at most").optional(),
    ...tillLineExtras,
  })
  .refine((l) => l.variantId === undefined || l.sku !== "", { message: "SKU: required", path: ["sku"] });

/** One sale as a register made it, online or off, sent to be applied once. */
export const registerSaleSchema = z.object({
  clientRef: idSchema,
  receipt: z.number({ message: "Receipt: a whole number" }).int("Receipt: a whole number").min(1, "Receipt: 1 or more").max(MAX_RECEIPT, "Receipt: too large"),
  soldAt: z.iso.datetime({ message: "Sold at: a date and time (ISO 8601)", offset: true }),
  staffId: idSchema,
  items: z
    .array(offlineLineSchema)
    .min(1, "Add at least one item")
    .max(MAX_LINES, `At most ${MAX_LINES} different items in one sale`)
    .refine((lines) => {
      const ids = lines.flatMap((l) => (l.variantId ? [l.variantId] : []));
      return new Set(ids).size === ids.length;
    }, "Each item may appear once: change its quantity instead"),
  discount: discountSchema.optional(),
  /** The manager who approved a discount above the limit by PIN at the register. */
  approvedBy: idSchema.optional(),
  /** The manager who approved, by PIN at the register, selling more than the register's copy showed in stock. */
  stockApprovedBy: idSchema.optional(),
  card: z.object({ amount: minorUnits("Card amount"), reference: optionalText(100, "Terminal reference") }).optional(),
  cashTendered: minorUnits("Cash tendered").optional(),
  /** An exchange: the credit of a return made at the till (its refund), spent once on this sale. */
  exchange: exchangeSpendSchema.optional(),
  /** The shop's customer attached at the till (found or added online). */
  customerId: idSchema.optional(),
  /** The total the register charged. */
  total: minorUnits("Total"),
});
export type RegisterSaleInput = z.infer<typeof registerSaleSchema>;

export const syncSchema = z.object({
  sales: z.array(registerSaleSchema).min(1, "Nothing to sync").max(MAX_SYNC_BATCH, `At most ${MAX_SYNC_BATCH} sales in one sync`),
});

/** The catalog feed's cursor: where the register's copy stands (0: never synced). */
export const feedSchema = z.object({
  cursor: z
    .string()
    .regex(/^[0-9]{1,18}$/, "Cursor: a whole number")
    .default("0"),
  limit: z.number().int().min(1, "Limit: at least 1").max(5000, "Limit: 5000 at most").default(2000),
});

export const reviewSchema = z.object({
  registerSaleId: idSchema,
  /** accept: a held sale (sent by an unpaired register) is applied; reviewed: a flagged sale is settled. */
  action: z.enum(["accept", "reviewed"], { message: "Choose accept or reviewed" }),
});

export const offlineHoursSchema = z.object({
  offlineHours: z
    .number({ message: "Offline hours: a whole number" })
    .int("Offline hours: a whole number")
    .min(1, "Offline hours: at least 1")
    .max(168, "Offline hours: a week (168) at most"),
});

/** A receipt scanned or typed at the register to find a sale: "2-000017", or the shop's order number ("1043", "#1043"). */
export const tillFindSaleSchema = z.object({
  receipt: z
    .string({ message: "Receipt: scan the receipt or type its number" })
    .trim()
    .min(1, "Receipt: scan the receipt or type its number")
    .max(40, "Receipt: a number like 2-000017 or 1043"),
});

/** A return at the register: the items, how the money goes back, and the manager's PIN that approves it. */
export const tillReturnSchema = z.object({
  orderId: idSchema,
  lines: z
    .array(z.object({ lineId: idSchema, quantity: z.number({ message: "Quantity: a whole number" }).int("Quantity: a whole number").min(1).max(MAX_QUANTITY) }))
    .min(1, "Choose the items returned")
    .max(MAX_LINES, `At most ${MAX_LINES} items in one return`),
  restock: z.boolean({ message: "Back in stock: yes or no" }).default(true),
  /** exchange: no money back; the value becomes a credit on the next sale at this till. */
  tender: z.enum(["cash", "card_terminal", "exchange"], { message: "Refund: in cash, on the card terminal or as an exchange credit" }),
  reason: optionalText(300, "Reason"),
  /** Who is at the till (signed in by PIN on this register). */
  staffId: idSchema,
  approval: z.object({ userId: idSchema, pin: pinSchema }),
});
export type TillReturnInput = z.infer<typeof tillReturnSchema>;
