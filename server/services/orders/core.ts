import { v7 as uuidv7 } from "uuid";
import { baseDb, inShop } from "../../db/client.server";
import type { MovementKind, OrderStatus, TaxClass } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { variantTitle } from "../catalog/matrix";
import { badRequest, notFound } from "../errors";
import { applyMovement } from "../inventory/ledger";
import type { CartItem } from "../../schemas/orders";
import { reportChanged } from "../reports/rollup";
import { FULFILMENT_STEPS } from "./states";

/** Who did something to an order, for its history. */
export type Actor = { userId: string | null; label: string };

export type SellableVariant = {
  variantId: string;
  productId: string;
  title: string;
  variantTitle: string;
  sku: string;
  unitPrice: number;
  taxClass: TaxClass;
  active: boolean;
};

/** The variants of a cart, in the cart's order; a missing one is an error naming it. */
export async function sellableItems(tx: ShopTx, shopId: string, items: CartItem[]) {
  const ids = items.map((i) => i.variantId);
  const rows = await tx.$queryRaw<(Omit<SellableVariant, "variantTitle"> & { optionValues: string[] })[]>`
    SELECT v.id AS "variantId", v.product_id AS "productId", p.title, v.option_values AS "optionValues", v.sku,
           v.price AS "unitPrice", v.tax_class::text AS "taxClass", p.status = 'active' AS active
    FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
    WHERE v.shop_id = ${shopId}::uuid AND v.id = ANY(${ids}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  return items.map((item, i) => {
    const v = byId.get(item.variantId);
    if (!v) throw badRequest(`Item ${i + 1} is no longer sold here: remove it and try again`);
    const { optionValues, ...rest } = v;
    return { ...rest, variantTitle: optionValues.length ? variantTitle([...optionValues]) : "", quantity: item.quantity };
  });
}

/** The shop's next order number (also the till's receipt number), gap-free. */
export async function nextOrderNumber(tx: ShopTx, shopId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO shop_sequences (shop_id, name, value) VALUES (${shopId}::uuid, 'order', 1)
    ON CONFLICT (shop_id, name) DO UPDATE SET value = shop_sequences.value + 1
    RETURNING value`;
  return row!.value;
}

export type StockStep = "reserve" | "release" | "sell_reserved" | "sell" | "return";

const STEPS: Record<StockStep, { kind: MovementKind; onHand: number; reserved: number }> = {
  reserve: { kind: "reserved", onHand: 0, reserved: 1 },
  release: { kind: "released", onHand: 0, reserved: -1 },
  sell_reserved: { kind: "sold", onHand: -1, reserved: -1 },
  sell: { kind: "sold", onHand: -1, reserved: 0 },
  return: { kind: "returned", onHand: 1, reserved: 0 },
};

/**
 * One stock movement per line at the order's location, in the ledger with
 * the order as reference. Lines are taken in product then variant order, the
 * order every stock writer locks in, so two orders cannot deadlock.
 */
export async function moveStock(
  tx: ShopTx,
  shopId: string,
  step: StockStep,
  order: { id: string; locationId: string; number?: number; reason?: string },
  lines: { variantId: string; productId: string; quantity: number }[],
  userId: string | null,
) {
  const s = STEPS[step];
  const sorted = [...lines].sort((a, b) => a.productId.localeCompare(b.productId) || a.variantId.localeCompare(b.variantId));
  for (const line of sorted) {
    if (line.quantity === 0) continue;
    await applyMovement(tx, shopId, {
      variantId: line.variantId,
      locationId: order.locationId,
      kind: s.kind,
      onHandDelta: s.onHand * line.quantity,
      reservedDelta: s.reserved * line.quantity,
      reason: order.reason ?? `Order #${order.number}`,
      reference: `order:${order.id}`,
      userId,
    });
  }
}

export async function recordStatus(
  tx: ShopTx,
  shopId: string,
  orderId: string,
  from: OrderStatus | null,
  to: OrderStatus,
  actor: Actor,
  note = "",
) {
  await tx.$executeRaw`
    INSERT INTO order_events (shop_id, id, order_id, from_status, to_status, actor_id, actor, note)
    VALUES (${shopId}::uuid, ${uuidv7()}::uuid, ${orderId}::uuid, ${from}::"OrderStatus", ${to}::"OrderStatus",
            ${actor.userId}::uuid, ${actor.label}, ${note})`;
  // A sale, a payment, a cancellation or a refund moves the shop's figures:
  // the reports hear of it through the outbox. Fulfilment steps do not.
  if (from === null || !FULFILMENT_STEPS.has(to)) await reportChanged(tx, shopId, orderId);
}

export type ShopSelling = {
  id: string;
  name: string;
  slug: string;
  status: string;
  currency: string;
  latitude: number;
  longitude: number;
  taxInclusive: boolean;
  taxStandard: number;
  taxReduced: number;
  discountLimit: number;
  deliveryRadiusKm: number;
  deliveryFee: number;
  unpaidOrderMinutes: number;
};

const sellingSelect = {
  id: true, name: true, slug: true, status: true, currency: true, latitude: true, longitude: true,
  taxInclusive: true, taxStandard: true, taxReduced: true, discountLimit: true,
  deliveryRadiusKm: true, deliveryFee: true, unpaidOrderMinutes: true,
} as const;

export async function sellingSettingsOf(tx: ShopTx, shopId: string): Promise<ShopSelling> {
  return tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: sellingSelect });
}

/** A shop customers can buy from (active), with what prices and checks their orders; 404 otherwise. */
export async function openShop(slug: string): Promise<ShopSelling> {
  const shop = await baseDb.shop.findUnique({ where: { slug }, select: sellingSelect });
  if (!shop || shop.status !== "active") throw notFound("Shop");
  return shop;
}

/** The order rows' lines, as priced. */
export function lineRows(lines: (SellableLine & { quantity: number; discount: number; taxRate: number; tax: number; total: number })[]) {
  return lines.map((l, position) => ({
    position, variantId: l.variantId, productId: l.productId, title: l.title, variantTitle: l.variantTitle,
    sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, taxRate: l.taxRate, tax: l.tax, total: l.total,
  }));
}
type SellableLine = Pick<SellableVariant, "variantId" | "productId" | "title" | "variantTitle" | "sku" | "unitPrice">;

/**
 * Makes an order once per clientRef (the till's or checkout form's id for
 * it): a retried submit gets `existing` of the order the first one made,
 * whether it comes after it (the lookup) or at the same time (the unique
 * index refuses the second insert, its transaction rolls back whole, and
 * the lookup runs again).
 */
export async function oncePerClientRef<T>(
  shopId: string,
  clientRef: string,
  make: (tx: ShopTx) => Promise<T>,
  existing: (tx: ShopTx, orderId: string) => Promise<T>,
): Promise<{ result: T; repeated: boolean }> {
  const lookup = async (tx: ShopTx) => {
    const order = await tx.order.findFirst({ where: { clientRef }, select: { id: true } });
    return order ? { result: await existing(tx, order.id), repeated: true } : null;
  };
  try {
    return await inShop(shopId, async (tx) => (await lookup(tx)) ?? { result: await make(tx), repeated: false });
  } catch (error) {
    if (!isClientRefConflict(error)) throw error;
    const again = await inShop(shopId, lookup);
    if (!again) throw error;
    return again;
  }
}

/** The order row locked for a change; 404 when it is not this shop's. */
export async function lockOrder(tx: ShopTx, shopId: string, orderId: string) {
  const [order] = await tx.$queryRaw<LockedOrder[]>`
    SELECT id, number, status::text AS status, fulfilment::text AS fulfilment, channel::text AS channel,
           payment_method::text AS "paymentMethod", location_id AS "locationId", customer_id AS "customerId",
           total, paid, refunded, currency, stripe_payment_id AS "stripePaymentId", contact_email AS "contactEmail",
           expires_at AS "expiresAt"
    FROM orders WHERE shop_id = ${shopId}::uuid AND id = ${orderId}::uuid
    FOR UPDATE`;
  return order ?? null;
}

export type LockedOrder = {
  id: string;
  number: number;
  status: OrderStatus;
  fulfilment: "pickup" | "delivery" | "in_store";
  channel: "online" | "pos";
  paymentMethod: "pay_at_pickup" | "card_online" | "in_store";
  locationId: string;
  customerId: string | null;
  total: number;
  paid: number;
  refunded: number;
  currency: string;
  stripePaymentId: string | null;
  contactEmail: string | null;
  expiresAt: Date | null;
};

export async function orderLines(tx: ShopTx, orderId: string) {
  return tx.orderLine.findMany({
    where: { orderId },
    orderBy: { position: "asc" },
    select: { id: true, variantId: true, productId: true, quantity: true, returnedQuantity: true, total: true, title: true, sku: true },
  });
}

/** Adds an order to its customer's totals (orders, spend, last order). */
export async function countTowardsCustomer(tx: ShopTx, shopId: string, customerId: string | null, spent: number) {
  if (!customerId) return;
  await tx.$executeRaw`
    UPDATE customers SET order_count = order_count + 1, total_spent = total_spent + ${spent}::int,
           last_order_at = now(), updated_at = now()
    WHERE shop_id = ${shopId}::uuid AND id = ${customerId}::uuid`;
}

/** Two submits of one sale at once: the second hits the unique client_ref. */
const isClientRefConflict = (e: unknown) =>
  (e as { code?: string }).code === "P2002" && JSON.stringify((e as { meta?: unknown }).meta ?? {}).includes("client_ref");
