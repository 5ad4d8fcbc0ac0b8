import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { browserCookie } from "./cookies.server";
import { cartItemSchema, type CartItem } from "../../server/schemas/orders";

/**
 * Carts: a signed-in customer's is kept in the database (it follows them
 * between devices); a visitor's lives in a cookie, per shop, for the last
 * few shops (a cookie holds 4 KB).
 */
const MAX_COOKIE_LINES = 30;
const MAX_COOKIE_SHOPS = 3;

const cookie = browserCookie("nearshop_cart", 30 * 24 * 3600);

const cookieSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.number().int()])));
type CookieCart = z.infer<typeof cookieSchema>;

async function readCookie(request: Request): Promise<CookieCart> {
  const parsed = cookieSchema.safeParse(await cookie.parse(request.headers.get("Cookie")).catch(() => null));
  return parsed.success ? parsed.data : {};
}

export async function readCart(request: Request, context: AppLoadContext, shopSlug: string): Promise<CartItem[]> {
  if (context.user) return context.trpc.checkout.savedCart({ shopSlug });
  const all = await readCookie(request);
  return (all[shopSlug] ?? []).map(([variantId, quantity]) => cartItemSchema.safeParse({ variantId, quantity })).flatMap((r) => (r.success ? [r.data] : []));
}

/** Saves the cart; returns the Set-Cookie header to send, if any. */
export async function writeCart(request: Request, context: AppLoadContext, shopSlug: string, items: CartItem[]): Promise<HeadersInit> {
  if (context.user) {
    await context.trpc.checkout.saveCart({ shopSlug, items });
    return {};
  }
  const all = await readCookie(request);
  delete all[shopSlug];
  const kept = Object.entries(all).slice(-(MAX_COOKIE_SHOPS - 1));
  const next: CookieCart = Object.fromEntries(kept);
  if (items.length) next[shopSlug] = items.slice(0, MAX_COOKIE_LINES).map((i) => [i.variantId, i.quantity]);
  return { "Set-Cookie": await cookie.serialize(next) };
}

export function addToCart(items: CartItem[], add: CartItem): CartItem[] {
  const found = items.find((i) => i.variantId === add.variantId);
  if (found) return items.map((i) => (i === found ? { ...i, quantity: Math.min(9999, i.quantity + add.quantity) } : i));
  return [...items, add];
}
