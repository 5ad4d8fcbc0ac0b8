import { createHash, randomBytes } from "node:crypto";

/** A URL-safe single-use secret (256 bits) and the hash we store for it. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
