import { z } from "zod";
import { spendCheckout, spendPickupHold } from "../auth/rate-limit.server";
import { idSchema } from "../schemas/common";
import { cartItemSchema, MAX_CART_SHOPS, MAX_LINES, placeCartSchema, placeOrderSchema } from "../schemas/orders";
import { slugSchema } from "../schemas/shop";
import { cartView, cartViews, saveCart, savedCarts } from "../services/orders/cart";
import { checkoutSummary, placeCart, requireCheckoutKey } from "../services/orders/place-cart";
import { placeOrder } from "../services/orders/place";
import { customerOrder, myOrders, orderShopFor } from "../services/orders/read";
import { checkoutUrl } from "../services/payments/stripe";
import { cartCardUrl, chargeCheckoutCard } from "../services/payments/cart-card";
import { env } from "../env.server";
import { authedProcedure, publicProcedure, router } from "../trpc/init";

const orderLink = z.object({
  orderId: idSchema,
  key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}$/, "This order link is not valid")
    .optional(),
});

const itemsSchema = z.array(cartItemSchema).max(MAX_LINES, `At most ${MAX_LINES} different items in one cart`);

const checkoutLink = z.object({
  checkoutId: idSchema,
  key: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "This checkout link is not valid"),
});

/** The customer's side of selling: cart, checkout, their orders. */
export const checkoutRouter = router({
  cart: publicProcedure.input(z.object({ shopSlug: slugSchema, items: itemsSchema })).query(({ input }) => cartView(input.shopSlug, input.items)),
  saveCart: authedProcedure
    .input(z.object({ shopSlug: slugSchema, items: itemsSchema }))
    .mutation(({ ctx, input }) => saveCart(input.shopSlug, ctx.user.id, input.items)),

  /** The whole cart across shops: each shop's part as the customer sees it. */
  carts: publicProcedure
    .input(
      z.object({ carts: z.array(z.object({ shopSlug: slugSchema, items: itemsSchema })).max(MAX_CART_SHOPS, `At most ${MAX_CART_SHOPS} shops in one cart`) }),
    )
    .query(({ input }) => cartViews(input.carts)),
  savedCarts: authedProcedure.query(({ ctx }) => savedCarts(ctx.user.id)),
  /** Checkout of the whole cart: one order per shop, all placed or none. */
  placeCart: publicProcedure.input(placeCartSchema).mutation(async ({ ctx, input }) => {
    await spendCheckout(ctx.ip);
    if (input.payment === "pay_at_pickup") for (const o of input.orders) await spendPickupHold(ctx.ip, o.shopSlug);
    return placeCart(ctx.user?.id ?? null, input, ctx.locale ?? null);
  }),
  /** The page a checkout across shops lands on: its orders, each to follow or pay. */
  checkoutSummary: publicProcedure.input(checkoutLink).query(({ input }) => checkoutSummary(input.checkoutId, input.key)),

  place: publicProcedure.input(placeOrderSchema.and(z.object({ shopSlug: slugSchema }))).mutation(async ({ ctx, input }) => {
    await spendCheckout(ctx.ip);
    if (input.payment === "pay_at_pickup") await spendPickupHold(ctx.ip, input.shopSlug);
    const { shopSlug, ...order } = input;
    return placeOrder(shopSlug, ctx.user?.id ?? null, order, ctx.locale ?? null);
  }),

  myOrders: authedProcedure.input(z.object({ cursor: idSchema.optional() })).query(({ ctx, input }) => myOrders(ctx.user.id, input.cursor)),
  order: publicProcedure.input(orderLink).query(({ ctx, input }) => customerOrder(input.orderId, { userId: ctx.user?.id ?? null, accessKey: input.key })),
  /** For the live order page's stream: whose order it is, checked like the page (signed in, or the link's key). */
  watchOrder: publicProcedure
    .input(orderLink)
    .query(async ({ ctx, input }) => ({ shopId: await orderShopFor(input.orderId, { userId: ctx.user?.id ?? null, accessKey: input.key }) })),

  /** Stripe Checkout for the customer's unpaid card order: where to send them. */
  /** With `checkout`: a checkout across shops, whose page the customer comes back to, to pay the next shop. */
  payCard: publicProcedure.input(orderLink.extend({ checkout: checkoutLink.optional() })).mutation(async ({ ctx, input }) => {
    const shopId = await orderShopFor(input.orderId, { userId: ctx.user?.id ?? null, accessKey: input.key });
    const page = input.checkout
      ? `/checkout/${input.checkout.checkoutId}?key=${encodeURIComponent(input.checkout.key)}`
      : `/orders/${input.orderId}?key=${encodeURIComponent(input.key ?? "")}`;
    const back = (q: string) => new URL(`${page}&${q}`, env.APP_URL).toString();
    return { url: await checkoutUrl(shopId, input.orderId, { success: back("paid=1"), cancel: back("cancelled=1") }) };
  }),

  /** One card entry for every unpaid order of a checkout across shops: where to send the customer (Stripe Checkout, setup mode). */
  payCart: publicProcedure.input(checkoutLink).mutation(async ({ input }) => {
    const page = `/checkout/${input.checkoutId}`;
    const key = encodeURIComponent(input.key);
    return {
      url: await cartCardUrl(input.checkoutId, input.key, {
        success: new URL(`${page}/card?key=${key}&session={CHECKOUT_SESSION_ID}`, env.APP_URL).toString(),
        cancel: new URL(`${page}?key=${key}&cancelled=1`, env.APP_URL).toString(),
      }),
    };
  }),
  /** Back from Stripe with the card kept: each shop's order is charged on its own account. */
  chargeCart: publicProcedure
    .input(checkoutLink.extend({ sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/, "This card entry is not valid") }))
    .mutation(async ({ input }) => {
      // The key alone proves the link; the orders are read once, by the charge itself.
      requireCheckoutKey(input.checkoutId, input.key);
      return { outcomes: await chargeCheckoutCard(input.checkoutId, input.sessionId) };
    }),
});
