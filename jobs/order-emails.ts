import { z } from "zod";
import type { EventsOf } from "../server/services/outbox/events";
import { inShop } from "../server/db/client.server";
import { env } from "../server/env.server";
import { orderAccessKey } from "../server/auth/tokens";
import { formatMoney } from "../server/schemas/money";
import { formatShopTimeNamed } from "../app/lib/time";
import { NewOrderEmail, OrderUpdateEmail, type EmailOrder } from "../server/emails/templates";
import type { Mail } from "./notifications";

const orderPayload = z.object({ orderId: z.uuid() });
const receiptPayload = z.object({ orderId: z.uuid(), email: z.string().email() });

const link = (p: string) => new URL(p, env.APP_URL).toString();

async function loadOrder(shopId: string, orderId: string) {
  return inShop(shopId, (tx) =>
    tx.order.findFirst({
      where: { id: orderId },
      select: {
        id: true,
        number: true,
        status: true,
        fulfilment: true,
        total: true,
        tax: true,
        discount: true,
        deliveryFee: true,
        currency: true,
        taxInclusive: true,
        contactName: true,
        contactEmail: true,
        createdAt: true,
        shop: { select: { name: true, slug: true, timezone: true } },
        location: { select: { name: true, addressLine1: true, city: true } },
        lines: { orderBy: { position: "asc" }, select: { title: true, variantTitle: true, quantity: true, total: true } },
        payments: { select: { kind: true, amount: true, change: true } },
      },
    }),
  );
}
type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

function summary(o: LoadedOrder): EmailOrder {
  const money = (n: number) => formatMoney(n, o.currency);
  const extra = [
    ...(o.discount ? [`Discount: −${money(o.discount)}`] : []),
    ...(o.deliveryFee ? [`Delivery: ${money(o.deliveryFee)}`] : []),
    `Tax${o.taxInclusive ? " included" : ""}: ${money(o.tax)}`,
  ];
  return {
    number: o.number,
    shopName: o.shop.name,
    lines: o.lines.map((l) => ({ label: l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title, quantity: l.quantity, total: money(l.total) })),
    total: money(o.total),
    extra,
  };
}

const customerLink = (o: LoadedOrder) => link(`/orders/${o.id}?key=${orderAccessKey(o.id)}`);

function toCustomer(o: LoadedOrder, template: string, subject: string, heading: string, intro: string): Mail[] {
  if (!o.contactEmail) return [];
  return [{ to: o.contactEmail, subject, template, element: OrderUpdateEmail({ heading, intro, order: summary(o), url: customerLink(o) }) }];
}

const where = (o: LoadedOrder) => `${o.location.name}, ${o.location.addressLine1}, ${o.location.city}`;

/** An in-app notice to the shop's owners and managers (once per event and person); returns who they are, to email them. */
export async function noticeToManagers(
  shopId: string,
  eventId: string,
  type: string,
  notice: { title: string; body: string; link: string },
  roles: ("manager" | "owner")[] = ["manager", "owner"],
) {
  return inShop(shopId, async (tx) => {
    const managers = await tx.membership.findMany({ where: { role: { in: roles } }, select: { user: { select: { id: true, email: true } } } });
    await tx.notification.createMany({
      data: managers.map((m) => ({ shopId, userId: m.user.id, eventId, type, ...notice })),
      skipDuplicates: true,
    });
    return managers;
  });
}

type Composer = (payload: unknown, shopId: string | null, eventId: string) => Promise<Mail[]>;

function withOrder(compose: (o: LoadedOrder, shopId: string, eventId: string) => Promise<Mail[]> | Mail[]): Composer {
  return async (payload, shopId, eventId) => {
    if (!shopId) throw new Error("order event without a shop");
    const o = await loadOrder(shopId, orderPayload.parse(payload).orderId);
    return o ? compose(o, shopId, eventId) : [];
  };
}

/** Emails (and in-app notices) about online orders, built by the notifications job. */
export const orderComposers = {
  // A new order the shop must prepare: the customer's confirmation, and the
  // owners' and managers' email plus an in-app notice (one per event and person).
  "order.placed": withOrder(async (o, shopId, eventId) => {
    const fulfilment = o.fulfilment === "delivery" ? "delivery" : `pickup at ${o.location.name}`;
    const staff = await noticeToManagers(shopId, eventId, "order-placed", {
      title: `New order #${o.number}`,
      body: `${o.contactName}, ${formatMoney(o.total, o.currency)}, ${fulfilment}`,
      link: `/shop/${o.shop.slug}/orders/${o.id}`,
    });
    const paidNote = o.payments.length ? "It is paid." : `You pay at ${o.location.name} when you collect it.`;
    return [
      ...toCustomer(
        o,
        "order-confirmation",
        `Your order #${o.number} at ${o.shop.name}`,
        "Thank you for your order",
        `${o.shop.name} has your order #${o.number} for ${fulfilment}. ${paidNote} We will email you when it is ready.`,
      ),
      ...staff.map((m) => ({
        to: m.user.email,
        subject: `New order #${o.number} from ${o.contactName}`,
        template: "order-new",
        element: NewOrderEmail({ customer: o.contactName, fulfilment, order: summary(o), url: link(`/shop/${o.shop.slug}/orders`) }),
      })),
    ];
  }),
  // A card refund Stripe could not pay out: the customer is still owed it.
  "refund.failed": withOrder(async (o, shopId, eventId) => {
    const title = `Card refund failed on order #${o.number}`;
    const body = `Stripe could not pay ${o.contactName} back. Refund them another way (cash or bank transfer) and note it on the order.`;
    const url = `/shop/${o.shop.slug}/orders/${o.id}`;
    const staff = await noticeToManagers(shopId, eventId, "refund-failed", { title, body, link: url });
    return staff.map((m) => ({
      to: m.user.email,
      subject: title,
      template: "refund-failed",
      element: OrderUpdateEmail({ heading: title, intro: body, order: summary(o), url: link(url) }),
    }));
  }),
  "order.ready_for_pickup": withOrder((o) =>
    toCustomer(
      o,
      "order-ready",
      `Your order #${o.number} is ready for pickup`,
      "Your order is ready",
      `Your order #${o.number} is ready for pickup at ${where(o)}.`,
    ),
  ),
  "order.out_for_delivery": withOrder((o) =>
    toCustomer(
      o,
      "order-out-for-delivery",
      `Your order #${o.number} is on its way`,
      "Your order is on its way",
      `${o.shop.name} has sent out your order #${o.number}.`,
    ),
  ),
  // Staff pushed the order back: the new time and the reason, as the history reads.
  "order.delayed": withOrder(async (o, shopId) => {
    const last = await inShop(shopId, (tx) =>
      tx.orderEvent.findFirst({ where: { orderId: o.id, note: { startsWith: "Delayed by " } }, orderBy: { createdAt: "desc" }, select: { note: true } }),
    );
    if (!last || !["paid", "confirmed", "preparing"].includes(o.status)) return [];
    return toCustomer(
      o,
      "order-delayed",
      `Your order #${o.number} is delayed`,
      "Your order will be a little later",
      `${o.shop.name}: ${last.note}. Sorry for the wait.`,
    );
  }),
  "order.cancelled": withOrder((o) =>
    toCustomer(
      o,
      "order-cancelled",
      `Your order #${o.number} was cancelled`,
      "Your order was cancelled",
      o.payments.length ? `Your order #${o.number} was cancelled; any payment is refunded.` : `Your order #${o.number} was cancelled and nothing was charged.`,
    ),
  ),
  async "receipt.requested"(payload, shopId) {
    if (!shopId) throw new Error("receipt event without a shop");
    const { orderId, email } = receiptPayload.parse(payload);
    const o = await loadOrder(shopId, orderId);
    if (!o) return [];
    const paid = o.payments.map(
      (p) =>
        `${p.kind === "cash" ? "Cash" : p.kind === "stripe" ? "Card (online)" : "Card"}: ${formatMoney(p.amount, o.currency)}${p.change ? `, change ${formatMoney(p.change, o.currency)}` : ""}`,
    );
    const order = summary(o);
    return [
      {
        to: email,
        subject: `Your receipt from ${o.shop.name} (#${o.number})`,
        template: "receipt",
        element: OrderUpdateEmail({
          heading: `Receipt #${o.number}`,
          intro: `Thank you for shopping at ${o.shop.name} on ${formatShopTimeNamed(o.createdAt, o.shop.timezone)}.`,
          order: { ...order, extra: [...(order.extra ?? []), ...paid] },
        }),
      },
    ];
  },
} satisfies Partial<Record<EventsOf<"notifications">, Composer>>;
