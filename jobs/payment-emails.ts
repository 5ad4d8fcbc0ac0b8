import { z } from "zod";
import { inShop } from "../server/db/client.server";
import { moneyIn, t, type Locale } from "../app/i18n";
import { formatsFor } from "../app/i18n/format";
import type { Mail } from "./notifications";
import { noticeMails, noticeToManagers } from "./order-emails";

type Composer = (payload: unknown, shopId: string | null, eventId: string) => Promise<Mail[]>;

/** Notices about the shop's card money: in-app (once per event and person) and by email. */
export const paymentComposers = {
  // A chargeback: the managers must answer in Stripe before the deadline or lose the money.
  async "dispute.opened"(payload: unknown, shopId: string | null, eventId: string) {
    if (!shopId) throw new Error("dispute event without a shop");
    const { disputeId } = z.object({ disputeId: z.uuid() }).parse(payload);
    const found = await inShop(shopId, async (tx) => ({
      d: await tx.cardDispute.findFirst({ where: { id: disputeId }, select: { amount: true, currency: true, reason: true, dueBy: true, orderId: true } }),
      shop: await tx.shop.findFirst({ where: { id: shopId }, select: { name: true, slug: true, timezone: true } }),
    }));
    if (!found.d || !found.shop) return [];
    const { d, shop } = found;
    const order = d.orderId ? await inShop(shopId, (tx) => tx.order.findFirst({ where: { id: d.orderId! }, select: { number: true } })) : null;
    const url = `/shop/${shop.slug}/payments#disputes`;
    const notice = (locale: Locale) => {
      const amount = moneyIn(locale, d.amount, d.currency);
      const reason = t(locale, "staff.dispute.reason", { reason: d.reason, text: d.reason.replace(/_/g, " ") });
      const due = d.dueBy ? formatsFor(locale).dateTimeNamed(d.dueBy, shop.timezone) : "none";
      return {
        title: t(locale, "staff.dispute.title", { amount, order: order ? order.number : "none" }),
        body: t(locale, "staff.dispute.body", { amount, reason, due }),
        link: url,
      };
    };
    const staff = await noticeToManagers(shopId, eventId, "dispute-opened", notice);
    return noticeMails(staff, notice, { template: "dispute-opened", shopName: shop.name, action: "staff.dispute.action" });
  },
  // The bank returned a payout: the owner must fix the bank details in Stripe.
  async "payout.failed"(payload: unknown, shopId: string | null, eventId: string) {
    if (!shopId) throw new Error("payout event without a shop");
    const p = z.object({ payoutId: z.string().max(255), amount: z.number().int(), currency: z.string().length(3), reason: z.string().max(500) }).parse(payload);
    const shop = await inShop(shopId, (tx) => tx.shop.findFirst({ where: { id: shopId }, select: { name: true, slug: true } }));
    if (!shop) return [];
    const url = `/shop/${shop.slug}/payments#payouts`;
    const notice = (locale: Locale) => ({
      title: t(locale, "staff.payoutFailed.title", { amount: moneyIn(locale, p.amount, p.currency) }),
      body: t(locale, "staff.payoutFailed.body", { reason: p.reason }),
      link: url,
    });
    const owners = await noticeToManagers(shopId, eventId, "payout-failed", notice, ["owner"]);
    return noticeMails(owners, notice, { template: "payout-failed", shopName: shop.name, action: "staff.payoutFailed.action" });
  },
} satisfies Record<"dispute.opened" | "payout.failed", Composer>;
