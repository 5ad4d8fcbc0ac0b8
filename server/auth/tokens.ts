import { createHash, createHmac, randomBytes } from "node:crypto";
import { env } from "../env.server";

/** A URL-safe single-use secret (256 bits) and the hash we store for it. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The key in a customer's order link (confirmation page and emails): an
 * HMAC of the order id, so any email can carry it without storing it.
 */
export function orderAccessKey(orderId: string): string {
  return createHmac("sha256", env.APP_SECRET).update(`order:${orderId}`).digest("base64url");
}
