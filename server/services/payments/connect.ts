import type Stripe from "stripe";
import { baseDb, inShop } from "../../db/client.server";
import { env } from "../../env.server";
import { logger } from "../../logger";
import { badRequest } from "../errors";
import { describeAccount, type AccountRow } from "./account-state";
import { stripeClient } from "./client";

const ROW = {
  accountId: true,
  chargesEnabled: true,
  payoutsEnabled: true,
  detailsSubmitted: true,
  currentlyDue: true,
  pastDue: true,
  currentDeadline: true,
  disabledReason: true,
} as const;

/** What we keep of Stripe's Account object (each field checked against the SDK's Account type). */
function fromStripe(a: Stripe.Account) {
  return {
    chargesEnabled: a.charges_enabled,
    payoutsEnabled: a.payouts_enabled,
    detailsSubmitted: a.details_submitted,
    currentlyDue: a.requirements?.currently_due ?? [],
    pastDue: a.requirements?.past_due ?? [],
    currentDeadline: a.requirements?.current_deadline ? new Date(a.requirements.current_deadline * 1000) : null,
    disabledReason: a.requirements?.disabled_reason ?? null,
  };
}

export async function shopAccount(shopId: string): Promise<AccountRow | null> {
  return inShop(shopId, (tx) => tx.shopStripeAccount.findFirst({ select: ROW }));
}

/** The connected account's id when it can take card payments now; null otherwise (card is then not offered). */
export async function chargeableAccount(shopId: string): Promise<string | null> {
  if (!env.STRIPE_SECRET_KEY) return null;
  const row = await shopAccount(shopId);
  return row?.chargesEnabled ? row.accountId : null;
}

/**
 * The Payments page's account section: the state in words, read afresh
 * from Stripe when an account is connected (the owner may just be back
 * from onboarding, before account.updated arrived).
 */
export async function accountState(shopId: string) {
  const stripe = stripeClient();
  let row = await shopAccount(shopId);
  if (stripe && row) {
    try {
      // Stripe's state as of the request: an event made after it still applies.
      const asked = new Date();
      const fresh = fromStripe(await stripe.accounts.retrieve(row.accountId));
      await inShop(shopId, (tx) => tx.shopStripeAccount.updateMany({ data: { ...fresh, stateAt: asked } }));
      row = { ...row, ...fresh };
    } catch (error) {
      // Stripe unreachable: show what we last knew.
      logger.warn("stripe account refresh failed", { shopId, error: String(error) });
    }
  }
  return { configured: Boolean(stripe), accountId: row?.accountId ?? null, ...describeAccount(row) };
}

/**
 * Onboarding: the shop's Stripe account (created once: the idempotency key
 * is the shop, and the row's unique shop id settles a race) and a fresh
 * Account Link to Stripe's onboarding, which sends the owner back to the
 * Payments page. Links are single-use and short-lived, so one is made per
 * click.
 */
export async function connectStripeAccount(shop: { id: string; slug: string }, owner: { email: string }) {
  const stripe = stripeClient();
  if (!stripe) throw badRequest("Card payments are not available on this platform yet");
  let row = await shopAccount(shop.id);
  if (!row) {
    const details = await baseDb.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { country: true, currency: true } });
    const account = await stripe.accounts.create(
      { type: "standard", country: details.country, email: owner.email, default_currency: details.currency.toLowerCase(), metadata: { shopId: shop.id } },
      { idempotencyKey: `account:${shop.id}` },
    );
    await inShop(
      shop.id,
      (tx) =>
        tx.$executeRaw`INSERT INTO shop_stripe_accounts (shop_id, account_id, updated_at) VALUES (${shop.id}::uuid, ${account.id}, now()) ON CONFLICT (shop_id) DO NOTHING`,
    );
    row = await shopAccount(shop.id);
  }
  const back = (q: string) => new URL(`/shop/${shop.slug}/payments${q}`, env.APP_URL).toString();
  const link = await stripe.accountLinks.create({
    account: row!.accountId,
    type: "account_onboarding",
    collect: "currently_due",
    refresh_url: back("?link=expired"),
    return_url: back("?connected=1"),
  });
  return { url: link.url };
}

/**
 * account.updated from the Connect endpoint: the shop's row follows Stripe,
 * unless it already holds a newer state. Stripe does not deliver events in
 * order and retries them for days, so a late or replayed event (its
 * `created`, in seconds) older than the state we hold (an event's or a
 * fresh read's time) changes nothing. Within the same second the event
 * wins: Stripe's times say no more.
 */
export async function recordAccountUpdate(shopId: string, account: Stripe.Account, created: number) {
  const at = new Date(created * 1000);
  const n = await inShop(shopId, (tx) =>
    tx.shopStripeAccount.updateMany({
      where: { accountId: account.id, OR: [{ stateAt: null }, { stateAt: { lt: new Date((created + 1) * 1000) } }] },
      data: { ...fromStripe(account), stateAt: at },
    }),
  );
  if (n.count === 0) {
    const held = await inShop(shopId, (tx) => tx.shopStripeAccount.findFirst({ where: { accountId: account.id }, select: { stateAt: true } }));
    if (held) return `account state from ${at.toISOString()} is older than the one held (${held.stateAt?.toISOString()}): ignored`;
  }
  return `account updated (${n.count})`;
}
