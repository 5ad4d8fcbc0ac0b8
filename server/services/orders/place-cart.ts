import type { Locale } from "../../../app/i18n";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import { baseDb, inShop, inShops } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { env } from "../../env.server";
import { orderAccessKey } from "../../auth/tokens";
import type { PlaceCartInput, PlaceOrderInput } from "../../schemas/orders";
import { DomainError, isDomainError, notFound } from "../errors";
import { openShop, type ShopSelling } from "./core";
import { publishOrderChange } from "./live";
import { logger } from "../../logger";
import { placedBefore, placeInShop, refuseCardWithoutAccount, type Placed } from "./place";
import { keepCheckoutAddress, roomForAnother, savedDestination } from "../accounts/addresses";
import type { Point } from "../../schemas/search";

/** The key in a checkout's link (the page listing its orders): an HMAC of its id, never stored. */
export function checkoutKey(checkoutId: string): string {
  return createHmac("sha256", env.APP_SECRET).update(`checkout:${checkoutId}`).digest("base64url");
}

function keyMatches(checkoutId: string, key: string): boolean {
  const want = Buffer.from(checkoutKey(checkoutId));
  const got = Buffer.from(key);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** A checkout's link is only good with its key: otherwise there is no such checkout (404), whatever the id. */
export function requireCheckoutKey(checkoutId: string, key: string): void {
  if (!keyMatches(checkoutId, key)) throw notFound("Checkout");
}

export type PlacedCart = { checkoutId: string; key: string; orders: Placed[] };

type Part = { index: number; shop: ShopSelling; input: PlaceOrderInput };

/** The fields a shop's part of the form has under orders.<n>; the rest are shared by every shop. */
const PER_SHOP_FIELDS = new Set(["locationId", "pickupSlot", "fulfilment", "note", "items"]);

/**
 * A shop's refusal, said for the whole cart: its field moved under the
 * shop's part of the form, and its message naming the shop when there are
 * several (a customer must know which shop's pickup time is gone).
 */
function forTheCart(error: unknown, part: Part, several: boolean): unknown {
  if (!isDomainError(error)) return error;
  const named = (m: string) => (several && !m.includes(part.shop.name) ? `${part.shop.name}: ${m}` : m);
  const fields = error.fieldErrors
    ? Object.fromEntries(Object.entries(error.fieldErrors).map(([f, m]) => [PER_SHOP_FIELDS.has(f) ? `orders.${part.index}.${f}` : f, named(m)]))
    : undefined;
  return new DomainError(error.code, named(error.message), fields, error.retryAfterSeconds);
}

/**
 * The whole cart's checkout: one order per shop, in ONE transaction across
 * the shops (inShops), so every shop's stock is reserved and every slot
 * booked, or none is: a shop out of stock or a full slot leaves nothing
 * behind at the others. Shops are entered by id so two carts over the same
 * shops lock in the same order. The orders share a checkout id (the page
 * listing them) and the form's clientRef: a repeated submit returns what
 * the first one placed.
 */
/**
 * Where the cart's deliveries go: a saved address read from the account
 * (never the browser's copy of it), or the address typed and the point of
 * the customer's location. Either way the shop's radius is checked against
 * that point when each order is placed.
 */
async function destination(userId: string | null, input: PlaceCartInput): Promise<{ address?: string; point?: Point }> {
  if (!input.orders.some((o) => o.fulfilment === "delivery")) return {};
  if (input.savedAddressId) return savedDestination(userId, input.savedAddressId);
  // Checked before anything is placed: no order goes through with its address then silently not kept.
  if (userId && input.saveAddress) await roomForAnother(userId);
  return { address: input.deliveryAddress, point: input.deliveryPoint };
}

export async function placeCart(userId: string | null, input: PlaceCartInput, locale: Locale | null = null): Promise<PlacedCart> {
  const several = input.orders.length > 1;
  const to = await destination(userId, input);
  const parts: Part[] = [];
  for (const [index, o] of input.orders.entries()) {
    const shop = await openShop(o.shopSlug);
    const part: Part = {
      index,
      shop,
      input: {
        clientRef: input.clientRef,
        items: o.items,
        fulfilment: o.fulfilment,
        locationId: o.fulfilment === "pickup" ? o.locationId : undefined,
        pickupSlot: o.fulfilment === "pickup" ? o.pickupSlot : undefined,
        payment: input.payment,
        name: input.name,
        email: input.email,
        phone: input.phone,
        smsOptIn: input.smsOptIn,
        deliveryAddress: o.fulfilment === "delivery" ? to.address : undefined,
        deliveryPoint: o.fulfilment === "delivery" ? to.point : undefined,
        note: o.note,
      },
    };
    await refuseCardWithoutAccount(shop, part.input).catch((e: unknown) => {
      throw forTheCart(e, part, several);
    });
    parts.push(part);
  }
  const inLockOrder = [...parts].sort((a, b) => (a.shop.id < b.shop.id ? -1 : a.shop.id > b.shop.id ? 1 : 0));
  const checkoutId = uuidv7();
  let placed: (Placed & { index: number })[];
  let repeated = false;
  try {
    placed = await inShops(
      async (enter) => {
        const out = [];
        for (const part of inLockOrder) {
          const tx = await enter(part.shop.id);
          const one = await placeInShop(tx, { shop: part.shop, userId, input: part.input, checkoutId, locale }).catch((e: unknown) => {
            throw forTheCart(e, part, several);
          });
          out.push({ ...one, index: part.index, shopId: part.shop.id, accessKey: orderAccessKey(one.orderId) });
        }
        return out;
      },
      { timeout: 30_000 },
    );
  } catch (error) {
    const again = await placedEarlier(inLockOrder, input.clientRef);
    if (!again) throw error;
    placed = again;
    repeated = true;
  }
  placed.sort((a, b) => a.index - b.index);
  if (!repeated) {
    for (const p of placed) await publishOrderChange(p.shopId, { orderId: p.orderId, number: p.number, status: p.status, isNew: true });
    if (userId && input.saveAddress && !input.savedAddressId && to.address && to.point) {
      // The orders are placed: an address that cannot be kept now (a race to the 11th) must not turn them into an error page.
      await keepCheckoutAddress(userId, {
        label: input.saveAddress.label,
        address: to.address,
        point: to.point,
        placeLabel: input.saveAddress.placeLabel,
      }).catch((error: unknown) => logger.warn("checkout: address not kept on the account", { userId, error: String(error) }));
    }
  }
  const id = repeated ? ((await checkoutOf(placed[0]!)) ?? checkoutId) : checkoutId;
  return { checkoutId: id, key: checkoutKey(id), orders: placed.map(({ index: _index, ...p }) => p) };
}

/** A repeated submit: the first one placed every order or none, so either each shop has its order under the clientRef or this is no repeat. */
async function placedEarlier(parts: Part[], clientRef: string) {
  const out: (Placed & { index: number })[] = [];
  for (const part of parts) {
    const found = await inShop(part.shop.id, async (tx) => {
      const order = await tx.order.findFirst({ where: { clientRef }, select: { id: true } });
      return order ? placedBefore(tx, order.id) : null;
    });
    if (!found) return null;
    out.push({ ...found, index: part.index, shopId: part.shop.id, accessKey: orderAccessKey(found.orderId) });
  }
  return out;
}

async function checkoutOf(p: Placed) {
  return inShop(p.shopId, async (tx) => (await tx.order.findFirst({ where: { id: p.orderId }, select: { checkoutId: true } }))?.checkoutId ?? null);
}

const CheckoutOrder = z.object({ shopId: z.string(), orderId: z.string() });

/**
 * The orders of one checkout, for the page its link opens: each shop's
 * order with its number, status, total and whether it still awaits a card
 * payment. Only with the checkout's key; anything else is "not found".
 */
export async function checkoutSummary(checkoutId: string, key: string) {
  requireCheckoutKey(checkoutId, key);
  const rows = parseRows(CheckoutOrder, await baseDb.$queryRaw`SELECT shop_id AS "shopId", order_id AS "orderId" FROM checkout_orders(${checkoutId}::uuid)`);
  if (!rows.length) throw notFound("Checkout");
  const orders = [];
  for (const r of rows) {
    const o = await inShop(r.shopId, (tx) =>
      tx.order.findFirstOrThrow({
        where: { id: r.orderId },
        select: {
          id: true,
          number: true,
          status: true,
          fulfilment: true,
          paymentMethod: true,
          total: true,
          currency: true,
          pickupSlotStart: true,
          pickupSlotEnd: true,
          expiresAt: true,
          createdAt: true,
          shop: { select: { name: true, slug: true, timezone: true } },
          location: { select: { name: true, publicName: true, addressLine1: true, city: true } },
        },
      }),
    );
    orders.push({ ...o, shopId: r.shopId, accessKey: orderAccessKey(o.id) });
  }
  return { checkoutId, orders: orders.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.shop.name.localeCompare(b.shop.name)) };
}
