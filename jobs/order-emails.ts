import { z } from "zod";
import type { EventsOf } from "../server/services/outbox/events";
import { inShop } from "../server/db/client.server";
import { env } from "../server/env.server";
import { orderAccessKey } from "../server/auth/tokens";
import { dateTimeIn, messageLocale, moneyIn, personLocale, t, type Locale, type MessageKey } from "../app/i18n";
import { delayReason, delayWhen } from "../server/services/orders/delay-facts";
import { unsubscribeUrl } from "../server/services/customers/unsubscribe";
import { NewOrderEmail, OrderUpdateEmail, PaymentNoticeEmail, type EmailOrder } from "../server/emails/templates";
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
        shopId: true,
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
        locale: true,
        createdAt: true,
        pickupSlotStart: true,
        pickupSlotEnd: true,
        readyAt: true,
        shop: { select: { name: true, slug: true, timezone: true, language: true } },
        customer: { select: { id: true, marketingConsent: true } },
        location: { select: { name: true, addressLine1: true, city: true } },
        lines: { orderBy: { position: "asc" }, select: { title: true, variantTitle: true, quantity: true, total: true } },
        payments: { select: { kind: true, amount: true, change: true } },
      },
    }),
  );
}
type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

/** The order as its emails list it, every line written in the email's language. */
function summary(o: LoadedOrder, locale: Locale): EmailOrder {
  const money = (n: number) => moneyIn(locale, n, o.currency);
  const extra = [
    ...(o.discount ? [t(locale, "email.order.discount", { amount: money(o.discount) })] : []),
    ...(o.deliveryFee ? [t(locale, "email.order.delivery", { amount: money(o.deliveryFee) })] : []),
    t(locale, "email.order.tax", { included: o.taxInclusive ? "yes" : "no", amount: money(o.tax) }),
  ];
  return {
    number: o.number,
    shopName: o.shop.name,
    count: t(locale, "email.order.items", { count: o.lines.reduce((n, l) => n + l.quantity, 0) }),
    lines: o.lines.map((l) =>
      t(locale, "email.order.line", { quantity: String(l.quantity), item: l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title, total: money(l.total) }),
    ),
    total: t(locale, "email.order.total", { amount: money(o.total) }),
    extra,
  };
}

const customerLink = (o: LoadedOrder) => link(`/orders/${o.id}?key=${orderAccessKey(o.id)}`);
/** The customer's language when the order recorded it at checkout, else the shop's. */
const localeOf = (o: LoadedOrder) => messageLocale({ locale: o.locale, shopLanguage: o.shop.language });

/**
 * A shop's email to a customer who gets its news and offers carries the way
 * out: a footer link and the RFC 8058 one-click headers (same signed URL).
 */
function marketingParts(o: LoadedOrder, locale: Locale) {
  if (!o.customer?.marketingConsent) return {};
  const url = unsubscribeUrl(o.shopId, o.customer.id);
  return {
    marketing: { text: t(locale, "email.marketing.footer", { shop: o.shop.name }), linkLabel: t(locale, "email.marketing.unsubscribe"), url },
    headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

type Paragraph = [MessageKey, Record<string, string | number>?];
type CustomerEmail = { template: string; subject: MessageKey; heading: MessageKey; paragraphs: Paragraph[] };

/** One email to the order's customer, whole, in their language (no email address: nothing). */
function toCustomer(o: LoadedOrder, mail: CustomerEmail, values: Record<string, string | number> = {}): Mail[] {
  if (!o.contactEmail) return [];
  const locale = localeOf(o);
  const common = { shop: o.shop.name, number: String(o.number), ...values };
  const url = customerLink(o);
  const { marketing, headers } = marketingParts(o, locale);
  return [
    {
      to: o.contactEmail,
      subject: t(locale, mail.subject, common),
      template: mail.template,
      headers,
      element: OrderUpdateEmail({
        lang: locale,
        heading: t(locale, mail.heading, common),
        paragraphs: mail.paragraphs.map(([key, extra]) => t(locale, key, { ...common, ...extra })),
        order: summary(o, locale),
        url,
        actionLabel: t(locale, "email.order.action"),
        pasteLink: t(locale, "email.pasteLink", { url }),
        footnote: t(locale, "email.order.footnote", common),
        marketing,
      }),
    },
  ];
}

const where = (o: LoadedOrder) => `${o.location.name}, ${o.location.addressLine1}, ${o.location.city}`;

/** An in-app notice to the shop's owners and managers (once per event and person); returns who they are, to email them. */
/**
 * An in-app notice to each of the shop's managers (or `roles`), written in
 * each person's language (their account's, else the shop's); returns them
 * with that language, for their emails.
 */
export async function noticeToManagers(
  shopId: string,
  eventId: string,
  type: string,
  notice: (locale: Locale) => { title: string; body: string; link: string },
  roles: ("manager" | "owner")[] = ["manager", "owner"],
) {
  return inShop(shopId, async (tx) => {
    const [shop, members] = await Promise.all([
      tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { language: true } }),
      tx.membership.findMany({ where: { role: { in: roles } }, select: { user: { select: { id: true, email: true, locale: true, lastLocale: true } } } }),
    ]);
    const managers = members.map((m) => ({ ...m, locale: personLocale(m.user, shop.language) }));
    await tx.notification.createMany({
      data: managers.map((m) => ({ shopId, userId: m.user.id, eventId, type, ...notice(m.locale) })),
      skipDuplicates: true,
    });
    return managers;
  });
}

/**
 * A staff notice as email too: each person gets the notice's title and body
 * in their language, with the shop, the link's button and (for an order) its
 * summary.
 */
export function noticeMails(
  people: { user: { email: string }; locale: Locale }[],
  notice: (locale: Locale) => { title: string; body: string; link: string },
  mail: { template: string; shopName: string; action: MessageKey; order?: (locale: Locale) => EmailOrder },
): Mail[] {
  return people.map((m) => {
    const { title, body, link: url } = notice(m.locale);
    return {
      to: m.user.email,
      subject: title,
      template: mail.template,
      element: PaymentNoticeEmail({
        locale: m.locale,
        shopName: mail.shopName,
        heading: title,
        lines: [body],
        order: mail.order?.(m.locale),
        url: link(url),
        actionLabel: t(m.locale, mail.action),
      }),
    };
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
    const fulfilment = o.fulfilment === "delivery" ? "delivery" : "pickup";
    const values = { number: o.number, customer: o.contactName, fulfilment, location: o.location.name };
    const staff = await noticeToManagers(shopId, eventId, "order-placed", (locale) => ({
      title: t(locale, "staff.orderPlaced.title", values),
      body: t(locale, "staff.orderPlaced.body", { ...values, total: moneyIn(locale, o.total, o.currency) }),
      link: `/shop/${o.shop.slug}/orders/${o.id}`,
    }));
    return [
      ...toCustomer(
        o,
        {
          template: "order-confirmation",
          subject: "email.order.placed.subject",
          heading: "email.order.placed.heading",
          paragraphs: [["email.order.placed.intro"], ["email.order.placed.payment"]],
        },
        { fulfilment: o.fulfilment === "delivery" ? "delivery" : "pickup", location: o.location.name, paid: o.payments.length ? "yes" : "no" },
      ),
      ...staff.map((m) => ({
        to: m.user.email,
        subject: t(m.locale, "staff.orderPlaced.subject", values),
        template: "order-new",
        element: NewOrderEmail({
          locale: m.locale,
          customer: o.contactName,
          fulfilment,
          location: o.location.name,
          order: summary(o, m.locale),
          url: link(`/shop/${o.shop.slug}/orders`),
        }),
      })),
    ];
  }),
  // A card refund Stripe could not pay out: the customer is still owed it.
  "refund.failed": withOrder(async (o, shopId, eventId) => {
    const url = `/shop/${o.shop.slug}/orders/${o.id}`;
    const notice = (locale: Locale) => ({
      title: t(locale, "staff.refundFailed.title", { number: o.number }),
      body: t(locale, "staff.refundFailed.body", { customer: o.contactName }),
      link: url,
    });
    const staff = await noticeToManagers(shopId, eventId, "refund-failed", notice);
    return noticeMails(staff, notice, {
      template: "refund-failed",
      shopName: o.shop.name,
      action: "staff.order.action",
      order: (locale) => summary(o, locale),
    });
  }),
  "order.ready_for_pickup": withOrder((o) =>
    toCustomer(
      o,
      { template: "order-ready", subject: "email.order.ready.subject", heading: "email.order.ready.heading", paragraphs: [["email.order.ready.intro"]] },
      { place: where(o) },
    ),
  ),
  "order.out_for_delivery": withOrder((o) =>
    toCustomer(o, {
      template: "order-out-for-delivery",
      subject: "email.order.outForDelivery.subject",
      heading: "email.order.outForDelivery.heading",
      paragraphs: [["email.order.outForDelivery.intro"]],
    }),
  ),
  // Staff pushed the order back: the new time from the order, the reason as staff typed it.
  "order.delayed": withOrder(async (o, shopId) => {
    const last = await inShop(shopId, (tx) =>
      tx.orderEvent.findFirst({ where: { orderId: o.id, note: { startsWith: "Delayed by " } }, orderBy: { createdAt: "desc" }, select: { note: true } }),
    );
    if (!last || !["paid", "confirmed", "preparing"].includes(o.status)) return [];
    const locale = localeOf(o);
    const reason = delayReason(last.note);
    return toCustomer(
      o,
      {
        template: "order-delayed",
        subject: "email.order.delayed.subject",
        heading: "email.order.delayed.heading",
        paragraphs: [
          ["email.order.delayed.intro"],
          ...(reason ? [["email.order.delayed.reason", { reason }] satisfies Paragraph] : []),
          ["email.order.delayed.sorry"],
        ],
      },
      delayWhen(locale, o, o.shop.timezone),
    );
  }),
  "order.cancelled": withOrder((o) =>
    toCustomer(
      o,
      {
        template: "order-cancelled",
        subject: "email.order.cancelled.subject",
        heading: "email.order.cancelled.heading",
        paragraphs: [["email.order.cancelled.intro"]],
      },
      { paid: o.payments.length ? "yes" : "no" },
    ),
  ),
  async "receipt.requested"(payload, shopId) {
    if (!shopId) throw new Error("receipt event without a shop");
    const { orderId, email } = receiptPayload.parse(payload);
    const o = await loadOrder(shopId, orderId);
    if (!o) return [];
    const locale = localeOf(o);
    const money = (n: number) => moneyIn(locale, n, o.currency);
    const values = { shop: o.shop.name, number: String(o.number) };
    const paid = o.payments.map((p) =>
      t(locale, "email.receipt.payment", {
        kind: p.kind === "cash" || p.kind === "stripe" ? p.kind : "card",
        amount: money(p.amount),
        hasChange: p.change ? "yes" : "no",
        change: money(p.change ?? 0),
      }),
    );
    const order = summary(o, locale);
    return [
      {
        to: email,
        subject: t(locale, "email.receipt.subject", values),
        template: "receipt",
        element: OrderUpdateEmail({
          lang: locale,
          heading: t(locale, "email.receipt.heading", values),
          paragraphs: [t(locale, "email.receipt.intro", { ...values, date: dateTimeIn(locale, o.createdAt, o.shop.timezone) })],
          order: { ...order, extra: [...(order.extra ?? []), ...paid] },
          footnote: t(locale, "email.order.footnote", values),
        }),
      },
    ];
  },
} satisfies Partial<Record<EventsOf<"notifications">, Composer>>;
