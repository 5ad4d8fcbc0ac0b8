import Stripe from "stripe";
import { env } from "../../env.server";

/**
 * The Stripe API version this code was written and checked against (the
 * version the `stripe` package's types describe). Pinned so that a change
 * of the account's default version in the dashboard never changes what
 * Stripe sends us; the webhook endpoints must be created with the same
 * version (README: Stripe setup).
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

let client: Stripe | null = null;

/** The Stripe SDK, pointed at STRIPE_API_URL when set (the local stand-in); null without a key. */
export function stripeClient(): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  if (!client) {
    const api = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : null;
    client = new Stripe(env.STRIPE_SECRET_KEY, {
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: 2,
      timeout: 10_000,
      ...(api
        ? { host: api.hostname, port: api.port || (api.protocol === "https:" ? 443 : 80), protocol: api.protocol.replace(":", "") as "http" | "https" }
        : {}),
    });
  }
  return client;
}
