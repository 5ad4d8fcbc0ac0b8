import { z } from "zod";
import { inShop } from "../server/db/client.server";
import { env } from "../server/env.server";
import { formatMoney } from "../server/schemas/money";
import { formatShopTimeNamed } from "../app/lib/time";
import { PaymentNoticeEmail } from "../server/emails/templates";
import type { Mail } from "./notifications";
import { noticeToManagers } from "./order-emails";

const link = (p: string) => new URL(p, env.APP_URL).toString();
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
    const amount = formatMoney(d.amount, d.currency);
    const title = `Card payment disputed: ${amount}${order ? ` on order #${order.number}` : ""}`;
    const due = d.dueBy
      ? `Respond in your Stripe dashboard by ${formatShopTimeNamed(d.dueBy, shop.timezone)}, or the money stays with the customer.`
      : "Stripe gave no deadline to respond.";
    const body = `The customer's bank took back ${amount} (${d.reason.replace(/_/g, " ")}). ${due}`;
    const url = `/shop/${shop.slug}/payments#disputes`;
    const staff = await noticeToManagers(shopId, eventId, "dispute-opened", { title, body, link: url });
    return staff.map((m) => ({
      to: m.user.email,
      subject: title,
      template: "dispute-opened",
      element: PaymentNoticeEmail({ shopName: shop.name, heading: title, lines: [body], url: link(url), actionLabel: "See the dispute" }),
    }));
  },
  // The bank returned a payout: the owner must fix the bank details in Stripe.
  async "payout.failed"(payload: unknown, shopId: string | null, eventId: string) {
    if (!shopId) throw new Error("payout event without a shop");
    const p = z.object({ payoutId: z.string().max(255), amount: z.number().int(), currency: z.string().length(3), reason: z.string().max(500) }).parse(payload);
    const shop = await inShop(shopId, (tx) => tx.shop.findFirst({ where: { id: shopId }, select: { name: true, slug: true } }));
    if (!shop) return [];
    const title = `Payout of ${formatMoney(p.amount, p.currency)} failed`;
    const body = `Your bank returned the payout (${p.reason}). The money is back in your Stripe balance; check your bank details in your Stripe dashboard so the next payout arrives.`;
    const url = `/shop/${shop.slug}/payments#payouts`;
    const owners = await noticeToManagers(shopId, eventId, "payout-failed", { title, body, link: url }, ["owner"]);
    return owners.map((m) => ({
      to: m.user.email,
      subject: title,
      template: "payout-failed",
      element: PaymentNoticeEmail({ shopName: shop.name, heading: title, lines: [body], url: link(url), actionLabel: "See payouts" }),
    }));
  },
} satisfies Record<"dispute.opened" | "payout.failed", Composer>;
