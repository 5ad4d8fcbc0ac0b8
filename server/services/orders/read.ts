import { z } from "zod";
import { parseRows } from "../../db/rows";
import { asUser, baseDb, inShop } from "../../db/client.server";
import type { Prisma } from "../../db/generated/client.ts";
import { DateTime } from "luxon";
import { hashToken } from "../../auth/tokens";
import type { OrderListInput } from "../../schemas/orders";
import { badRequest, notFound } from "../errors";
import { nextSteps, OPEN_STATUSES } from "./states";

const PAGE = 50;

const summary = {
  id: true,
  number: true,
  channel: true,
  fulfilment: true,
  status: true,
  paymentMethod: true,
  total: true,
  paid: true,
  refunded: true,
  currency: true,
  contactName: true,
  createdAt: true,
  updatedAt: true,
  expiresAt: true,
  pickupSlotStart: true,
  pickupSlotEnd: true,
  readyAt: true,
  location: { select: { name: true } },
  _count: { select: { lines: true } },
} satisfies Prisma.OrderSelect;

const SORT_COLUMN = { created: "createdAt", total: "total", number: "number" } as const;

/** A day in the shop's zone as the instant it starts. */
const dayStart = (day: string, timezone: string) => DateTime.fromISO(day, { zone: timezone }).startOf("day").toJSDate();

/**
 * The shop's orders, newest first unless sorted otherwise, by status,
 * channel, days (in the shop's zone, both ends included) or number /
 * customer name. Keyset pages: the cursor is the last row's sort value and id.
 */
export function listOrders(shopId: string, timezone: string, input: OrderListInput) {
  const desc = input.sort.startsWith("-");
  const column = SORT_COLUMN[input.sort.replace("-", "") as keyof typeof SORT_COLUMN];
  const dir = desc ? "desc" : "asc";
  return inShop(shopId, async (tx) => {
    const and: Prisma.OrderWhereInput[] = [];
    if (input.status) and.push({ status: input.status });
    if (input.channel) and.push({ channel: input.channel });
    if (input.from || input.to) {
      and.push({
        createdAt: {
          ...(input.from ? { gte: dayStart(input.from, timezone) } : {}),
          ...(input.to ? { lt: DateTime.fromJSDate(dayStart(input.to, timezone)).setZone(timezone).plus({ days: 1 }).toJSDate() } : {}),
        },
      });
    }
    if (input.q) {
      const n = Number(input.q.replace(/^#/, ""));
      and.push({
        OR: [
          ...(Number.isInteger(n) && n > 0 && n < 2 ** 31 ? [{ number: n }] : []),
          { contactName: { contains: input.q, mode: "insensitive" as const } },
          { contactEmail: { contains: input.q.toLowerCase() } },
        ],
      });
    }
    if (input.cursor) and.push(afterCursor(input.cursor, column, desc));
    const rows = await tx.order.findMany({
      where: { AND: and },
      orderBy: [{ [column]: dir }, { id: dir }],
      take: PAGE + 1,
      select: summary,
    });
    const more = rows.length > PAGE;
    const items = rows.slice(0, PAGE);
    const last = items[items.length - 1];
    const value = (o: NonNullable<typeof last>) => (column === "createdAt" ? o.createdAt.getTime() : o[column]);
    return { items, nextCursor: more && last ? `${value(last)}~${last.id}` : undefined };
  });
}

/** Rows after the cursor's row in the list's order. */
function afterCursor(cursor: string, column: (typeof SORT_COLUMN)[keyof typeof SORT_COLUMN], desc: boolean): Prisma.OrderWhereInput {
  const [raw = "", id = ""] = cursor.split("~");
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw badRequest("This page link is not valid: go back to the first page");
  const value = column === "createdAt" ? new Date(n) : n;
  const beyond = desc ? "lt" : "gt";
  return { OR: [{ [column]: { [beyond]: value } }, { [column]: value, id: { [beyond]: id } }] };
}

/** The live board: orders that need the staff, oldest first, and today's finished ones. */
export function boardOrders(shopId: string) {
  return inShop(shopId, async (tx) => {
    const open = await tx.order.findMany({
      where: { status: { in: [...OPEN_STATUSES] }, channel: "online" },
      orderBy: { id: "asc" },
      take: 200,
      select: { ...summary, note: true, lines: { select: { title: true, variantTitle: true, quantity: true }, orderBy: { position: "asc" } } },
    });
    return open.map((o) => ({ ...o, next: nextSteps(o) }));
  });
}

const detail = {
  ...summary,
  staffId: true,
  subtotal: true,
  discount: true,
  tax: true,
  deliveryFee: true,
  taxInclusive: true,
  contactEmail: true,
  contactPhone: true,
  smsOptIn: true,
  deliveryAddress: true,
  deliveryKm: true,
  note: true,
  expiresAt: true,
  completedAt: true,
  customerId: true,
  stripeSessionId: true,
  stripePaymentId: true,
  locationId: true,
  applicationFee: true,
  applicationFeeRefunded: true,
  disputed: true,
  lines: {
    orderBy: { position: "asc" },
    select: {
      id: true,
      title: true,
      variantTitle: true,
      sku: true,
      quantity: true,
      unitPrice: true,
      discount: true,
      lineDiscount: true,
      note: true,
      variantId: true,
      taxRate: true,
      tax: true,
      total: true,
      returnedQuantity: true,
    },
  },
  events: { orderBy: { createdAt: "asc" }, select: { id: true, fromStatus: true, toStatus: true, actor: true, note: true, createdAt: true } },
  payments: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, amount: true, tendered: true, change: true, reference: true, createdAt: true } },
  refunds: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      amount: true,
      status: true,
      reason: true,
      restock: true,
      createdAt: true,
      repaysId: true,
      repaidBy: { select: { id: true } },
      feeReturned: true,
      stripeStatus: true,
      stripeStatusAt: true,
      outsideNearshop: true,
    },
  },
  customer: { select: { id: true, name: true, email: true } },
} satisfies Prisma.OrderSelect;

/**
 * Prisma reads an order's lines, events, payments and refunds in statements
 * of their own; at READ COMMITTED each sees a newer snapshot, so a page could
 * show a refund's commission share beside an order total from before it.
 * One snapshot for the whole read (read-only, so it never fails to serialize).
 */
const ONE_SNAPSHOT = { isolationLevel: "RepeatableRead" } as const;

/** One order with its lines, history, payments and refunds, for staff. */
export function getOrder(shopId: string, where: { orderId: string } | { number: number }) {
  return inShop(
    shopId,
    async (tx) => {
      const order = await tx.order.findFirst({ where: "orderId" in where ? { id: where.orderId } : { number: where.number }, select: detail });
      if (!order) throw notFound("Order");
      // Chargebacks on its card payment, newest first: what the shop must answer, and by when.
      const disputes = await tx.cardDispute.findMany({
        where: { orderId: order.id },
        orderBy: { createdAt: "desc" },
        take: 10,
        select: { id: true, amount: true, currency: true, reason: true, status: true, dueBy: true },
      });
      // Texts to the customer about it (three events at most, each once), with Twilio's latest status.
      const sms = await tx.smsMessage.findMany({
        where: { orderId: order.id },
        orderBy: { createdAt: "asc" },
        take: 20,
        select: { id: true, to: true, body: true, status: true, error: true, createdAt: true },
      });
      return { ...order, disputes, sms, next: nextSteps(order) };
    },
    ONE_SNAPSHOT,
  );
}

/** A signed-in customer's orders across shops, newest first. */
export function myOrders(userId: string, cursor?: string) {
  return asUser(userId, async (tx) => {
    const rows = await tx.order.findMany({
      where: { userId, ...(cursor ? { id: { lt: cursor } } : {}) },
      orderBy: { id: "desc" },
      take: PAGE + 1,
      select: { ...summary, shop: { select: { name: true, slug: true, timezone: true } } },
    });
    const more = rows.length > PAGE;
    const items = rows.slice(0, PAGE);
    return { items, nextCursor: more ? items[items.length - 1]?.id : undefined };
  });
}

/**
 * One order as its customer sees it: theirs when signed in, or with the
 * secret key from the guest's order link. Anything else is "not found".
 */
export async function orderShopFor(orderId: string, who: { userId: string | null; accessKey?: string }): Promise<string> {
  const [owner] = parseRows(
    z.object({ shopId: z.string() }),
    await baseDb.$queryRaw`
    SELECT shop_id AS "shopId" FROM order_owner(${orderId}::uuid, ${who.userId}::uuid, ${who.accessKey ? hashToken(who.accessKey) : null})`,
  );
  if (!owner) throw notFound("Order");
  return owner.shopId;
}

export async function customerOrder(orderId: string, who: { userId: string | null; accessKey?: string }) {
  const shopId = await orderShopFor(orderId, who);
  return inShop(
    shopId,
    async (tx) => {
      const order = await tx.order.findFirst({
        where: { id: orderId },
        select: {
          ...detail,
          shop: { select: { name: true, slug: true, email: true, phone: true, timezone: true } },
          location: { select: { name: true, publicName: true, addressLine1: true, city: true, postalCode: true } },
        },
      });
      if (!order) throw notFound("Order");
      // Staff-only details stay out.
      const { customerId: _c, stripeSessionId: _s, stripePaymentId: _p, staffId: _st, ...visible } = order;
      // Customers see the place by its public name, never the internal one.
      const { publicName, ...place } = visible.location;
      return { ...visible, location: { ...place, name: publicName ?? place.name }, events: visible.events.map(({ actor: _a, ...e }) => e) };
    },
    ONE_SNAPSHOT,
  );
}
