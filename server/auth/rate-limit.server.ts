import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env.server";
import { metrics } from "../metrics/metrics.server";
import { redis } from "../redis.server";
import { tooManyRequests } from "../services/errors";

type Rule = { points: number; duration: number };

/** Attempts allowed per window, per IP and per account (email). */
const RULES = {
  login: { ip: { points: 30, duration: 15 * 60 }, account: { points: 10, duration: 15 * 60 } },
  signup: { ip: { points: 10, duration: 60 * 60 }, account: { points: 5, duration: 60 * 60 } },
  reset: { ip: { points: 10, duration: 60 * 60 }, account: { points: 5, duration: 60 * 60 } },
  // A manager's sign-in typed on a cashier's screen (a discount, a return):
  // enough for a busy counter, too few to guess a password with.
  approval: { ip: { points: 60, duration: 15 * 60 }, account: { points: 20, duration: 15 * 60 } },
  // Second-factor codes, per account from everywhere: with three codes valid
  // at a time, ten tries in 15 minutes leave a guesser about 1 in 33,000.
  two_factor: { ip: { points: 30, duration: 15 * 60 }, account: { points: 10, duration: 15 * 60 } },
  // A till PIN typed at a paired register (per register, and per person
  // there); a PIN also locks itself after a few wrong tries (pins.ts).
  pin: { ip: { points: 120, duration: 15 * 60 }, account: { points: 30, duration: 15 * 60 } },
} satisfies Record<string, { ip: Rule; account: Rule }>;

export type RateLimitedAction = keyof typeof RULES;

/**
 * A budget in Redis, named by its rule (`login:ip`, `calls:shop`...): the
 * name is its Redis key prefix and its label in the rejection counter.
 */
function limiter(rule: string, { points, duration }: Rule) {
  const scaled = points * env.RATE_LIMIT_SCALE;
  const store = new RateLimiterRedis({
    storeClient: redis,
    useRedisPackage: false,
    keyPrefix: `${env.QUEUE_PREFIX}:rl:${rule}`,
    points: scaled,
    duration,
    // While Redis is down, limit per process rather than not at all.
    insuranceLimiter: new RateLimiterMemory({ points: scaled, duration }),
  });
  return {
    consume: (key: string, spend = 1) =>
      store.consume(key, spend).catch((error: unknown) => {
        if (error instanceof RateLimiterRes) metrics.rateLimitRejections.inc({ rule });
        throw error;
      }),
  };
}
type Limiter = ReturnType<typeof limiter>;

const limiters = Object.fromEntries(
  Object.entries(RULES).map(([action, r]) => [action, { ip: limiter(`${action}:ip`, r.ip), account: limiter(`${action}:acct`, r.account) }]),
) as Record<RateLimitedAction, { ip: Limiter; account: Limiter }>;

/** Public search endpoints: requests per IP per minute. */
const SEARCH_RULE: Rule = { points: 240, duration: 60 };
const searchLimiter = limiter("search:ip", SEARCH_RULE);

/** Runs `consume`; a spent budget becomes TOO_MANY_REQUESTS with `message(ms until the next try)`. */
async function spendOr429(consume: () => Promise<unknown>, message: (msBeforeNext: number) => string) {
  try {
    await consume();
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw tooManyRequests(message(error.msBeforeNext), Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
  }
}

/** Spends one public search request for the IP; throws TOO_MANY_REQUESTS. */
export function spendSearch(ip: string) {
  return spendOr429(
    () => searchLimiter.consume(ip),
    (ms) => `Too many searches from your network. Try again in ${Math.max(1, Math.ceil(ms / 1000))} seconds.`,
  );
}

/**
 * Log-in attempts on one account from everywhere together: high enough that
 * strangers guessing from other networks cannot lock the owner out (the
 * owner's own network has its own budget, below), low enough to stop a
 * guessing run spread over many addresses.
 */
const LOGIN_ACCOUNT_WIDE: Rule = { points: 100, duration: 15 * 60 };
const loginAccountWide = limiter("login:acct-all", LOGIN_ACCOUNT_WIDE);

/**
 * Spends one attempt for the IP and the account; throws TOO_MANY_REQUESTS.
 * For log-in the account's budget is per source (account and IP), so
 * failed attempts from strangers do not lock its owner out, plus a wide
 * ceiling across all sources.
 */
export function spendAttempt(action: RateLimitedAction, ip: string, email: string) {
  const l = limiters[action];
  const account = email.toLowerCase();
  return spendOr429(
    () =>
      action === "login"
        ? Promise.all([l.ip.consume(ip), l.account.consume(`${account}|${ip}`), loginAccountWide.consume(account)])
        : Promise.all([l.ip.consume(ip), l.account.consume(account)]),
    (ms) => {
      const minutes = Math.max(1, Math.ceil(ms / 60000));
      const wait = `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
      // A reset link signs its owner in whatever the log-in budget says.
      return action === "login"
        ? `Too many attempts. ${wait}, or use "Forgot your password?" to get a link by email that signs you in.`
        : `Too many attempts. ${wait}.`;
    },
  );
}

/** Online orders per IP: enough for a household, not for a bot filling carts. */
const CHECKOUT_RULE: Rule = { points: 30, duration: 10 * 60 };
const checkoutLimiter = limiter("checkout:ip", CHECKOUT_RULE);

/** Spends one order placement for the IP; throws TOO_MANY_REQUESTS. */
export function spendCheckout(ip: string) {
  return spendOr429(
    () => checkoutLimiter.consume(ip),
    (ms) => `Too many orders from your network. Try again in ${Math.max(1, Math.ceil(ms / 60000))} minutes.`,
  );
}

/**
 * Orders to be paid at pickup per IP and shop: they hold stock without any
 * payment, so a stranger may place only a few an hour at one shop (on top of
 * the per-email cap of orders waiting, in services/orders/place.ts).
 */
const PICKUP_HOLD_RULE: Rule = { points: 5, duration: 60 * 60 };
const pickupHoldLimiter = limiter("pickup-hold:ip-shop", PICKUP_HOLD_RULE);

export function spendPickupHold(ip: string, shopSlug: string) {
  return spendOr429(
    () => pickupHoldLimiter.consume(`${shopSlug}:${ip}`),
    (ms) => `Too many pay-at-pickup orders from your network at this shop. Pay by card, or try again in ${Math.max(1, Math.ceil(ms / 60000))} minutes.`,
  );
}

/**
 * Procedure calls over /api/trpc (each call of a batch counts): per IP for
 * strangers, per account for people signed in. The pages call procedures in
 * process and never pass here; this bounds what one client can make the
 * server do through the API.
 */
const API_RULES = { ip: { points: 600, duration: 60 }, user: { points: 1200, duration: 60 } } satisfies Record<string, Rule>;
const apiLimiters = { ip: limiter("api:ip", API_RULES.ip), user: limiter("api:user", API_RULES.user) };

/** Spends `calls` from the caller's API budget; null when allowed, else the seconds to wait. */
export async function spendApiCalls(who: { userId: string | null; ip: string }, calls: number): Promise<number | null> {
  try {
    await (who.userId ? apiLimiters.user.consume(who.userId, calls) : apiLimiters.ip.consume(who.ip, calls));
    return null;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  }
}

/** A shop's public pages (storefront, product pages) across all visitors: a ceiling that keeps one shop from taking the platform. */
export const SHOP_PUBLIC_RULE: Rule = { points: 12_000, duration: 60 };
const shopPublicLimiter = limiter("public:shop", SHOP_PUBLIC_RULE);

export function spendShopPublic(shopSlug: string, points = 1) {
  return spendOr429(
    () => shopPublicLimiter.consume(shopSlug, points),
    (ms) => `This shop is very busy right now. Try again in ${Math.max(1, Math.ceil(ms / 1000))} seconds.`,
  );
}

/**
 * Procedure calls from everywhere (pages in process and /api/trpc), in
 * points: a read costs 1, a write 4. Who calls spends from one budget (the
 * person signed in, else the IP), and a call into a shop also from that
 * shop's budget: back office and registers from the shop's (all its staff
 * and registers together), the storefront from its public ceiling above. The reasoning behind the numbers:
 * docs/decisions/0022-limits-per-user-and-shop.md.
 */
export const CALL_RULES = {
  user: { points: 1_200, duration: 60 },
  ip: { points: 1_200, duration: 60 },
  shop: { points: 12_000, duration: 60 },
} satisfies Record<string, Rule>;
export const WRITE_POINTS = 4;

const callLimiters = {
  user: limiter("calls:user", CALL_RULES.user),
  ip: limiter("calls:ip", CALL_RULES.ip),
  shop: limiter("calls:shop", CALL_RULES.shop),
};

/** The person signed in, else the network the call comes from. */
export type Caller = { userId: string } | { ip: string };

const waitText = (ms: number) => {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 90 ? `${s} second${s === 1 ? "" : "s"}` : `${Math.ceil(s / 60)} minutes`;
};

/** Spends one call (`points`) from the caller's budget; throws TOO_MANY_REQUESTS with a message a person can act on. */
export function spendCall(caller: Caller, points: number) {
  return "userId" in caller
    ? spendOr429(
        () => callLimiters.user.consume(caller.userId, points),
        (ms) => `You are working faster than we allow for one person. Wait ${waitText(ms)}, then try again: nothing of the last step was saved.`,
      )
    : spendOr429(
        () => callLimiters.ip.consume(caller.ip, points),
        (ms) => `Too many requests from your network. Wait ${waitText(ms)}, then try again.`,
      );
}

/** Spends one call (`points`) from a shop's budget of back-office work (every member and register of the shop together). */
export function spendShopCall(shopId: string, points: number) {
  return spendOr429(
    () => callLimiters.shop.consume(shopId, points),
    (ms) => `Your shop is sending more requests than we allow for one shop. Wait ${waitText(ms)}, then try again: nothing of the last step was saved.`,
  );
}
