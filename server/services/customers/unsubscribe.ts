import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { db, inShop } from "../../db/client.server";
import { env } from "../../env.server";
import { messageLocale, type Locale } from "../../../app/i18n";
import { recordAudit } from "../audit/record";
import { notFound } from "../errors";

/**
 * The token in an unsubscribe link: the shop's and the customer record's
 * ids (32 bytes) and an HMAC of them under APP_SECRET (16 bytes), 64
 * base64url characters. Nothing is stored: a link works as long as
 * APP_SECRET stays, cannot be made for another record without the secret,
 * and names one customer record of one shop only.
 */
const TOKEN = /^[A-Za-z0-9_-]{64}$/;
const bytesOf = (uuid: string) => Buffer.from(uuid.replace(/-/g, ""), "hex");
const uuidOf = (b: Buffer) => b.toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
const macOf = (ids: Buffer) => createHmac("sha256", env.APP_SECRET).update("unsubscribe:v1:").update(ids).digest().subarray(0, 16);

export function unsubscribeToken(shopId: string, customerId: string): string {
  const ids = Buffer.concat([bytesOf(z.uuid().parse(shopId)), bytesOf(z.uuid().parse(customerId))]);
  return Buffer.concat([ids, macOf(ids)]).toString("base64url");
}

export function readUnsubscribeToken(token: string): { shopId: string; customerId: string } | null {
  if (!TOKEN.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  if (raw.length !== 48 || raw.toString("base64url") !== token) return null;
  const ids = raw.subarray(0, 32);
  if (!timingSafeEqual(raw.subarray(32), macOf(ids))) return null;
  return { shopId: uuidOf(ids.subarray(0, 16)), customerId: uuidOf(ids.subarray(16)) };
}

export const unsubscribeUrl = (shopId: string, customerId: string) => new URL(`/unsubscribe/${unsubscribeToken(shopId, customerId)}`, env.APP_URL).toString();

export type UnsubscribeState = { shopName: string; locale: Locale; subscribed: boolean };

/** What the link is about: the shop, the language its emails are in, and whether news and offers still go out. */
async function stateOf(token: string) {
  const ids = readUnsubscribeToken(token);
  if (!ids) throw notFound("Unsubscribe link");
  const shop = await db.shop.findUnique({ where: { id: ids.shopId }, select: { name: true, language: true } });
  if (!shop) throw notFound("Unsubscribe link");
  const customer = await inShop(ids.shopId, (tx) => tx.customer.findFirst({ where: { id: ids.customerId }, select: { marketingConsent: true } }));
  if (!customer) throw notFound("Unsubscribe link");
  return { ids, shopName: shop.name, locale: messageLocale({ shopLanguage: shop.language }), subscribed: customer.marketingConsent };
}

export async function describeUnsubscribe(token: string): Promise<UnsubscribeState> {
  const { shopName, locale, subscribed } = await stateOf(token);
  return { shopName, locale, subscribed };
}

/**
 * Turns the record's marketing consent off (the GET page's button, or a
 * mail client's RFC 8058 one-click POST), once: a second POST changes
 * nothing. The shop's audit log says when, and that the email's link did it.
 */
export async function unsubscribe(token: string): Promise<UnsubscribeState & { changed: boolean }> {
  const { ids, shopName, locale } = await stateOf(token);
  const changed = await inShop(ids.shopId, async (tx) => {
    const done = await tx.customer.updateMany({
      where: { id: ids.customerId, marketingConsent: true },
      data: { marketingConsent: false, consentAt: null },
    });
    if (!done.count) return false;
    await recordAudit(tx, ids.shopId, {
      kind: "customers.update",
      recordType: "customers",
      recordId: ids.customerId,
      recordLabel: "News and offers stopped by the email's unsubscribe link",
      before: { marketing_consent: true },
      after: { marketing_consent: false, at: new Date().toISOString() },
    });
    return true;
  });
  return { shopName, locale, subscribed: false, changed };
}
