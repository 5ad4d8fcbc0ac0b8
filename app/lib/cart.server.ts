import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { browserCookie } from "./cookies.server";
import { cartItemSchema, MAX_CART_SHOPS, type CartItem } from "../../server/schemas/orders";
import { badRequest } from "../../server/services/errors";
import { logger } from "../../server/logger";

/**
 * Carts: a signed-in customer's is kept in the database (it follows them
 * between devices); a visitor's lives in a cookie, per shop (a cookie holds
 * 4 KB: 40 different items across the shops is well inside it). One cart
 * holds up to MAX_CART_SHOPS shops, checked out together.
 */
const MAX_COOKIE_LINES = 40;

const cookie = browserCookie("nearshop_cart", 30 * 24 * 3600);

const cookieSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.number().int()])));
type CookieCart = z.infer<typeof cookieSchema>;

async function readCookie(request: Request): Promise<CookieCart> {
  const parsed = cookieSchema.safeParse(await cookie.parse(request.headers.get("Cookie")).catch(() => null));
  return parsed.success ? parsed.data : {};
}

/** Every shop's part of the cart, oldest first (a signed-in customer's from the database, a visitor's from the cookie). */
type ShopCart = { shopSlug: string; items: CartItem[] };

export async function readAllCarts(request: Request, context: AppLoadContext): Promise<ShopCart[]> {
  if (context.user) return (await context.trpc.checkout.savedCarts()).slice(0, MAX_CART_SHOPS);
  const all = await readCookie(request);
  return Object.entries(all)
    .slice(0, MAX_CART_SHOPS)
    .map(([shopSlug, lines]) => ({
      shopSlug,
      items: lines.map(([variantId, quantity]) => cartItemSchema.safeParse({ variantId, quantity })).flatMap((r) => (r.success ? [r.data] : [])),
    }))
    .filter((c) => c.items.length > 0);
}

/** How many items the header's cart shows. */
export async function cartCount(request: Request, context: AppLoadContext): Promise<number> {
  return (await readAllCarts(request, context)).reduce((n, c) => n + c.items.reduce((m, i) => m + i.quantity, 0), 0);
}

/**
 * A cart may not grow past what one checkout takes: refused with what to do,
 * never by dropping another shop's items behind the customer's back.
 */
function refuseOverflow(context: AppLoadContext, carts: ShopCart[], shopSlug: string, items: CartItem[]) {
  const others = carts.filter((c) => c.shopSlug !== shopSlug);
  if (items.length && others.length >= MAX_CART_SHOPS) {
    throw badRequest(`Your cart already holds items from ${MAX_CART_SHOPS} shops, the most one checkout takes: check those out first, then add this.`);
  }
  const lines = others.reduce((n, c) => n + c.items.length, 0) + items.length;
  if (!context.user && lines > MAX_COOKIE_LINES) {
    throw badRequest(`A cart without an account holds ${MAX_COOKIE_LINES} different items: check out first, or sign in to keep more.`);
  }
}

/** Saves one shop's part of the cart (`carts`: the whole cart as readAllCarts read it); returns the Set-Cookie header to send, if any. */
export async function writeCart(request: Request, context: AppLoadContext, carts: ShopCart[], shopSlug: string, items: CartItem[]): Promise<HeadersInit> {
  refuseOverflow(context, carts, shopSlug, items);
  if (context.user) {
    await context.trpc.checkout.saveCart({ shopSlug, items });
    return {};
  }
  const next = await readCookie(request);
  // Keeps the shops in the order they were first added (the cart page's order).
  if (items.length) next[shopSlug] = items.map((i) => [i.variantId, i.quantity]);
  else delete next[shopSlug];
  return { "Set-Cookie": await cookie.serialize(next) };
}

/** Empties the shops' parts of the cart that a checkout placed. */
export async function clearCarts(request: Request, context: AppLoadContext, shopSlugs: string[]): Promise<HeadersInit> {
  if (context.user) {
    for (const shopSlug of shopSlugs) await context.trpc.checkout.saveCart({ shopSlug, items: [] });
    return {};
  }
  const next = await readCookie(request);
  for (const shopSlug of shopSlugs) delete next[shopSlug];
  return { "Set-Cookie": await cookie.serialize(next) };
}

export function addToCart(items: CartItem[], add: CartItem): CartItem[] {
  const found = items.find((i) => i.variantId === add.variantId);
  if (found) return items.map((i) => (i === found ? { ...i, quantity: Math.min(9999, i.quantity + add.quantity) } : i));
  return [...items, add];
}

/**
 * Card orders placed at several shops: the secure page where the card is
 * entered once (then each shop charges its own order), or null when Stripe
 * cannot be reached. The orders are placed either way; their page offers
 * the payment again.
 */
export async function oneCardUrl(context: AppLoadContext, checkout: { checkoutId: string; key: string }): Promise<string | null> {
  try {
    return (await context.trpc.checkout.payCart(checkout)).url;
  } catch (error) {
    logger.warn("one card for the checkout could not start: its page offers it again", { checkoutId: checkout.checkoutId, error: String(error) });
    return null;
  }
}
