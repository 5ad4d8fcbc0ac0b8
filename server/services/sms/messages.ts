import { createHash } from "node:crypto";
import { z } from "zod";
import { db, inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { t, type Locale, type MessageKey } from "../../../app/i18n";
import { plainSmsText, SMS_MAX_SEGMENTS, smsCost } from "./segments";

/** The order events a customer who opted in gets an SMS for. */
export const SMS_EVENTS = ["order.ready_for_pickup", "order.out_for_delivery", "order.delayed"] as const;
export type SmsEvent = (typeof SMS_EVENTS)[number];
export const isSmsEvent = (name: string): name is SmsEvent => (SMS_EVENTS as readonly string[]).includes(name);

export type SmsFacts = {
  number: number;
  shopName: string;
  url: string;
  /** Where to collect a pickup order: "12 rue Oberkampf, Paris". */
  place: string;
  /** A delay: the new slot or time, formatted in the shop's zone, and the reason staff gave (as they wrote it). */
  delay?: { kind: "slot" | "time"; when: string; reason: string | null };
};

const SMS_KEYS = {
  "order.ready_for_pickup": "sms.order.ready",
  "order.out_for_delivery": "sms.order.outForDelivery",
  "order.delayed": "sms.order.delayed",
} as const satisfies Record<SmsEvent, MessageKey>;

/**
 * What one SMS says, whole, in the customer's language: the shop and the
 * order first, the order's link, then how to stop. Intl's narrow spaces and
 * dashes become plain ones (GSM-7). A delay's reason is shop-written and
 * may be long: it is left out when it would take the text past two parts.
 */
export function smsBody(locale: Locale, event: SmsEvent, o: SmsFacts): string {
  const values = { shop: o.shopName, number: String(o.number), url: o.url, place: o.place, kind: o.delay?.kind ?? "time", when: o.delay?.when ?? "" };
  const reason = o.delay?.reason?.replace(/\s+/g, " ").trim();
  if (event === "order.delayed" && reason) {
    const withReason = plainSmsText(t(locale, "sms.order.delayedWithReason", { ...values, reason }));
    if (smsCost(withReason).segments <= SMS_MAX_SEGMENTS) return withReason;
  }
  return plainSmsText(t(locale, SMS_KEYS[event], values));
}

/**
 * Rows that count towards the month's cap: handed to the provider (or about
 * to be). Kept back (capped, opted out) and refused before sending do not.
 */
const COUNTED = `status NOT IN ('capped', 'opted_out') AND NOT (status = 'failed' AND provider_id IS NULL)`;

export type Reserved = { id: string; status: string; fresh: boolean; to: string; body: string };

/**
 * The SMS row for one event, made once (a retried job finds it): pending
 * when the number has not replied STOP and the shop is under its monthly
 * cap (the calendar month in its time zone), else capped or opted_out.
 * Shop-wide advisory lock: two jobs at the cap's edge count one after the other.
 */
export async function reserveSms(
  shopId: string,
  ev: { eventId: string; orderId: string; to: string; body: string; timezone: string; cap: number },
): Promise<Reserved> {
  const optedOut = await db.smsOptOut.findUnique({ where: { phone: ev.to }, select: { phone: true } });
  return inShop(shopId, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('sms-cap:' || ${shopId}, 0))`;
    const existing = await tx.smsMessage.findFirst({ where: { eventId: ev.eventId }, select: { id: true, status: true, to: true, body: true } });
    if (existing) return { ...existing, fresh: false };
    const [used] = parseRows(
      z.object({ n: z.number() }),
      await tx.$queryRawUnsafe(
        `SELECT count(*)::int AS n FROM sms_messages
         WHERE shop_id = $1::uuid AND ${COUNTED}
           AND created_at >= (date_trunc('month', now() AT TIME ZONE $2) AT TIME ZONE $2)`,
        shopId,
        ev.timezone,
      ),
    );
    const status = optedOut ? "opted_out" : (used?.n ?? 0) >= ev.cap ? "capped" : "pending";
    const row = await tx.smsMessage.create({
      data: { shopId, orderId: ev.orderId, eventId: ev.eventId, to: ev.to, body: ev.body, status },
      select: { id: true, status: true, to: true, body: true },
    });
    return { ...row, fresh: true };
  });
}

export async function markSms(shopId: string, id: string, data: { status: string; providerId?: string; error?: string | null }) {
  await inShop(shopId, (tx) => tx.smsMessage.update({ where: { shopId_id: { shopId, id } }, data, select: { id: true } }));
}

/** A stable id for "this shop went over its SMS cap this month": managers are told once a month. */
export function capNoticeId(shopId: string, month: string): string {
  const h = createHash("sha256").update(`sms-cap:${shopId}:${month}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Twilio's statuses in the order a message goes through them: a late callback never moves a row back. */
const RANK: Record<string, number> = {
  pending: 0,
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  failed: 5,
  undelivered: 5,
  delivered: 6,
  read: 7,
  canceled: 5,
  partially_delivered: 5,
};
export const TWILIO_STATUSES = Object.keys(RANK).filter((s) => s !== "pending");

/** A status callback: the row with that provider id takes the status if it is further along. */
export async function recordSmsStatus(providerId: string, status: string, errorCode: string | null): Promise<boolean> {
  const [found] = parseRows(z.object({ shop_id: z.string().nullable() }), await db.$queryRaw`SELECT sms_message_shop_id(${providerId}) AS shop_id`);
  const shopId = found?.shop_id;
  if (!shopId) return false;
  await inShop(shopId, async (tx) => {
    const row = await tx.smsMessage.findFirst({ where: { providerId }, select: { id: true, status: true } });
    if (!row || (RANK[status] ?? -1) <= (RANK[row.status] ?? -1)) return;
    await tx.smsMessage.update({
      where: { shopId_id: { shopId, id: row.id } },
      data: { status, error: errorCode ? `Twilio error ${errorCode}` : null },
      select: { id: true },
    });
  });
  return true;
}

const STOP = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const START = new Set(["START", "UNSTOP"]);

/** An inbound SMS: STOP and its synonyms opt the number out of every shop's texts, START or UNSTOP opts it back in. */
export async function recordInboundSms(from: string, body: string): Promise<"opted_out" | "opted_in" | "ignored"> {
  const keyword = body.trim().toUpperCase();
  if (!/^\+[1-9][0-9]{6,14}$/.test(from)) return "ignored";
  if (STOP.has(keyword)) {
    await db.smsOptOut.upsert({ where: { phone: from }, create: { phone: from, keyword }, update: { keyword }, select: { phone: true } });
    return "opted_out";
  }
  if (START.has(keyword)) {
    await db.smsOptOut.deleteMany({ where: { phone: from } });
    return "opted_in";
  }
  return "ignored";
}
