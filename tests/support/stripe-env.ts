// Import first in a test file that talks to Stripe: points the SDK at a
// local stand-in (scripts/stripe-standin.ts) on a port chosen for the file,
// before server/env.server.ts reads the environment.
export const STRIPE_STANDIN_PORT = 20_000 + Math.floor(Math.random() * 20_000);
export const STRIPE_WEBHOOK_SECRET = "whsec_test_nearshop_local_standin";
process.env.STRIPE_SECRET_KEY = "sk_test_nearshop_local_standin";
process.env.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET;
process.env.STRIPE_API_URL = `http://127.0.0.1:${STRIPE_STANDIN_PORT}`;
export const STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_test_nearshop_local_standin_connect";
process.env.STRIPE_CONNECT_WEBHOOK_SECRET = STRIPE_CONNECT_WEBHOOK_SECRET;

/** The stand-in's options for a test server: both endpoints, each with its own secret. */
export const standinOptions = (base: string) => ({
  port: STRIPE_STANDIN_PORT,
  webhookUrl: `${base}/webhooks/stripe`,
  webhookSecret: STRIPE_WEBHOOK_SECRET,
  connectWebhookUrl: `${base}/webhooks/stripe-connect`,
  connectWebhookSecret: STRIPE_CONNECT_WEBHOOK_SECRET,
});
