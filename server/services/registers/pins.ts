import { z } from "zod";
import { parseRows } from "../../db/rows";
import { pbkdf2, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { inShop } from "../../db/client.server";
import { hashPassword, verifyPassword, burnPasswordCheck } from "../../auth/password";
import { hasRole } from "../../schemas/roles";
import type { Role } from "../../db/generated/client.ts";
import { fieldError, forbidden, notFound } from "../errors";
import type { Locale } from "../../../app/i18n";
import { translate } from "../../../app/i18n/web/translate";

/** Wrong tries in a row before a PIN locks; the owner resets it. */
export const PIN_TRIES = 5;
/** The offline verifier's cost: the browser recomputes it with WebCrypto on each PIN typed offline. */
export const PIN_VERIFIER_ITERATIONS = 100_000;

const derive = promisify(pbkdf2);

/**
 * What a paired register keeps to check a PIN with no network: PBKDF2 of
 * the PIN with its own salt. Whoever holds the device can brute-force it,
 * and learns a PIN that opens that shop's tills and nothing else.
 */
export async function pinVerifier(pin: string, salt = randomBytes(16)): Promise<string> {
  const hash = await derive(pin, salt, PIN_VERIFIER_ITERATIONS, 32, "sha256");
  return `pbkdf2-sha256$${PIN_VERIFIER_ITERATIONS}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** A staff member sets (or changes) their own PIN for this shop's tills. */
export async function setPin(shopId: string, userId: string, pin: string) {
  // Weak PINs a shop's staff would guess first.
  if (/^(\d)\1+$/.test(pin) || "0123456789".includes(pin) || "9876543210".includes(pin)) {
    throw fieldError("pin", "PIN: too easy to guess (no repeated or consecutive digits)");
  }
  const [pinHash, verifier] = await Promise.all([hashPassword(pin), pinVerifier(pin)]);
  return inShop(shopId, async (tx) => {
    const done = await tx.membership.updateMany({
      where: { userId },
      data: { pinHash, pinVerifier: verifier, pinFailures: 0, pinLockedAt: null },
    });
    if (!done.count) throw notFound("Membership");
    return { set: true };
  });
}

/** The owner clears a member's PIN (forgotten, or locked): they set a new one. */
export function resetPin(shopId: string, membershipId: string) {
  return inShop(shopId, async (tx) => {
    const done = await tx.membership.updateMany({
      where: { id: membershipId },
      data: { pinHash: null, pinVerifier: null, pinFailures: 0, pinLockedAt: null },
    });
    if (!done.count) throw notFound("Membership");
    return { reset: true };
  });
}

export type PinHolder = { userId: string; name: string; role: Role };

/**
 * A PIN typed at a paired register, checked against the member's argon2
 * hash. Wrong tries count on the membership and lock the PIN after
 * PIN_TRIES; a right one clears the count. Every refusal names the field
 * and what to do, never whether someone else's PIN was close.
 */
export async function checkPin(
  shopId: string,
  input: { userId: string; pin: string; purpose: "sign_in" | "approve" },
  locale: Locale = "en",
): Promise<PinHolder> {
  const member = await inShop(shopId, (tx) =>
    tx.membership.findFirst({
      where: { userId: input.userId },
      select: { id: true, role: true, pinHash: true, pinLockedAt: true, user: { select: { name: true } } },
    }),
  );
  if (!member?.pinHash) {
    await burnPasswordCheck(input.pin);
    throw fieldError("pin", translate(locale, "till.register.pin.noPin"));
  }
  const locked = () => fieldError("pin", translate(locale, "till.register.pin.lockedHere", { tries: PIN_TRIES }));
  if (member.pinLockedAt) throw locked();
  const ok = await verifyPassword(member.pinHash, input.pin);
  const [row] = parseRows(
    z.object({ failures: z.number() }),
    await inShop(shopId, (tx) =>
      ok
        ? tx.$queryRaw`
          UPDATE memberships SET pin_failures = 0 WHERE shop_id = ${shopId}::uuid AND id = ${member.id}::uuid RETURNING pin_failures AS failures`
        : tx.$queryRaw`
          UPDATE memberships SET pin_failures = pin_failures + 1,
                 pin_locked_at = CASE WHEN pin_failures + 1 >= ${PIN_TRIES} THEN now() ELSE pin_locked_at END
          WHERE shop_id = ${shopId}::uuid AND id = ${member.id}::uuid RETURNING pin_failures AS failures`,
    ),
  );
  if (!ok) {
    const left = PIN_TRIES - (row?.failures ?? PIN_TRIES);
    throw left > 0 ? fieldError("pin", translate(locale, "till.register.pin.wrong", { left })) : locked();
  }
  if (input.purpose === "approve" && !hasRole(member.role, "manager")) {
    throw forbidden(translate(locale, "till.register.pin.notManager"));
  }
  return { userId: input.userId, name: member.user.name, role: member.role };
}

/** What the register keeps to check PINs offline: each member with a PIN that is not locked. */
export function pinVerifiers(shopId: string) {
  return inShop(shopId, async (tx) => {
    const rows = await tx.membership.findMany({
      where: { pinVerifier: { not: null }, pinLockedAt: null },
      orderBy: { id: "asc" },
      take: 500,
      select: { userId: true, role: true, pinVerifier: true, user: { select: { name: true } } },
    });
    return rows.map((r) => ({ userId: r.userId, name: r.user.name, role: r.role, verifier: r.pinVerifier! }));
  });
}

/** Who has a till PIN, and whose is locked (for the owner's reset). */
export function pinStates(shopId: string) {
  return inShop(shopId, async (tx) => {
    const rows = await tx.membership.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 200,
      select: { id: true, role: true, pinHash: true, pinLockedAt: true, user: { select: { id: true, name: true } } },
    });
    return rows.map((r) => ({
      membershipId: r.id,
      userId: r.user.id,
      name: r.user.name,
      role: r.role,
      hasPin: r.pinHash !== null,
      locked: r.pinLockedAt !== null,
    }));
  });
}
