import { delayOrder } from "../services/orders/delay";
import { z } from "zod";
import { spendAttempt } from "../auth/rate-limit.server";
import { emailSchema, idSchema } from "../schemas/common";
import {
  cashUpSchema,
  customerInputSchema,
  customerListSchema,
  orderIdSchema,
  orderListSchema,
  posSaleSchema,
  exchangeCreditSchema,
  productLookupSchema,
  receiptLookupSchema,
  refundSchema,
  repayRefundSchema,
  sellingSettingsSchema,
  transitionSchema,
  delaySchema,
} from "../schemas/orders";
import { createCustomer, getCustomer, listCustomers, updateCustomer } from "../services/customers/customers";
import { addTillCustomer, tillCustomers } from "../services/customers/till";
import { tillTiles } from "../services/orders/tiles";
import { tillCustomerCreateSchema, tillCustomerSearchSchema } from "../schemas/till";
import { cashUp, cashUpPreview } from "../services/orders/cashup";
import type { Actor } from "../services/orders/core";
import { managerApproval } from "../services/orders/approval";
import { lookupProducts, posSale } from "../services/orders/pos";
import { exchangeCredit } from "../services/registers/exchange";
import { emailReceipt, receiptOf } from "../services/orders/receipts";
import { boardOrders, getOrder, listOrders } from "../services/orders/read";
import { refundOrder, repayFailedRefund } from "../services/orders/refunds";
import { transitionOrder } from "../services/orders/transitions";
import { forbidden } from "../services/errors";
import { getSellingSettings, updateSellingSettings } from "../services/shops/settings";
import { reconciliation } from "../services/payments/stripe";
import { router } from "../trpc/init";
import { shopProcedure } from "../trpc/shop-procedure";
import { inputInLanguage } from "../trpc/input-language";
import { CUSTOMER_ADD_KEYS, CUSTOMER_SEARCH_KEYS, LOOKUP_KEYS } from "../schemas/till-messages";

const actorOf = (ctx: { user: { id: string; name: string }; role: string }): Actor => ({
  userId: ctx.user.id,
  label: `${ctx.user.name} (${ctx.role})`,
});

export const ordersRouter = router({
  list: shopProcedure("cashier")
    .input(orderListSchema)
    .query(({ ctx, input }) => listOrders(ctx.shop.id, ctx.shop.timezone, input)),
  board: shopProcedure("cashier").query(({ ctx }) => boardOrders(ctx.shop.id)),
  get: shopProcedure("cashier")
    .input(orderIdSchema)
    .query(({ ctx, input }) => getOrder(ctx.shop.id, input)),
  byNumber: shopProcedure("cashier")
    .input(receiptLookupSchema)
    .query(({ ctx, input }) => getOrder(ctx.shop.id, input)),

  /** A printed receipt: the order with the shop's legal details, the cashier, tax per rate and its refund receipts. */
  receipt: shopProcedure("cashier")
    .input(receiptLookupSchema)
    .query(({ ctx, input }) => receiptOf(ctx.shop.id, input.number)),

  /** Staff move an order on; cancelling is for managers. */
  /** Any staff member at the counter can say an order will be later (the customer is told). */
  delay: shopProcedure("cashier")
    .input(delaySchema)
    .mutation(({ ctx, input }) => delayOrder(ctx.shop.id, actorOf(ctx), input)),

  transition: shopProcedure("cashier")
    .input(transitionSchema)
    .mutation(({ ctx, input }) => {
      if (input.to === "cancelled" && ctx.role === "cashier") throw forbidden("Only a shop manager or above can cancel an order");
      return transitionOrder(ctx.shop.id, actorOf(ctx), input);
    }),

  /**
   * Managers refund; a cashier refunds with a manager or owner present, who
   * approves with their own email and password (checked here, as the till's
   * discount approval is), and the order's history names them.
   */
  refund: shopProcedure("cashier")
    .input(refundSchema)
    .mutation(async ({ ctx, input: { approval, ...input } }) => {
      if (ctx.role !== "cashier") return refundOrder(ctx.shop.id, actorOf(ctx), input);
      if (!approval) throw forbidden("A return or refund needs a manager: ask a manager or owner to approve it with their email and password");
      await spendAttempt("approval", ctx.ip, approval.email);
      const approver = await managerApproval(ctx.shop.id, ctx.user.id, approval, "A return or refund");
      return refundOrder(ctx.shop.id, { ...actorOf(ctx), label: `${actorOf(ctx).label}, approved by ${approver.name}` }, input);
    }),
  /** A card refund that failed at Stripe, paid back in cash or on the terminal. */
  repayRefund: shopProcedure("manager")
    .input(repayRefundSchema)
    .mutation(({ ctx, input }) => repayFailedRefund(ctx.shop.id, actorOf(ctx), input)),

  emailReceipt: shopProcedure("cashier")
    .input(orderIdSchema.extend({ email: emailSchema }))
    .mutation(({ ctx, input }) => emailReceipt(ctx.shop.id, input.orderId, input.email)),

  /** Card orders whose Stripe state and ours disagree. */
  reconciliation: shopProcedure("manager").query(({ ctx }) => reconciliation(ctx.shop.id)),

  sellingSettings: shopProcedure("manager").query(({ ctx }) => getSellingSettings(ctx.shop.id)),
  updateSellingSettings: shopProcedure("manager")
    .input(sellingSettingsSchema)
    .mutation(({ ctx, input: { shopSlug: _, ...input } }) => updateSellingSettings(ctx.shop.id, input)),
});

export const posRouter = router({
  /** What the till needs to price a sale as the server will. */
  settings: shopProcedure("cashier").query(async ({ ctx }) => {
    const { taxInclusive, taxStandard, taxReduced, discountLimit, tillSellsBelowStock } = await getSellingSettings(ctx.shop.id);
    return { taxInclusive, taxStandard, taxReduced, discountLimit, tillSellsBelowStock };
  }),
  lookup: shopProcedure("cashier")
    .use(inputInLanguage(LOOKUP_KEYS))
    .input(productLookupSchema)
    .query(({ ctx, input }) => lookupProducts(ctx.shop.id, input)),
  sale: shopProcedure("cashier")
    .input(posSaleSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.approval && ctx.role === "cashier") await spendAttempt("approval", ctx.ip, input.approval.email);
      return posSale(ctx.shop.id, { ...actorOf(ctx), role: ctx.role }, input);
    }),
  /** An exchange credit (a return kept as one) to put on a sale here: its amount and where it comes from. */
  exchangeCredit: shopProcedure("cashier")
    .input(exchangeCreditSchema)
    .query(({ ctx, input }) => exchangeCredit(ctx.shop.id, input.refundId)),
  /** Product tiles by category, for taps without a scanner. */
  tiles: shopProcedure("cashier")
    .input(z.object({ locationId: idSchema }))
    .query(({ ctx, input }) => tillTiles(ctx.shop.id, input.locationId)),
  /** The customer search behind F3: name, email or phone. */
  customers: shopProcedure("cashier")
    .use(inputInLanguage(CUSTOMER_SEARCH_KEYS))
    .input(tillCustomerSearchSchema)
    .query(({ ctx, input }) => tillCustomers(ctx.shop.id, input.q)),
  /** A customer added at the counter (the shop's customer with the same email, if there is one). */
  addCustomer: shopProcedure("cashier")
    .use(inputInLanguage(CUSTOMER_ADD_KEYS))
    .input(tillCustomerCreateSchema)
    .mutation(({ ctx, input: { name, email, phone } }) => addTillCustomer(ctx.shop.id, { name, email, phone })),
  cashUpPreview: shopProcedure("cashier")
    .input(z.object({ locationId: idSchema, registerId: idSchema.optional() }))
    .query(({ ctx, input }) => cashUpPreview(ctx.shop.id, input.locationId, input.registerId)),
  cashUp: shopProcedure("cashier")
    .input(cashUpSchema)
    .mutation(({ ctx, input }) => cashUp(ctx.shop.id, actorOf(ctx), input)),
});

export const customersRouter = router({
  list: shopProcedure("cashier")
    .input(customerListSchema)
    .query(({ ctx, input }) => listCustomers(ctx.shop.id, input)),
  get: shopProcedure("cashier")
    .input(z.object({ customerId: idSchema }))
    .query(({ ctx, input }) => getCustomer(ctx.shop.id, input.customerId)),
  create: shopProcedure("cashier")
    .input(customerInputSchema)
    .mutation(({ ctx, input: { shopSlug: _, ...input } }) => createCustomer(ctx.shop.id, input)),
  update: shopProcedure("cashier")
    .input(customerInputSchema.extend({ customerId: idSchema }))
    .mutation(({ ctx, input: { customerId, shopSlug: _, ...input } }) => updateCustomer(ctx.shop.id, customerId, input)),
});
