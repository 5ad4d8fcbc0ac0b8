import { z } from "zod";
import { parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { baseDb, inShop } from "../../db/client.server";
import { Fulfilment, OrderChannel, OrderStatus, PaymentMethod, Prisma, TaxClass, type MovementKind } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { variantTitle } from "../catalog/matrix";
import { badRequest, notFound } from "../errors";
import { applyMovements } from "../inventory/ledger";
import type { CartItem } from "../../schemas/orders";
import { reportChanged, salesChanged } from "../reports/rollup";
import { outboxRows, type OutboxEvent } from "../outbox/record";
import type { Priced } from "./pricing";
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

/** A row of sellableRowsSql (also read inside the till's one-query context, as JSON). */
export const SellableRow = z.object({
  variantId: z.string(),
  productId: z.string(),
  title: z.string(),
  optionValues: z.array(z.string()),
  sku: z.string(),
  unitPrice: z.number(),
  taxClass: z.enum(TaxClass),
  active: z.boolean(),
});
type SellableRow = z.output<typeof SellableRow>;

/** The cart's variants as sellable rows, for sellableItems or a read that needs more beside them. */
export function sellableRowsSql(shopId: string, items: CartItem[]) {
  const ids = items.map((i) => i.variantId);
  return Prisma.sql`
    SELECT v.id AS "variantId", v.product_id AS "productId", p.title, v.option_values AS "optionValues", v.sku,
           v.price AS "unitPrice", v.tax_class::text AS "taxClass", p.status = 'active' AS active
    FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
    WHERE v.shop_id = ${shopId}::uuid AND v.id = ANY(${ids}::uuid[])`;
}

/** The variants of a cart, in the cart's order; a missing one is an error naming it. */
export function toSellable(items: CartItem[], rows: SellableRow[]) {
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  return items.map((item, i) => {
    const v = byId.get(item.variantId);
    if (!v) throw badRequest(`Item ${i + 1} is no longer sold here: remove it and try again`);
    const { optionValues, ...rest } = v;
    return { ...rest, variantTitle: optionValues.length ? variantTitle([...optionValues]) : "", quantity: item.quantity };
  });
}

export async function sellableItems(tx: ShopTx, shopId: string, items: CartItem[]) {
  return toSellable(items, parseRows(SellableRow, await tx.$queryRaw(sellableRowsSql(shopId, items))));
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
 * One stock movement per variant at the order's location (lines of the same
 * variant together), in the ledger with the order as reference; in two
 * statements however long the order (applyMovements, which also takes the
 * locks in the order every stock writer takes them). `belowStock` (a till
 * sale, with the shop's setting on) sells what the recorded stock lacks;
 * the answer says how many units of each variant that was.
 */
export async function moveStock(
  tx: ShopTx,
  shopId: string,
  step: StockStep,
  order: { id: string; locationId: string; number?: number; reason?: string },
  lines: { variantId: string | null; quantity: number }[],
  userId: string | null,
  options: { belowStock?: boolean } = {},
): Promise<{ variantId: string; beyondStock: number }[]> {
  const s = STEPS[step];
  const quantities = new Map<string, number>();
  // A custom-amount line (no variant) has no stock to move.
  for (const line of lines) if (line.variantId) quantities.set(line.variantId, (quantities.get(line.variantId) ?? 0) + line.quantity);
  const movements = [...quantities]
    .filter(([, quantity]) => quantity !== 0)
    .map(([variantId, quantity]) => ({
      variantId,
      locationId: order.locationId,
      kind: s.kind,
      onHandDelta: s.onHand * quantity,
      reservedDelta: s.reserved * quantity,
      reason: order.reason ?? `Order #${order.number}`,
      reference: `order:${order.id}`,
      userId,
      belowStock: step === "sell" && options.belowStock === true,
    }));
  if (!movements.length) return [];
  const levels = await applyMovements(tx, shopId, movements);
  return movements.map((m, i) => ({ variantId: m.variantId, beyondStock: levels[i]?.beyondStock ?? 0 }));
}

export async function recordStatus(tx: ShopTx, shopId: string, orderId: string, from: OrderStatus, to: OrderStatus, actor: Actor, note = "") {
  await tx.$executeRaw`
    INSERT INTO order_events (shop_id, id, order_id, from_status, to_status, actor_id, actor, note)
    VALUES (${shopId}::uuid, ${uuidv7()}::uuid, ${orderId}::uuid, ${from}::"OrderStatus", ${to}::"OrderStatus",
            ${actor.userId}::uuid, ${actor.label}, ${note})`;
  // A payment, a cancellation or a refund moves the shop's figures: the
  // reports hear of it through the outbox. Fulfilment steps do not. (A new
  // order's first status is written by writeOrder.)
  if (!FULFILMENT_STEPS.has(to)) await reportChanged(tx, shopId, orderId);
}

export type ShopSelling = {
  id: string;
  name: string;
  slug: string;
  status: string;
  currency: string;
  /** ISO 3166 alpha-2: phone numbers are read in it. */
  country: string;
  latitude: number;
  longitude: number;
  taxInclusive: boolean;
  taxStandard: number;
  taxReduced: number;
  discountLimit: number;
  deliveryRadiusKm: number;
  deliveryFee: number;
  unpaidOrderMinutes: number;
  pickupHoldHours: number;
  timezone: string;
};

const sellingSelect = {
  id: true,
  name: true,
  slug: true,
  status: true,
  currency: true,
  latitude: true,
  longitude: true,
  taxInclusive: true,
  taxStandard: true,
  taxReduced: true,
  discountLimit: true,
  deliveryRadiusKm: true,
  deliveryFee: true,
  unpaidOrderMinutes: true,
  pickupHoldHours: true,
  timezone: true,
  country: true,
} as const;

/** A shop customers can buy from (active), with what prices and checks their orders; 404 otherwise. */
export async function openShop(slug: string): Promise<ShopSelling> {
  const shop = await baseDb.shop.findUnique({ where: { slug }, select: sellingSelect });
  if (!shop || shop.status !== "active") throw notFound("Shop");
  return shop;
}

/** A line as written: a variant of the catalog, or (variantId and productId null) a custom amount; with the till's note on it. */
type SellableLine = Pick<SellableVariant, "title" | "variantTitle" | "sku" | "unitPrice"> & {
  variantId: string | null;
  productId: string | null;
  note?: string;
};

/** A new order's row, before it has a number (its money comes from the priced sale). */
export type NewOrder = {
  id: string;
  clientRef: string;
  channel: "online" | "pos";
  fulfilment: "pickup" | "delivery" | "in_store";
  status: OrderStatus;
  paymentMethod: "pay_at_pickup" | "card_online" | "in_store";
  locationId: string;
  customerId: string | null;
  userId?: string | null;
  staffId?: string | null;
  currency: string;
  taxInclusive: boolean;
  discountApprovedBy?: string | null;
  paid?: number;
  contactName: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  /** SMS updates to contactPhone (E.164 then). */
  smsOptIn?: boolean;
  /** The customer's language for messages about it (their browser's at checkout), when French or English. */
  locale?: "fr" | "en" | null;
  deliveryAddress?: string | null;
  deliveryKm?: number | null;
  note?: string;
  accessKeyHash?: string | null;
  expiresAt?: Date | null;
  /** The pickup slot the customer chose. */
  pickupSlot?: { start: Date; end: Date } | null;
  /** The checkout that placed it with orders at other shops. */
  checkoutId?: string | null;
  completedAt?: Date | null;
  /** When it was sold, if not now (a register's offline sale). */
  createdAt?: Date | null;
  registerId?: string | null;
  registerReceipt?: number | null;
};

export type NewPayment = {
  kind: "cash" | "card_terminal" | "exchange";
  amount: number;
  tendered?: number;
  change?: number;
  reference?: string | null;
  locationId: string;
  staffId: string | null;
  registerId?: string | null;
  /** An exchange payment: the exchange refund whose credit it spends. */
  refundId?: string | null;
  createdAt?: Date | null;
};

/**
 * Writes a new order in one statement: its number (the shop's gap-free
 * counter), the order, its lines, its payments, its first status in the
 * history, and the events that follow it in the outbox, with the reports'
 * "sales changed" among them. Call it last in the transaction: the
 * counter's row stays locked from here to the commit, so sales in one shop
 * queue on it for one statement only. (Foreign keys are checked at the end
 * of the statement, so the lines may name the order inserted beside them.)
 * A clientRef that has an order already writes nothing and throws.
 */
export async function writeOrder(
  tx: ShopTx,
  shopId: string,
  order: NewOrder,
  priced: Priced<SellableLine>,
  payments: NewPayment[],
  first: { actor: Actor; note?: string; events?: OutboxEvent[] },
): Promise<number> {
  const row = {
    id: order.id,
    client_ref: order.clientRef,
    channel: order.channel,
    fulfilment: order.fulfilment,
    status: order.status,
    payment_method: order.paymentMethod,
    location_id: order.locationId,
    customer_id: order.customerId,
    user_id: order.userId ?? null,
    staff_id: order.staffId ?? null,
    currency: order.currency,
    tax_inclusive: order.taxInclusive,
    subtotal: priced.subtotal,
    discount: priced.discount,
    discount_approved_by: order.discountApprovedBy ?? null,
    tax: priced.tax,
    delivery_fee: priced.deliveryFee,
    total: priced.total,
    paid: order.paid ?? 0,
    contact_name: order.contactName,
    contact_email: order.contactEmail ?? null,
    contact_phone: order.contactPhone ?? null,
    sms_opt_in: order.smsOptIn ?? false,
    locale: order.locale ?? null,
    delivery_address: order.deliveryAddress ?? null,
    delivery_km: order.deliveryKm ?? null,
    note: order.note ?? "",
    access_key_hash: order.accessKeyHash ?? null,
    expires_at: order.expiresAt ?? null,
    pickup_slot_start: order.pickupSlot?.start ?? null,
    pickup_slot_end: order.pickupSlot?.end ?? null,
    checkout_id: order.checkoutId ?? null,
    completed_at: order.completedAt ?? null,
    created_at: order.createdAt ?? null,
    register_id: order.registerId ?? null,
    register_receipt: order.registerReceipt ?? null,
  };
  const lineJson = priced.lines.map((l, position) => ({
    id: uuidv7(),
    position,
    variant_id: l.variantId,
    product_id: l.productId,
    title: l.title,
    variant_title: l.variantTitle,
    sku: l.sku,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    discount: l.discount,
    line_discount: l.lineDiscount,
    note: l.note ?? "",
    tax_rate: l.taxRate,
    tax: l.tax,
    total: l.total,
  }));
  const paymentJson = payments.map((p) => ({
    id: uuidv7(),
    kind: p.kind,
    amount: p.amount,
    tendered: p.tendered ?? null,
    change: p.change ?? null,
    reference: p.reference ?? null,
    location_id: p.locationId,
    staff_id: p.staffId,
    register_id: p.registerId ?? null,
    refund_id: p.refundId ?? null,
    created_at: p.createdAt ?? null,
  }));
  const events = outboxRows([salesChanged(shopId, order.id), ...(first.events ?? [])]);
  const [written] = parseRows(
    z.object({ number: z.number() }),
    await tx.$queryRaw`
    WITH counter AS (
      INSERT INTO shop_sequences (shop_id, name, value) VALUES (${shopId}::uuid, 'order', 1)
      ON CONFLICT (shop_id, name) DO UPDATE SET value = shop_sequences.value + 1
      RETURNING value
    ), new_order AS (
      INSERT INTO orders (shop_id, id, number, client_ref, channel, fulfilment, status, payment_method, location_id, customer_id,
                          user_id, staff_id, currency, tax_inclusive, subtotal, discount, discount_approved_by, tax, delivery_fee,
                          total, paid, contact_name, contact_email, contact_phone, delivery_address, delivery_km, note,
                          access_key_hash, expires_at, completed_at, updated_at, created_at, register_id, register_receipt,
                          pickup_slot_start, pickup_slot_end, checkout_id, sms_opt_in, locale)
      SELECT ${shopId}::uuid, o.id, counter.value, o.client_ref, o.channel, o.fulfilment, o.status, o.payment_method, o.location_id,
             o.customer_id, o.user_id, o.staff_id, o.currency, o.tax_inclusive, o.subtotal, o.discount, o.discount_approved_by, o.tax,
             o.delivery_fee, o.total, o.paid, o.contact_name, o.contact_email, o.contact_phone, o.delivery_address, o.delivery_km,
             o.note, o.access_key_hash, o.expires_at, o.completed_at, now(), coalesce(o.created_at, now()), o.register_id,
             o.register_receipt, o.pickup_slot_start, o.pickup_slot_end, o.checkout_id, o.sms_opt_in, o.locale
      FROM counter, jsonb_populate_record(NULL::orders, ${JSON.stringify(row)}::jsonb) o
      ON CONFLICT (shop_id, client_ref) DO NOTHING
      RETURNING number
    ), new_lines AS (
      INSERT INTO order_lines (shop_id, id, order_id, position, variant_id, product_id, title, variant_title, sku, quantity,
                               unit_price, discount, line_discount, note, tax_rate, tax, total)
      SELECT ${shopId}::uuid, l.id, ${order.id}::uuid, l.position, l.variant_id, l.product_id, l.title, l.variant_title, l.sku,
             l.quantity, l.unit_price, l.discount, l.line_discount, l.note, l.tax_rate, l.tax, l.total
      FROM jsonb_populate_recordset(NULL::order_lines, ${JSON.stringify(lineJson)}::jsonb) l, new_order
    ), new_payments AS (
      INSERT INTO payments (shop_id, id, order_id, kind, amount, tendered, change, reference, location_id, staff_id, register_id, refund_id, created_at)
      SELECT ${shopId}::uuid, p.id, ${order.id}::uuid, p.kind, p.amount, p.tendered, p.change, p.reference, p.location_id, p.staff_id,
             p.register_id, p.refund_id, coalesce(p.created_at, now())
      FROM jsonb_populate_recordset(NULL::payments, ${JSON.stringify(paymentJson)}::jsonb) p, new_order
    ), first_status AS (
      INSERT INTO order_events (shop_id, id, order_id, from_status, to_status, actor_id, actor, note)
      SELECT ${shopId}::uuid, ${uuidv7()}::uuid, ${order.id}::uuid, NULL, ${order.status}::"OrderStatus",
             ${first.actor.userId}::uuid, ${first.actor.label}, ${first.note ?? ""}
      FROM new_order
    ), follow_up AS (
      INSERT INTO outbox (id, shop_id, queue, type, payload, request_id)
      SELECT e.id, e.shop_id, e.queue, e.type, e.payload, e.request_id
      FROM jsonb_populate_recordset(NULL::outbox, ${JSON.stringify(events)}::jsonb) e, new_order
    )
    SELECT number, pg_notify('outbox', '')::text AS woke FROM new_order`,
  );
  // The same clientRef committed before (or just now, by a submit this one
  // waited for): nothing was written beside it; rolling back returns the
  // number taken (oncePerClientRef then finds the order).
  if (!written) throw badRequest("This sale was submitted already");
  return written.number;
}

/**
 * Makes an order once per clientRef (the till's or checkout form's id for
 * it): a retried submit gets `existing` of the order the first one made.
 * The unique index on client_ref is the check, so a first submit pays
 * nothing for it: a retry, whether it comes after the first or at the same
 * time, fails (in writeOrder, or earlier, say on the stock the first one
 * sold), its transaction rolls back whole, and only then is the order
 * looked up.
 */
export async function oncePerClientRef<T>(
  shopId: string,
  clientRef: string,
  make: (tx: ShopTx) => Promise<T>,
  existing: (tx: ShopTx, orderId: string) => Promise<T>,
): Promise<{ result: T; repeated: boolean }> {
  try {
    return { result: await inShop(shopId, make), repeated: false };
  } catch (error) {
    const again = await inShop(shopId, async (tx) => {
      const order = await tx.order.findFirst({ where: { clientRef }, select: { id: true } });
      return order ? { result: await existing(tx, order.id), repeated: true } : null;
    });
    if (!again) throw error;
    return again;
  }
}

/** The order row locked for a change; 404 when it is not this shop's. */
export async function lockOrder(tx: ShopTx, shopId: string, orderId: string) {
  const [order] = parseRows(
    LockedOrder,
    await tx.$queryRaw`
    SELECT id, number, status::text AS status, fulfilment::text AS fulfilment, channel::text AS channel,
           payment_method::text AS "paymentMethod", location_id AS "locationId", customer_id AS "customerId",
           total, paid, refunded, currency, stripe_payment_id AS "stripePaymentId", contact_email AS "contactEmail",
           expires_at AS "expiresAt"
    FROM orders WHERE shop_id = ${shopId}::uuid AND id = ${orderId}::uuid
    FOR UPDATE`,
  );
  return order ?? null;
}

const LockedOrder = z.object({
  id: z.string(),
  number: z.number(),
  status: z.enum(OrderStatus),
  fulfilment: z.enum(Fulfilment),
  channel: z.enum(OrderChannel),
  paymentMethod: z.enum(PaymentMethod),
  locationId: z.string(),
  customerId: z.string().nullable(),
  total: z.number(),
  paid: z.number(),
  refunded: z.number(),
  currency: z.string(),
  stripePaymentId: z.string().nullable(),
  contactEmail: z.string().nullable(),
  expiresAt: z.date().nullable(),
});
export type LockedOrder = z.output<typeof LockedOrder>;

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
    UPDATE customers SET order_count = order_count + 1, total_spent = LEAST(total_spent::bigint + ${spent}::bigint, 2147483647)::int, -- saturates: the column is 32-bit
           last_order_at = now(), updated_at = now()
    WHERE shop_id = ${shopId}::uuid AND id = ${customerId}::uuid`;
}
