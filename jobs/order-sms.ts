import { z } from "zod";
import { inShop } from "../server/db/client.server";
import { env } from "../server/env.server";
import { orderAccessKey } from "../server/auth/tokens";
import { logger } from "../server/logger";
import { smsProvider, SmsSendError } from "../server/integrations/sms.server";
import { capNoticeId, markSms, reserveSms, smsBody, type SmsEvent } from "../server/services/sms/messages";
import { noticeToManagers } from "./order-emails";
import { messageLocale, t } from "../app/i18n";
import { delayReason, delayWhen } from "../server/services/orders/delay-facts";

const orderPayload = z.object({ orderId: z.uuid() });

async function loadOrder(shopId: string, orderId: string) {
  return inShop(shopId, async (tx) => {
    const o = await tx.order.findFirst({
      where: { id: orderId },
      select: {
        id: true,
        number: true,
        status: true,
        smsOptIn: true,
        contactPhone: true,
        locale: true,
        pickupSlotStart: true,
        pickupSlotEnd: true,
        readyAt: true,
        shop: { select: { name: true, slug: true, timezone: true, smsMonthlyCap: true, language: true } },
        location: { select: { addressLine1: true, city: true } },
      },
    });
    const delay = o
      ? await tx.orderEvent.findFirst({
          where: { orderId, note: { startsWith: "Delayed by " } },
          orderBy: { createdAt: "desc" },
          select: { note: true },
        })
      : null;
    return o && { ...o, delayNote: delay?.note ?? null };
  });
}

/**
 * The SMS an order event asks for, at most once per event: to a customer
 * who opted in, whose number has not replied STOP, while the shop is under
 * its monthly cap (over it: a capped row and one notice a month to
 * managers). A provider refusal is recorded as failed; a network or 5xx
 * error leaves the row pending and throws, so the job's retry sends it.
 */
export async function sendOrderSms(event: SmsEvent, payload: unknown, shopId: string | null, eventId: string): Promise<string> {
  if (!shopId) throw new Error("order event without a shop");
  const o = await loadOrder(shopId, orderPayload.parse(payload).orderId);
  if (!o?.smsOptIn || !o.contactPhone) return "no SMS asked for";
  // The same rule as the delay email: only while the order is still being prepared.
  if (event === "order.delayed" && (!o.delayNote || !["paid", "confirmed", "preparing"].includes(o.status))) return "no SMS: not delayed now";
  const url = new URL(`/orders/${o.id}?key=${orderAccessKey(o.id)}`, env.APP_URL).toString();
  const locale = messageLocale({ locale: o.locale, shopLanguage: o.shop.language });
  const body = smsBody(locale, event, {
    number: o.number,
    shopName: o.shop.name,
    url,
    place: `${o.location.addressLine1}, ${o.location.city}`,
    delay: o.delayNote ? { ...delayWhen(locale, o, o.shop.timezone), reason: delayReason(o.delayNote) } : undefined,
  });
  const row = await reserveSms(shopId, { eventId, orderId: o.id, to: o.contactPhone, body, timezone: o.shop.timezone, cap: o.shop.smsMonthlyCap });
  if (row.status === "capped") {
    if (row.fresh) {
      const month = new Intl.DateTimeFormat("en-CA", { timeZone: o.shop.timezone, year: "numeric", month: "2-digit" }).format(new Date());
      await noticeToManagers(shopId, capNoticeId(shopId, month), "sms-cap", (locale) => ({
        title: t(locale, "staff.smsCap.title"),
        body: t(locale, "staff.smsCap.body", { number: o.number, cap: o.shop.smsMonthlyCap }),
        link: `/shop/${o.shop.slug}/settings#selling`,
      }));
    }
    return "SMS not sent: monthly cap reached";
  }
  if (row.status !== "pending") return `SMS ${row.status}`;
  const provider = smsProvider();
  const statusCallback = provider.name === "twilio" ? new URL("/webhooks/twilio/status", env.APP_URL).toString() : null;
  try {
    const sent = await provider.send(row.to, row.body, statusCallback);
    await markSms(shopId, row.id, { status: sent.status, providerId: sent.providerId, error: null });
    return `SMS ${sent.status}: ${sent.providerId}`;
  } catch (error) {
    if (error instanceof SmsSendError && !error.transient) {
      await markSms(shopId, row.id, { status: "failed", error: error.message.slice(0, 500) });
      logger.warn("SMS refused by the provider", { eventId, error: error.message });
      return `SMS failed: ${error.message}`;
    }
    throw error;
  }
}
