import type { RequestHandler } from "express";
import { logger } from "../logger";
import { receiveStripeWebhook } from "../services/payments/stripe";

/**
 * POST /webhooks/stripe (the platform's events) and /webhooks/stripe-connect
 * (the shops' connected accounts' events, with their own secret). 400 for a bad signature (Stripe shows it in the
 * dashboard); 200 once the event is stored, duplicate or not; 500 if it
 * could not be stored, so Stripe retries.
 */
export const stripeWebhook =
  (endpoint: "platform" | "connect"): RequestHandler =>
  async (req, res) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await receiveStripeWebhook(raw, req.header("stripe-signature"), endpoint);
      if (!result.ok) {
        logger.warn("stripe webhook refused", { reason: result.message });
        res.status(400).json({ error: result.message });
        return;
      }
      res.json({ received: true, duplicate: result.duplicate });
    } catch (error) {
      logger.error("stripe webhook could not be stored", { error: String(error) });
      res.status(500).json({ error: "Could not store the event; retry" });
    }
  };
