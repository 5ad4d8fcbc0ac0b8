import { z } from "zod";
import { emailSchema, idSchema, numberFromForm, optionalText, personNameSchema } from "./common";
import { minorUnits } from "./catalog";
import { addressLabelSchema } from "./addresses";
import { pointSchema } from "./search";
import { slugSchema } from "./shop";
import {
  checkbox,
  intentOr,
  moneyField,
  numberField,
  optionalMoneyField,
  percentAsBasisPoints,
  textOrEmpty,
  UNKNOWN_INTENT,
  unsetIfBlank,
  wholeNumberField,
} from "./form-fields";

export const MAX_LINES = 100;
export const MAX_QUANTITY = 9_999;

export const ORDER_STATUSES = [
  "pending_payment",
  "paid",
  "confirmed",
  "preparing",
  "ready_for_pickup",
  "out_for_delivery",
  "completed",
  "cancelled",
  "refunded",
  "partially_refunded",
] as const;

const quantitySchema = z
  .number({ message: "Quantity: enter a whole number" })
  .int("Quantity: a whole number")
  .min(1, "Quantity: at least 1")
  .max(MAX_QUANTITY, `Quantity: ${MAX_QUANTITY} at most`);

export const cartItemSchema = z.object({ variantId: idSchema, quantity: quantitySchema });
export type CartItem = z.infer<typeof cartItemSchema>;

const linesSchema = z
  .array(cartItemSchema)
  .min(1, "Add at least one item")
  .max(MAX_LINES, `At most ${MAX_LINES} different items in one order`)
  .refine((lines) => new Set(lines.map((l) => l.variantId)).size === lines.length, "Each item may appear once: change its quantity instead");

const phoneSchema = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, "Phone: digits, spaces and an optional leading +")
    .optional(),
);

/** The cart page's forms: change a line (add, update, remove), or check out. */
export const cartIntentForm = z.object({
  intent: z.enum(["add", "update", "remove", "checkout"], UNKNOWN_INTENT),
});
export const cartLineForm = z.object({
  variantId: idSchema,
  quantity: unsetIfBlank(wholeNumberField("Quantity", "1", 1, MAX_QUANTITY)).transform((q) => q ?? 1),
});

/** A customer's checkout at one shop. */
export const placeOrderSchema = z
  .object({
    clientRef: idSchema,
    items: linesSchema,
    fulfilment: z.enum(["pickup", "delivery"], { message: "Choose pickup or delivery" }),
    locationId: idSchema.optional(),
    /** The pickup slot's start (ISO 8601), when the place has opening hours. */
    pickupSlot: z.iso.datetime({ offset: true, message: "Choose a pickup time from the list" }).optional(),
    payment: z.enum(["pay_at_pickup", "card_online"], { message: "Choose how to pay" }),
    name: personNameSchema,
    email: emailSchema,
    phone: phoneSchema,
    /** SMS when the order is ready, on its way or delayed (to `phone`, read in the shop's country). */
    smsOptIn: z.boolean().optional(),
    deliveryAddress: optionalText(300, "Delivery address"),
    deliveryPoint: pointSchema.optional(),
    note: optionalText(500, "Note"),
  })
  .superRefine((v, ctx) => {
    if (v.smsOptIn && !v.phone) ctx.addIssue({ code: "custom", path: ["phone"], message: "Enter your mobile number to get SMS updates" });
    if (v.fulfilment === "pickup" && !v.locationId) ctx.addIssue({ code: "custom", path: ["locationId"], message: "Choose where to pick up" });
    if (v.fulfilment === "delivery" && !v.deliveryAddress) ctx.addIssue({ code: "custom", path: ["deliveryAddress"], message: "Enter the delivery address" });
    if (v.fulfilment === "delivery" && !v.deliveryPoint)
      ctx.addIssue({ code: "custom", path: ["deliveryPoint"], message: "Set your location so we can check the delivery distance" });
    if (v.fulfilment === "delivery" && v.payment === "pay_at_pickup")
      ctx.addIssue({ code: "custom", path: ["payment"], message: "Delivery orders are paid by card" });
  });
export type PlaceOrderInput = z.infer<typeof placeOrderSchema>;

/** The most shops one checkout takes orders at (a visitor's cart cookie keeps this many shops too). */
export const MAX_CART_SHOPS = 5;

/** One shop's part of a checkout across shops: its items and how they reach the customer. */
const shopOrderSchema = z.object({
  shopSlug: slugSchema,
  items: linesSchema,
  fulfilment: placeOrderSchema.shape.fulfilment,
  locationId: idSchema.optional(),
  pickupSlot: placeOrderSchema.shape.pickupSlot,
  note: optionalText(500, "Note"),
});

/**
 * A checkout of the whole cart: one order per shop, placed together or not
 * at all, with one way to pay and one set of contact details.
 */
export const placeCartSchema = z
  .object({
    clientRef: idSchema,
    orders: z
      .array(shopOrderSchema)
      .min(1, "Your cart is empty")
      .max(MAX_CART_SHOPS, `At most ${MAX_CART_SHOPS} shops in one checkout`)
      .refine((orders) => new Set(orders.map((o) => o.shopSlug)).size === orders.length, "Each shop may appear once"),
    payment: placeOrderSchema.shape.payment,
    name: personNameSchema,
    email: emailSchema,
    phone: phoneSchema,
    smsOptIn: z.boolean().optional(),
    deliveryAddress: optionalText(300, "Delivery address"),
    deliveryPoint: pointSchema.optional(),
    /** One of the signed-in shopper's saved addresses: its text and point are read on the server, in place of the two above. */
    savedAddressId: idSchema.optional(),
    /** Keep the typed address on the account (signed in), named `label`, measured from `placeLabel` (the location's name). */
    saveAddress: z.object({ label: addressLabelSchema.optional(), placeLabel: z.string().trim().max(200, "Location: 200 characters at most") }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.smsOptIn && !v.phone) ctx.addIssue({ code: "custom", path: ["phone"], message: "Enter your mobile number to get SMS updates" });
    v.orders.forEach((o, i) => {
      if (o.fulfilment === "pickup" && !o.locationId) ctx.addIssue({ code: "custom", path: ["orders", i, "locationId"], message: "Choose where to pick up" });
    });
    if (v.orders.some((o) => o.fulfilment === "delivery")) {
      if (!v.savedAddressId && !v.deliveryAddress) ctx.addIssue({ code: "custom", path: ["deliveryAddress"], message: "Enter the delivery address" });
      if (!v.savedAddressId && !v.deliveryPoint)
        ctx.addIssue({ code: "custom", path: ["deliveryPoint"], message: "Set your location so we can check the delivery distance" });
      if (v.payment === "pay_at_pickup") ctx.addIssue({ code: "custom", path: ["payment"], message: "Delivery orders are paid by card" });
    }
  });
export type PlaceCartInput = z.infer<typeof placeCartSchema>;

/** The whole cart's checkout form: each shop's choices under orders.<n>, the rest shared (items come from the cart). */
export const cartCheckoutForm = z.object({
  clientRef: placeCartSchema.shape.clientRef,
  orders: z
    .record(
      z.string().regex(/^[0-9]$/, "Unknown shop in the form"),
      z.object({
        shopSlug: slugSchema,
        fulfilment: placeOrderSchema.shape.fulfilment,
        locationId: unsetIfBlank(idSchema),
        pickupSlot: unsetIfBlank(z.iso.datetime({ offset: true, message: "Choose a pickup time from the list" })),
        note: placeOrderSchema.shape.note,
      }),
    )
    .default({}),
  payment: placeOrderSchema.shape.payment,
  name: placeOrderSchema.shape.name,
  email: placeOrderSchema.shape.email,
  phone: placeOrderSchema.shape.phone,
  smsOptIn: checkbox,
  deliveryAddress: placeOrderSchema.shape.deliveryAddress,
  /** "" is "a new address". */
  savedAddressId: unsetIfBlank(idSchema),
  saveAddress: checkbox,
  saveAddressLabel: unsetIfBlank(addressLabelSchema),
});

/** A line form on the whole cart's page names its shop. */
export const cartPageLineForm = cartLineForm.extend({ shopSlug: slugSchema });

export const discountSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("percent"),
    basisPoints: z.number().int().min(0, "Discount: 0 % or more").max(10_000, "Discount: 100 % at most"),
  }),
  z.object({ kind: z.literal("amount"), amount: minorUnits("Discount") }),
]);

/** A manager's or owner's sign-in, typed on a cashier's screen to approve what a cashier may not do alone. */
export const managerSignInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter the manager's password").max(200, "Manager's password: 200 characters at most"),
});
export type ManagerSignIn = z.infer<typeof managerSignInSchema>;

/** A till sale: lines, an optional discount, and how it was paid. */
/** The most a custom-amount line may charge for one unit (minor units): the catalog's own price ceiling. */
export const MAX_CUSTOM_PRICE = 1_000_000_000;
const taxClassSchema = z.enum(["standard", "reduced", "zero", "exempt"], { message: "Tax class: standard, reduced, zero or exempt" });

/** What the till adds to a line: its own discount and the cashier's note. */
export const tillLineExtras = {
  discount: discountSchema.optional(),
  note: optionalText(200, "Note"),
};

/** A custom-amount line: an item without a barcode, rung up by description and price (no product, no stock). */
export const customLineSchema = z.object({
  description: z
    .string({ message: "Description: enter what is sold" })
    .trim()
    .min(1, "Description: enter what is sold")
    .max(120, "Description: 120 characters at most"),
  unitPrice: minorUnits("Price").min(1, "Price: more than zero").max(MAX_CUSTOM_PRICE, "Price: too large for one item"),
  taxClass: taxClassSchema,
});

/** A till's line: a catalog variant, or a custom amount (exactly one of the two). */
const tillLineSchema = z
  .object({ variantId: idSchema.optional(), custom: customLineSchema.optional(), quantity: quantitySchema, ...tillLineExtras })
  .refine((l) => (l.variantId === undefined) !== (l.custom === undefined), {
    message: "Each line is an item of the shop or a custom amount",
    path: ["variantId"],
  });
export type TillLineInput = z.infer<typeof tillLineSchema>;

const tillLinesSchema = z
  .array(tillLineSchema)
  .min(1, "Add at least one item")
  .max(MAX_LINES, `At most ${MAX_LINES} different items in one sale`)
  .refine((lines) => {
    const ids = lines.flatMap((l) => (l.variantId ? [l.variantId] : []));
    return new Set(ids).size === ids.length;
  }, "Each item may appear once: change its quantity instead");

/** An exchange: a return's credit (its refund, kept as an exchange) spent once on a sale, for exactly its amount. */
export const exchangeSpendSchema = z.object({
  refundId: idSchema,
  amount: minorUnits("Exchange credit").min(1, "Exchange credit: more than zero"),
});

export const posSaleSchema = z.object({
  clientRef: idSchema,
  locationId: idSchema,
  items: tillLinesSchema,
  discount: discountSchema.optional(),
  /** A manager's sign-in, when a cashier's discount is above the shop's limit. */
  approval: managerSignInSchema.optional(),
  card: z.object({ amount: minorUnits("Card amount"), reference: optionalText(100, "Terminal reference") }).optional(),
  cashTendered: minorUnits("Cash tendered").optional(),
  customerId: idSchema.optional(),
  exchange: exchangeSpendSchema.optional(),
});
export type PosSaleInput = z.infer<typeof posSaleSchema>;

export const orderIdSchema = z.object({ orderId: idSchema });
export const exchangeCreditSchema = z.object({ refundId: idSchema });

/** Staff push an order back by some minutes; the customer is told the new time. */
export const DELAY_CHOICES = [10, 15, 20, 30, 45, 60, 90, 120] as const;
export const delaySchema = z.object({
  orderId: idSchema,
  minutes: z.number().int("Delay: whole minutes").min(5, "Delay: 5 minutes at least").max(480, "Delay: 8 hours at most"),
  reason: optionalText(200, "Reason"),
});

export const transitionSchema = z.object({
  orderId: idSchema,
  to: z.enum(["preparing", "ready_for_pickup", "out_for_delivery", "completed", "cancelled"], { message: "Not a status staff can set" }),
  note: optionalText(500, "Note"),
  /** Collecting a pay-at-pickup order: how it was paid. */
  tender: z.enum(["cash", "card_terminal"]).optional(),
});

export const refundSchema = z
  .object({
    orderId: idSchema,
    /** Omitted with lines: the lines' value. */
    amount: minorUnits("Refund amount").optional(),
    lines: z
      .array(z.object({ lineId: idSchema, quantity: quantitySchema }))
      .max(MAX_LINES)
      .default([]),
    restock: z.boolean().default(false),
    reason: optionalText(300, "Reason"),
    /** For till returns of a cash or terminal sale; exchange: kept as a credit for a new sale at the till. */
    tender: z.enum(["cash", "card_terminal", "exchange"], { message: "Give back as: cash, the card terminal or an exchange credit" }).optional(),
    /** A cashier's return: the manager's or owner's sign-in that approves it. */
    approval: managerSignInSchema.optional(),
  })
  .refine((r) => r.amount !== undefined || r.lines.length > 0, { message: "Enter an amount or choose the items returned", path: ["amount"] });
export type RefundInput = z.infer<typeof refundSchema>;

const tenderField = unsetIfBlank(z.enum(["cash", "card_terminal"], { message: "Choose how it was paid: cash or the card terminal" }));

/** The returned quantities, sent as one `return-<line id>` field per line, as the refund's lines. */
function returnLines(v: unknown) {
  if (!v || typeof v !== "object") return v;
  const entries = Object.entries(v);
  const lines = entries.filter(([k]) => k.startsWith("return-")).map(([k, quantity]) => ({ lineId: k.slice("return-".length), quantity }));
  return lines.length ? { ...Object.fromEntries(entries.filter(([k]) => !k.startsWith("return-"))), lines } : v;
}

/**
 * The staff order page's forms: a status change (the buttons send no
 * intent), a refund or return, paying back a failed card refund. Amounts are
 * in the order's currency.
 */
export const orderPageForm = (currency: string) =>
  z.preprocess(
    (v) => returnLines(intentOr("transition")(v)),
    z.discriminatedUnion(
      "intent",
      [
        transitionSchema.omit({ orderId: true }).extend({ intent: z.literal("transition"), note: textOrEmpty, tender: tenderField }),
        z
          .object({
            intent: z.literal("refund"),
            amount: optionalMoneyField(currency, "Refund amount"),
            lines: z
              .array(z.object({ lineId: idSchema, quantity: unsetIfBlank(wholeNumberField("Return quantity", "1", 0, MAX_QUANTITY)).transform((q) => q ?? 0) }))
              .max(MAX_LINES)
              .default([])
              .transform((lines) => lines.filter((l) => l.quantity > 0)),
            restock: checkbox,
            reason: textOrEmpty,
            tender: unsetIfBlank(z.enum(["cash", "card_terminal", "exchange"], { message: "Give back as: cash, the card terminal or an exchange credit" })),
            // A cashier's form carries a manager's sign-in (the page shows the fields only to cashiers).
            approval: z.object({ email: textOrEmpty, password: textOrEmpty }).optional(),
          })
          .superRefine((r, ctx) => {
            if (r.approval && (!r.approval.email.trim() || !r.approval.password)) {
              ctx.addIssue({
                code: "custom",
                path: ["approval"],
                message: "A manager or owner must approve this return: they type their email and password here",
              });
            }
          }),
        repayRefundSchema.omit({ orderId: true }).extend({ intent: z.literal("repay"), note: textOrEmpty }),
        delaySchema.omit({ orderId: true }).extend({
          intent: z.literal("delay"),
          minutes: z.enum(DELAY_CHOICES.map(String) as [string, ...string[]], { message: "Delay: choose how long" }).transform(Number),
        }),
      ],
      UNKNOWN_INTENT,
    ),
  );

/** A card refund that failed at Stripe, paid back at the counter instead. */
export const repayRefundSchema = z.object({
  orderId: idSchema,
  refundId: idSchema,
  tender: z.enum(["cash", "card_terminal"], { message: "Choose how it was paid back: cash or the card terminal" }),
  note: optionalText(300, "Note"),
});
export type RepayRefundInput = z.infer<typeof repayRefundSchema>;

export const ORDER_SORTS = ["-created", "created", "-total", "total", "-number", "number"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
const day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: a date like 2026-03-31`)
    .refine((d) => {
      const at = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(d);
    }, `${label}: not a real date`);

/** The list's fields, for a page to read from its URL (the schema below adds the cross-field check). */
export const orderListFields = z.object({
  status: z.enum(ORDER_STATUSES, { message: `Status: choose one of ${ORDER_STATUSES.join(", ")}` }).optional(),
  channel: z.enum(["online", "pos"], { message: "Channel: choose online or pos" }).optional(),
  q: optionalText(100, "Search"),
  /** Days in the shop's time zone, both included. */
  from: day("From").optional(),
  to: day("To").optional(),
  sort: z.enum(ORDER_SORTS, { message: `Sort: choose one of ${ORDER_SORTS.join(", ")}` }).default("-created"),
  /** Opaque keyset cursor: the last row's sort value and id. */
  cursor: z
    .string()
    .max(100)
    .regex(/^[\w:.-]+~[0-9a-f-]{36}$/, "This page link is not valid: go back to the first page")
    .optional(),
});
export const orderListSchema = orderListFields.refine((o) => !o.from || !o.to || o.from <= o.to, {
  message: "To: the end date comes on or after the start date",
  path: ["to"],
});
export type OrderListInput = z.infer<typeof orderListSchema>;

export const receiptLookupSchema = z.object({
  number: numberFromForm(z.number({ message: "Enter a receipt number" }).int("A receipt number is a whole number").min(1).max(2_000_000_000)),
});

export const productLookupSchema = z.object({
  locationId: idSchema,
  q: z.string().trim().min(1, "Type a name, SKU or scan a barcode").max(100, "Search: 100 characters at most"),
});

export const cashUpSchema = z.object({
  locationId: idSchema,
  /** A register's own drawer; without it, the location's shared one. */
  registerId: idSchema.optional(),
  float: minorUnits("Float"),
  counted: minorUnits("Counted cash"),
  note: optionalText(500, "Note"),
});
/** The cash-up form, amounts typed in the shop's currency. */
export const cashUpForm = (currency: string) =>
  cashUpSchema.extend({
    registerId: unsetIfBlank(idSchema),
    float: moneyField(currency, "Float", "100.00"),
    counted: moneyField(currency, "Counted cash", "412.50"),
  });

export const sellingSettingsSchema = z.object({
  taxInclusive: z.boolean(),
  taxStandard: z.number().int().min(0, "Standard rate: 0 or more").max(10_000, "Standard rate: 100 % at most"),
  taxReduced: z.number().int().min(0, "Reduced rate: 0 or more").max(10_000, "Reduced rate: 100 % at most"),
  discountLimit: z.number().int().min(0, "Discount limit: 0 or more").max(10_000, "Discount limit: 100 % at most"),
  deliveryRadiusKm: z.number().min(0, "Delivery radius: 0 (no delivery) or more").max(100, "Delivery radius: 100 km at most"),
  deliveryFee: minorUnits("Delivery fee"),
  unpaidOrderMinutes: z.number().int().min(1, "Unpaid orders: at least 1 minute").max(10_080, "Unpaid orders: a week at most"),
  /** Hours an order to be paid at pickup holds its stock before it is cancelled uncollected. */
  pickupHoldHours: z.number().int().min(1, "Pickup hold: at least 1 hour").max(720, "Pickup hold: 30 days (720 hours) at most"),
  /** The till sells an item whose recorded stock is short; online orders never do. */
  tillSellsBelowStock: z.boolean({ message: "Selling below recorded stock at the till: on or off" }),
  /** SMS about orders per calendar month (in the shop's time zone); 0 sends none. Unchanged when left out. */
  smsMonthlyCap: z
    .number()
    .int("SMS per month: a whole number")
    .min(0, "SMS per month: 0 (none) or more")
    .max(100_000, "SMS per month: 100,000 at most")
    .optional(),
});
export type SellingSettings = z.infer<typeof sellingSettingsSchema>;

/** The selling settings form: rates typed as percentages, the fee in the shop's currency, boxes on when sent. */
export const sellingSettingsForm = (currency: string) =>
  sellingSettingsSchema.extend({
    taxInclusive: checkbox,
    taxStandard: percentAsBasisPoints("Standard rate").pipe(sellingSettingsSchema.shape.taxStandard),
    taxReduced: percentAsBasisPoints("Reduced rate").pipe(sellingSettingsSchema.shape.taxReduced),
    discountLimit: percentAsBasisPoints("Discount limit").pipe(sellingSettingsSchema.shape.discountLimit),
    deliveryRadiusKm: numberField("Delivery radius", "5").pipe(sellingSettingsSchema.shape.deliveryRadiusKm),
    // An empty fee is no fee.
    deliveryFee: optionalMoneyField(currency, "Delivery fee", "3.50").transform((fee) => fee ?? 0),
    unpaidOrderMinutes: numberField("Unpaid orders", "30").pipe(sellingSettingsSchema.shape.unpaidOrderMinutes),
    pickupHoldHours: numberField("Pickup hold", "48").pipe(sellingSettingsSchema.shape.pickupHoldHours),
    tillSellsBelowStock: checkbox,
    smsMonthlyCap: numberField("SMS per month", "200").pipe(sellingSettingsSchema.shape.smsMonthlyCap.unwrap()),
  });

export const customerInputSchema = z.object({
  name: personNameSchema,
  email: z.preprocess((v) => (v === "" ? undefined : v), emailSchema.optional()),
  phone: phoneSchema,
  notes: z.string().trim().max(2000, "Notes: 2,000 characters at most").default(""),
  marketingConsent: z.boolean().default(false),
});
export type CustomerInput = z.infer<typeof customerInputSchema>;
/** The customer form: the consent box is on when sent. */
export const customerForm = customerInputSchema.extend({ marketingConsent: checkbox });

export const customerListSchema = z.object({ q: optionalText(100, "Search"), cursor: idSchema.optional() });
