import type { Locale } from "../../../app/i18n";
import { IdRow, parseRows } from "../../db/rows";
import { z } from "zod";
import { formatShopTimeNamed } from "../../../app/lib/time";
import { v7 as uuidv7 } from "uuid";
import type { OutboxEvent } from "../outbox/events";
import type { ShopTx } from "../../db/tenancy";
import { hashToken, orderAccessKey } from "../../auth/tokens";
import { badRequest, fieldError } from "../errors";
import { formatMoney } from "../../schemas/money";
import { distanceKm } from "../search/storefront";
import type { PlaceOrderInput } from "../../schemas/orders";
import { countTowardsCustomer, moveStock, oncePerClientRef, openShop, sellableItems, writeOrder, type ShopSelling } from "./core";
import { publishOrderChange } from "./live";
import { mobileE164 } from "../sms/phone";
import { bookSlot } from "../locations/slots";
import { chargeableAccount } from "../payments/connect";
import { belowCardMinimum } from "../payments/checkout";
import { MAX_ORDER_AMOUNT, priceSale, tooLargeToRecord } from "./pricing";

export type Placed = { orderId: string; number: number; status: string; accessKey: string; shopId: string; total: number };

/** The shop's CRM record for this customer: by account first, else by email; created if new. */
async function customerFor(tx: ShopTx, shopId: string, who: { userId: string | null; name: string; email: string; phone?: string }) {
  if (who.userId) {
    const mine = await tx.customer.findFirst({ where: { userId: who.userId }, select: { id: true } });
    if (mine) return mine.id;
  }
  const [row] = parseRows(
    IdRow,
    await tx.$queryRaw`
    INSERT INTO customers (shop_id, id, user_id, name, email, phone, updated_at)
    VALUES (${shopId}::uuid, ${uuidv7()}::uuid, ${who.userId}::uuid, ${who.name}, ${who.email}, ${who.phone ?? null}, now())
    ON CONFLICT (shop_id, email) DO UPDATE SET
      phone = coalesce(EXCLUDED.phone, customers.phone),
      user_id = coalesce(customers.user_id, EXCLUDED.user_id),
      updated_at = now()
    RETURNING id`,
  );
  return row!.id;
}

async function pickupOrDeliveryLocation(tx: ShopTx, shop: ShopSelling, input: PlaceOrderInput) {
  if (input.fulfilment === "pickup") {
    // Only a pickup point: a back room is never a place to collect from.
    const location = await tx.location.findFirst({
      where: { id: input.locationId, pickupPoint: true },
      select: { id: true, name: true, publicName: true, pickupPrepMinutes: true, pickupSlotMinutes: true, pickupSlotCapacity: true },
    });
    if (!location) throw fieldError("locationId", "Choose one of the shop's pickup places");
    await refusePaused(tx, shop, location.id, "locationId");
    const slot = await bookSlot(tx, shop.id, { ...location, name: location.publicName ?? location.name }, shop.timezone, input.pickupSlot);
    return { locationId: location.id, deliveryKm: null, slot };
  }
  if (shop.deliveryRadiusKm <= 0) throw fieldError("fulfilment", `${shop.name} does not deliver: choose pickup`);
  const point = input.deliveryPoint!;
  const km = distanceKm({ lat: shop.latitude, lng: shop.longitude }, point);
  if (km > shop.deliveryRadiusKm) {
    throw fieldError("deliveryAddress", `${shop.name} delivers within ${shop.deliveryRadiusKm} km; this address is ${km.toFixed(1)} km away`);
  }
  const from = await deliveryLocation(tx, shop.id, input.items, point);
  if (!from) throw badRequest(`${shop.name} has no location to deliver from`);
  await refusePaused(tx, shop, from, "fulfilment");
  return { locationId: from, deliveryKm: Math.round(km * 10) / 10, slot: null };
}

/**
 * Where a delivery leaves from: the location nearest the address among
 * those that have every item available in the quantity ordered; failing
 * that, the nearest location (whose reservation then says what is short).
 */
const Paused = z.object({ name: z.string(), until: z.date().nullable(), note: z.string() });

/**
 * Staff paused online orders here (a rush, a breakdown): refused with when
 * it opens again and their note. FOR SHARE: a pause being saved waits for
 * this order, and an order after it sees the pause.
 */
async function refusePaused(tx: ShopTx, shop: ShopSelling, locationId: string, field: string) {
  const [row] = parseRows(
    Paused,
    await tx.$queryRaw`
    SELECT coalesce(public_name, name) AS name, orders_paused_until AS until, orders_paused_note AS note
    FROM locations WHERE shop_id = ${shop.id}::uuid AND id = ${locationId}::uuid FOR SHARE`,
  );
  if (row?.until && row.until > new Date()) {
    throw fieldError(
      field,
      `${row.name} is not taking online orders until ${formatShopTimeNamed(row.until, shop.timezone)}${row.note ? `: ${row.note}` : ""}. Try again then, or choose another place.`,
    );
  }
}

async function deliveryLocation(tx: ShopTx, shopId: string, items: { variantId: string; quantity: number }[], point: { lat: number; lng: number }) {
  const variantIds = items.map((i) => i.variantId);
  const quantities = items.map((i) => i.quantity);
  const [row] = parseRows(
    IdRow,
    await tx.$queryRaw`
    SELECT l.id
    FROM locations l
    WHERE l.shop_id = ${shopId}::uuid
    ORDER BY NOT EXISTS (
               SELECT 1 FROM unnest(${variantIds}::uuid[], ${quantities}::int[]) AS want(variant_id, quantity)
               WHERE NOT EXISTS (
                 SELECT 1 FROM stock_levels s
                 WHERE s.shop_id = l.shop_id AND s.location_id = l.id AND s.variant_id = want.variant_id
                   AND s.on_hand - s.reserved >= want.quantity)) DESC,
             earth_distance(ll_to_earth(l.latitude, l.longitude), ll_to_earth(${point.lat}, ${point.lng})),
             l.position, l.id
    LIMIT 1`,
  );
  return row?.id ?? null;
}

/** What placing an order needs besides the shop's transaction: the shop, who orders, the form, and the checkout it belongs to. */
type Placing = { shop: ShopSelling; userId: string | null; input: PlaceOrderInput; checkoutId?: string | null; locale?: Locale | null };

/**
 * One shop's order inside a transaction already scoped to that shop: priced,
 * its stock reserved at the location (the reservation fails rather than
 * oversell), numbered, recorded with its first status, and its follow-up
 * work put in the outbox. Card orders await payment and expire if unpaid;
 * pay-at-pickup orders are confirmed at once.
 */
export async function placeInShop(tx: ShopTx, { shop, userId, input, checkoutId = null, locale = null }: Placing) {
  const smsPhone = input.smsOptIn ? mobileE164(input.phone ?? "", shop.country) : null;
  if (input.smsOptIn && !smsPhone) throw fieldError("phone", "Enter a mobile number we can text (with its country code if it is not from this shop's country)");
  const { locationId, deliveryKm, slot } = await pickupOrDeliveryLocation(tx, shop, input);
  const items = await sellableItems(tx, shop.id, input.items);
  const inactive = items.find((i) => !i.active);
  if (inactive) throw badRequest(`${inactive.title} is not on sale any more: remove it from your cart`);
  const priced = priceSale(items, shop, { deliveryFee: input.fulfilment === "delivery" ? shop.deliveryFee : 0 });
  if (tooLargeToRecord(priced)) {
    throw badRequest(
      `This order comes to more than ${formatMoney(MAX_ORDER_AMOUNT, shop.currency)}, the most one order can hold: order fewer items at a time.`,
    );
  }
  const tooSmall = input.payment === "card_online" ? belowCardMinimum(priced.total, shop.currency) : null;
  if (tooSmall) throw fieldError("payment", tooSmall);
  const status = input.payment === "card_online" ? "pending_payment" : "confirmed";
  const customerId = await customerFor(tx, shop.id, { userId, name: input.name, email: input.email, phone: input.phone });
  const id = uuidv7();
  await moveStock(tx, shop.id, "reserve", { id, locationId, reason: "Online order" }, priced.lines, userId).catch(async (error: unknown) => {
    throw (await shortLine(tx, shop, locationId, priced.lines, input.fulfilment)) ?? error;
  });
  if (status === "confirmed") await countTowardsCustomer(tx, shop.id, customerId, priced.total);
  // Both kinds hold stock for a while only: a card order until paid, an
  // order to be paid at pickup until collected: by its slot's end when it
  // has one, else for the shop's hold.
  const expiresAt =
    status === "pending_payment"
      ? new Date(Date.now() + shop.unpaidOrderMinutes * 60_000)
      : (slot?.end ?? new Date(Date.now() + shop.pickupHoldHours * 3_600_000));
  // The number last (writeOrder): the shop's counter row stays locked until commit.
  const number = await writeOrder(
    tx,
    shop.id,
    {
      id,
      clientRef: input.clientRef,
      channel: "online",
      fulfilment: input.fulfilment,
      status,
      paymentMethod: input.payment,
      locationId,
      customerId,
      userId,
      currency: shop.currency,
      taxInclusive: shop.taxInclusive,
      contactName: input.name,
      contactEmail: input.email,
      contactPhone: smsPhone ?? input.phone ?? null,
      smsOptIn: input.smsOptIn ?? false,
      locale,
      deliveryAddress: input.fulfilment === "delivery" ? input.deliveryAddress : null,
      deliveryKm,
      note: input.note ?? "",
      accessKeyHash: hashToken(orderAccessKey(id)),
      expiresAt,
      pickupSlot: slot,
      checkoutId,
    },
    priced,
    [],
    {
      actor: { userId, label: userId ? `${input.name} (customer)` : `${input.name} (guest)` },
      events: [
        ...(status === "confirmed" ? [{ type: "order.placed", payload: { orderId: id }, shopId: shop.id } satisfies OutboxEvent] : []),
        { type: "order.expire", payload: { orderId: id, runAt: expiresAt.toISOString() }, shopId: shop.id } satisfies OutboxEvent,
      ],
    },
  );
  return { orderId: id, number, status: status as string, total: priced.total };
}

/**
 * The ledger's refusal speaks to staff (a SKU, a location's inside name);
 * a customer is told which item is short, how many are left and where.
 */
async function shortLine(
  tx: ShopTx,
  shop: ShopSelling,
  locationId: string,
  lines: { variantId: string | null; title: string; quantity: number }[],
  fulfilment: "pickup" | "delivery",
) {
  for (const line of lines) {
    if (!line.variantId) continue;
    const [row] = parseRows(
      z.object({ available: z.number() }),
      await tx.$queryRaw`
      SELECT (on_hand - reserved)::int AS available FROM stock_levels
      WHERE shop_id = ${shop.id}::uuid AND variant_id = ${line.variantId}::uuid AND location_id = ${locationId}::uuid`,
    );
    const available = Math.max(0, row?.available ?? 0);
    if (available < line.quantity) {
      if (fulfilment === "delivery") {
        return badRequest(
          `Not enough ${line.title} left at ${shop.name} to deliver ${line.quantity} (${available} at the location nearest you): lower the quantity in your cart.`,
        );
      }
      return badRequest(
        available === 0
          ? `${line.title} has just sold out at ${shop.name}: remove it from your cart.`
          : `Only ${available} × ${line.title} left at ${shop.name}: lower the quantity in your cart to ${available} or fewer.`,
      );
    }
  }
  return null;
}

/** An order already placed under this clientRef, as placing it answered. */
export async function placedBefore(tx: ShopTx, orderId: string) {
  const o = await tx.order.findFirstOrThrow({ where: { id: orderId }, select: { number: true, status: true, total: true } });
  return { orderId, number: o.number, status: o.status as string, total: o.total };
}

/** Card only while the shop's own Stripe account can take charges (issue 19). */
export async function refuseCardWithoutAccount(shop: ShopSelling, input: Pick<PlaceOrderInput, "payment">, field = "payment") {
  if (input.payment === "card_online" && !(await chargeableAccount(shop.id))) {
    throw fieldError(field, `Card payment is not available at ${shop.name} at the moment: choose pay at pickup`);
  }
}

/**
 * A customer's order at one shop, in one transaction (placeInShop). A
 * repeated submit (same clientRef) returns the order the first one made.
 * `locale`: the customer's language (their browser's), for the messages
 * about the order; none, the shop's.
 */
export async function placeOrder(shopSlug: string, userId: string | null, input: PlaceOrderInput, locale: Locale | null = null): Promise<Placed> {
  const shop = await openShop(shopSlug);
  await refuseCardWithoutAccount(shop, input);
  const { result: placed, repeated } = await oncePerClientRef(shop.id, input.clientRef, (tx) => placeInShop(tx, { shop, userId, input, locale }), placedBefore);
  if (!repeated) await publishOrderChange(shop.id, { orderId: placed.orderId, number: placed.number, status: placed.status, isNew: true });
  return { ...placed, shopId: shop.id, accessKey: orderAccessKey(placed.orderId) };
}
