import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { env } from "../env.server";

/**
 * Time-based one-time codes (RFC 6238) as authenticator apps make them:
 * SHA-1, six digits, 30-second steps. The `otpauth` library does the
 * arithmetic; this module keeps the secret encrypted at rest and turns a
 * valid code into the step it belongs to, so a code is never taken twice.
 */
const PERIOD = 30;
const ISSUER = "Nearshop";

function totpOf(base32: string, label = "account"): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(base32) });
}

/** A new 160-bit secret, as base32 (what a person can type into an app). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(base32: string, email: string): string {
  return totpOf(base32, email).toString();
}

/** The code for a moment (tests and the demo), never used to check one. */
export function totpCode(base32: string, at = Date.now()): string {
  return totpOf(base32).generate({ timestamp: at });
}

/**
 * The 30-second step a code belongs to, if it is right for now or one step
 * either side (a phone's clock a little off), else null. The caller accepts
 * it only if the step is later than the last one accepted.
 */
export function totpStep(base32: string, code: string, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(base32).validate({ token: code, timestamp: at, window: 1 });
  return delta === null ? null : Math.floor(at / 1000 / PERIOD) + delta;
}

const KEY = Buffer.from(hkdfSync("sha256", env.APP_SECRET, "nearshop", "totp-secret-v1", 32));

/** The secret as stored: AES-256-GCM under a key derived from APP_SECRET. */
export function sealSecret(base32: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", KEY, iv);
  const body = Buffer.concat([cipher.update(base32, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Unreadable two-factor secret");
  const decipher = createDecipheriv("aes-256-gcm", KEY, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten single-use codes like `k7m2-x9p4-qr3t` (about 59 bits each), shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** What a recovery code is stored as; spaces, dashes and case do not matter. */
export function hashRecoveryCode(code: string): string {
  const normal = code.toLowerCase().replace(/[^a-z0-9]/g, "");
  return createHash("sha256").update(`recovery:${normal}`).digest("hex");
}
