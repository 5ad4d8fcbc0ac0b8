import { inShop } from "../../db/client.server";
import { badRequest } from "../errors";
import { stripeClient } from "./client";

async function connected(shopId: string) {
  const stripe = stripeClient();
  const row = await inShop(shopId, (tx) => tx.shopStripeAccount.findFirst({ select: { accountId: true } }));
  return stripe && row ? { stripe, account: row.accountId } : null;
}

/** The shop's Stripe balance (available and pending, per currency) and its latest payouts, read from its own account. */
export async function balanceAndPayouts(shopId: string) {
  const c = await connected(shopId);
  if (!c) return null;
  const [balance, payouts] = await Promise.all([
    c.stripe.balance.retrieve({}, { stripeAccount: c.account }),
    c.stripe.payouts.list({ limit: 20 }, { stripeAccount: c.account }),
  ]);
  return {
    available: balance.available.map((b) => ({ amount: b.amount, currency: b.currency.toUpperCase() })),
    pending: balance.pending.map((b) => ({ amount: b.amount, currency: b.currency.toUpperCase() })),
    payouts: payouts.data.map((p) => ({
      id: p.id,
      amount: p.amount,
      currency: p.currency.toUpperCase(),
      status: p.status,
      created: new Date(p.created * 1000),
      arrivalDate: new Date(p.arrival_date * 1000),
      failure: p.failure_message,
    })),
  };
}

/**
 * What one payout settled: its balance transactions (charges, refunds,
 * disputes, fees), each tied to the order whose payment it came from where
 * there is one. At most 100 lines (Stripe's page).
 */
export async function payoutTransactions(shopId: string, payoutId: string) {
  const c = await connected(shopId);
  if (!c) throw badRequest("No Stripe account is connected");
  const list = await c.stripe.balanceTransactions.list({ payout: payoutId, limit: 100, expand: ["data.source"] }, { stripeAccount: c.account });
  const rows = list.data.filter((t) => t.type !== "payout");
  // Sources are charges (pi), refunds (pi) or disputes (pi): the payment intent names the order.
  const intentOf = (t: (typeof rows)[number]) => {
    const src = t.source;
    if (!src || typeof src === "string") return null;
    const pi = (src as { payment_intent?: string | { id: string } | null }).payment_intent;
    return typeof pi === "string" ? pi : (pi?.id ?? null);
  };
  const intents = [...new Set(rows.map(intentOf).filter((x): x is string => Boolean(x)))];
  const orders = await inShop(shopId, (tx) =>
    tx.order.findMany({ where: { stripePaymentId: { in: intents } }, select: { id: true, number: true, stripePaymentId: true } }),
  );
  const byIntent = new Map(orders.map((o) => [o.stripePaymentId, o]));
  return rows.map((t) => {
    const order = byIntent.get(intentOf(t) ?? "");
    return {
      id: t.id,
      type: t.type,
      amount: t.amount,
      fee: t.fee,
      net: t.net,
      currency: t.currency.toUpperCase(),
      created: new Date(t.created * 1000),
      description: t.description,
      order: order ? { id: order.id, number: order.number } : null,
    };
  });
}
