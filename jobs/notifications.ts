import { render } from "@react-email/render";
import { eventNameOf, type EventName, type EventsOf } from "../server/services/outbox/events";
import { unknownJob } from "./queues";
import type { ReactElement } from "react";
import { z } from "zod";
import { db, inShop } from "../server/db/client.server";
import { env } from "../server/env.server";
import { newToken } from "../server/auth/tokens";
import { mintAuthToken } from "../server/services/accounts/tokens";
import { sendMail } from "../server/integrations/mail.server";
import { composeLowStock } from "./low-stock";
import { orderComposers } from "./order-emails";
import { sendOrderSms } from "./order-sms";
import { logger } from "../server/logger";
import { isSmsEvent } from "../server/services/sms/messages";
import { paymentComposers } from "./payment-emails";
import { personLocale, t } from "../app/i18n";
import { AccountExistsEmail, PasswordResetEmail, StaffInviteEmail, WelcomeEmail } from "../server/emails/templates";

const jobSchema = z.object({
  eventId: z.uuid(),
  shopId: z.uuid().nullable(),
  payload: z.unknown(),
});

const userPayload = z.object({ userId: z.uuid() });
const invitePayload = z.object({ invitationId: z.uuid() });

/** `headers`: extra message headers (List-Unsubscribe on a shop's email to a customer who gets its news). */
export type Mail = { to: string; subject: string; template: string; element: ReactElement; headers?: Record<string, string> };
type Composed = Mail | Mail[] | null;
type Composer = (payload: unknown, shopId: string | null, eventId: string) => Promise<Composed>;

const link = (p: string) => new URL(p, env.APP_URL).toString();

async function userOf(userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { email: true, name: true, locale: true, lastLocale: true } });
}

/** Builds each email; tokens are minted here, just before sending. */
const composers = {
  "stock.low": composeLowStock,
  ...orderComposers,
  ...paymentComposers,
  async "account.welcome"(payload: unknown, shopId: string | null) {
    const { userId } = userPayload.parse(payload);
    const user = await userOf(userId);
    if (!user) return null;
    const shop = shopId ? await db.shop.findUnique({ where: { id: shopId }, select: { name: true, language: true } }) : null;
    const token = await mintAuthToken(userId, "email_verification");
    const locale = personLocale(user, shop?.language);
    return {
      to: user.email,
      subject: t(locale, "email.welcome.subject"),
      template: "welcome",
      element: WelcomeEmail({ locale, name: user.name, shopName: shop?.name, url: link(`/verify-email/${token}`) }),
    };
  },
  async "account.exists"(payload: unknown) {
    const user = await userOf(userPayload.parse(payload).userId);
    if (!user) return null;
    const locale = personLocale(user);
    return {
      to: user.email,
      subject: t(locale, "email.exists.subject"),
      template: "account-exists",
      element: AccountExistsEmail({ locale, name: user.name, loginUrl: link("/login"), resetUrl: link("/forgot-password") }),
    };
  },
  async "account.password_reset"(payload: unknown) {
    const { userId } = userPayload.parse(payload);
    const user = await userOf(userId);
    if (!user) return null;
    const token = await mintAuthToken(userId, "password_reset");
    const locale = personLocale(user);
    return {
      to: user.email,
      subject: t(locale, "email.reset.subject"),
      template: "password-reset",
      element: PasswordResetEmail({ locale, name: user.name, url: link(`/reset-password/${token}`) }),
    };
  },
  async "staff.invited"(payload: unknown, shopId: string | null) {
    const { invitationId } = invitePayload.parse(payload);
    if (!shopId) throw new Error("staff-invite event without a shop");
    const { token, tokenHash } = newToken();
    const inv = await inShop(shopId, async (tx) => {
      const found = await tx.invitation.findFirst({
        where: { id: invitationId, acceptedAt: null, revokedAt: null },
        select: { email: true, role: true, invitedById: true, shop: { select: { name: true, language: true } } },
      });
      if (!found) return null;
      await tx.invitation.update({ where: { shopId_id: { shopId, id: invitationId } }, data: { tokenHash }, select: { id: true } });
      return found;
    });
    if (!inv) return null; // revoked or accepted meanwhile: nothing to send
    const inviter = await userOf(inv.invitedById);
    // The invited person may have no account yet: the language of the person inviting them, else the shop's.
    const locale = personLocale(inviter, inv.shop.language);
    return {
      to: inv.email,
      subject: t(locale, "email.invite.subject", { shop: inv.shop.name }),
      template: "staff-invite",
      element: StaffInviteEmail({
        locale,
        shopName: inv.shop.name,
        inviterName: inviter?.name ?? null,
        role: inv.role,
        url: link(`/invite/${token}`),
      }),
    };
  },
} satisfies Record<EventsOf<"notifications">, Composer>;

export const NOTIFICATION_TYPES = Object.keys(composers);
/** Events whose emails go to several people: a retry sends only the missing ones. */
const MULTI_RECIPIENT = new Set<EventName>(["stock.low", "order.placed", "refund.failed", "dispute.opened", "payout.failed"]);

/**
 * Sends the email an outbox event asks for, once: a delivery row keyed by
 * the event id is checked first and written after sending, so a retried or
 * duplicated job does not send again.
 */
export async function handleNotification(jobName: string, data: unknown): Promise<string> {
  const name = eventNameOf(jobName);
  if (!name || !Object.hasOwn(composers, name)) return unknownJob("notifications", jobName);
  const compose = composers[name as keyof typeof composers];
  const job = jobSchema.parse(data);
  // Order updates also go by SMS to customers who asked; once per event, whatever the emails do.
  // The job's result stays the email's location (callers read it); the SMS outcome is logged.
  if (isSmsEvent(name)) logger.info("order sms", { eventId: job.eventId, outcome: await sendOrderSms(name, job.payload, job.shopId, job.eventId) });
  const sent = await db.emailDelivery.findMany({ where: { eventId: job.eventId }, select: { to: true, location: true } });
  // Single-recipient emails mint a token while composing: skip that too.
  if (sent.length && !MULTI_RECIPIENT.has(name)) return `already sent: ${sent[0]?.location}`;
  const composed = await compose(job.payload, job.shopId, job.eventId);
  const mails: Mail[] = (Array.isArray(composed) ? composed : composed ? [composed] : []).filter((m) => !sent.some((s) => s.to === m.to));
  const locations: string[] = [];
  for (const [i, mail] of mails.entries()) {
    const [html, text] = await Promise.all([render(mail.element), render(mail.element, { plainText: true })]);
    const location = await sendMail({ id: i ? `${job.eventId}-${i}` : job.eventId, to: mail.to, subject: mail.subject, html, text, headers: mail.headers });
    await db.emailDelivery.create({
      data: { eventId: job.eventId, to: mail.to, subject: mail.subject, template: mail.template, location },
      select: { eventId: true },
    });
    locations.push(location);
  }
  return locations.length ? locations.join(", ") : "nothing to send";
}
