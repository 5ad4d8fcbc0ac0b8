import QRCode from "qrcode";
import { verifyPassword } from "../../auth/password";
import { spendAttempt } from "../../auth/rate-limit.server";
import { hashToken, newToken } from "../../auth/tokens";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openSecret, sealSecret, totpStep, totpUri } from "../../auth/totp";
import { asUser, baseDb, db } from "../../db/client.server";
import { env } from "../../env.server";
import type { Prisma } from "../../db/generated/client.ts";
import { badRequest, fieldError } from "../errors";
import { homePath, startSession, type SessionMeta } from "./sessions";
import { TOKEN_LIFETIME_MS } from "./tokens";
import { actorSql } from "../audit/record";

/**
 * Two-factor sign-in. A password (or an emailed link) that would start a
 * session first asks this module: when the person has an authenticator, or
 * must have one (a platform admin; staff of a shop that requires it), the
 * browser gets a short-lived challenge instead of a session, and the session
 * starts only once a code (or a recovery code) is given, or the
 * authenticator is set up.
 */

/** The challenge's cookie: readable only by the server, only on the sign-in pages. */
export const CHALLENGE_COOKIE = "nearshop_2fa";

function challengeCookie(token: string, maxAgeSeconds: number): string {
  const secure = env.NODE_ENV === "production" ? "; Secure" : "";
  return `${CHALLENGE_COOKIE}=${token}; Path=/login; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export const clearChallengeCookie = () => challengeCookie("", 0);

export type SecondStep = "verify" | "setup";

/** Does a shop this person works in require a second factor of its staff? */
async function aShopRequiresIt(userId: string): Promise<boolean> {
  const shop = await asUser(userId, (tx) => tx.membership.findFirst({ where: { userId, shop: { requireTwoFactor: true } }, select: { id: true } }));
  return !!shop;
}

/** Why a person must use a second factor, if they must. */
export async function twoFactorRequirement(userId: string): Promise<"platform admin" | "shop" | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { isPlatformAdmin: true } });
  if (user.isPlatformAdmin) return "platform admin";
  return (await aShopRequiresIt(userId)) ? "shop" : null;
}

/** One read of the person for every sign-in; the shops are asked only when it matters. */
async function secondStepFor(userId: string): Promise<SecondStep | null> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, isPlatformAdmin: true } });
  if (user.totpEnabledAt) return "verify";
  return user.isPlatformAdmin || (await aShopRequiresIt(userId)) ? "setup" : null;
}

export type SignIn = { cookie: string; redirectTo: string; twoFactor: SecondStep | null };

/**
 * Every way into an account ends here: a session when no second factor is
 * needed, else a challenge and the page that asks for the code.
 */
export async function signIn(userId: string, meta: SessionMeta, redirectTo?: string): Promise<SignIn> {
  const step = await secondStepFor(userId);
  if (!step) {
    return { cookie: await startSession(userId, meta), redirectTo: redirectTo ?? (await homePath(userId)), twoFactor: null };
  }
  const { token, tokenHash } = newToken();
  await db.authToken.create({
    data: { userId, purpose: "two_factor", tokenHash, expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS.two_factor) },
    select: { id: true },
  });
  const next = redirectTo ? `?next=${encodeURIComponent(redirectTo)}` : "";
  return {
    cookie: challengeCookie(token, TOKEN_LIFETIME_MS.two_factor / 1000),
    redirectTo: `/login/two-factor${next}`,
    twoFactor: step,
  };
}

async function challengeUser(challenge: string) {
  const row = await db.authToken.findUnique({
    where: { tokenHash: hashToken(challenge) },
    select: { id: true, purpose: true, usedAt: true, expiresAt: true, userId: true },
  });
  if (!row || row.purpose !== "two_factor" || row.usedAt || row.expiresAt <= new Date()) {
    throw badRequest("This sign-in has expired. Log in again.");
  }
  return row;
}

export type SetupDetails = { secret: string; uri: string; qrSvg: string };

async function setupDetails(base32: string, email: string): Promise<SetupDetails> {
  const uri = totpUri(base32, email);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret: base32, uri, qrSvg };
}

/** A pending secret for the person to scan: kept (encrypted) until a code confirms it. */
async function pendingSecret(userId: string, email: string, fresh: boolean): Promise<SetupDetails> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpPendingSecret: true } });
  let base32 = !fresh && user.totpPendingSecret ? openSecret(user.totpPendingSecret) : null;
  if (!base32) {
    base32 = newTotpSecret();
    await db.user.update({ where: { id: userId }, data: { totpPendingSecret: sealSecret(base32) }, select: { id: true } });
  }
  return setupDetails(base32, email);
}

/** What the second sign-in page shows for a challenge. */
export async function describeChallenge(challenge: string): Promise<{ mode: SecondStep; email: string; setup: SetupDetails | null }> {
  const row = await challengeUser(challenge);
  const user = await db.user.findUniqueOrThrow({ where: { id: row.userId }, select: { email: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) return { mode: "verify", email: user.email, setup: null };
  return { mode: "setup", email: user.email, setup: await pendingSecret(row.userId, user.email, false) };
}

type Tx = Prisma.TransactionClient;

/** Takes a code for the step it belongs to, once: a replay of an accepted code finds the step taken. */
async function takeTotpStep(tx: Tx, userId: string, sealed: string, code: string): Promise<number | null> {
  const step = totpStep(openSecret(sealed), code);
  if (step === null) return null;
  const taken = await tx.$executeRaw`
    UPDATE users SET totp_last_step = ${BigInt(step)}
    WHERE id = ${userId}::uuid AND (totp_last_step IS NULL OR totp_last_step < ${BigInt(step)})`;
  return taken === 1 ? step : null;
}

async function takeRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const used = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1;
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
  return codes;
}

const WRONG_CODE = "That code is not right, or was already used. Enter the 6-digit code your app shows now.";

/** A code from an authenticator (6 digits) or a recovery code (12 letters and digits). */
const looksLikeRecoveryCode = (code: string) => code.replace(/[^a-z0-9]/gi, "").length === 12;

export type ChallengeResult = { cookie: string; redirectTo: string; recoveryCodes: string[] | null; usedRecoveryCode: boolean };

/**
 * Completes a challenge with a code: starts the session, uses up the
 * challenge and the code in one transaction. For a setup challenge the code
 * confirms the new authenticator and the recovery codes are returned once.
 */
export async function completeChallenge(challenge: string, rawCode: string, meta: SessionMeta): Promise<ChallengeResult> {
  const code = rawCode.trim().replace(/\s+/g, "");
  const row = await challengeUser(challenge);
  await spendAttempt("two_factor", meta.ip ?? "unknown", row.userId);
  const outcome = await baseDb.$transaction(async (tx) => {
    await tx.$executeRaw(actorSql()); // the audit log's "from where"
    const user = await tx.user.findUniqueOrThrow({
      where: { id: row.userId },
      select: { totpSecret: true, totpPendingSecret: true, totpEnabledAt: true, isPlatformAdmin: true },
    });
    let recoveryCodes: string[] | null = null;
    let usedRecoveryCode = false;
    if (user.totpEnabledAt && user.totpSecret) {
      if (looksLikeRecoveryCode(code)) usedRecoveryCode = await takeRecoveryCode(tx, row.userId, code);
      if (!usedRecoveryCode && (await takeTotpStep(tx, row.userId, user.totpSecret, code)) === null) {
        throw fieldError("code", WRONG_CODE);
      }
    } else {
      if (!user.totpPendingSecret) throw badRequest("This sign-in has expired. Log in again.");
      const step = totpStep(openSecret(user.totpPendingSecret), code);
      if (step === null) throw fieldError("code", WRONG_CODE);
      await tx.user.update({
        where: { id: row.userId },
        data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: BigInt(step) },
        select: { id: true },
      });
      recoveryCodes = await replaceRecoveryCodes(tx, row.userId);
    }
    const used = await tx.authToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (used.count !== 1) throw badRequest("This sign-in has expired. Log in again.");
    return { recoveryCodes, usedRecoveryCode, isAdmin: user.isPlatformAdmin };
  });
  const { isAdmin, ...codes } = outcome;
  return {
    cookie: await startSession(row.userId, meta),
    redirectTo: await homePath(row.userId, isAdmin),
    ...codes,
  };
}

export type TwoFactorStatus = {
  enabled: boolean;
  enabledAt: Date | null;
  required: "platform admin" | "shop" | null;
  recoveryCodesLeft: number;
};

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [user, left, required] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
    twoFactorRequirement(userId),
  ]);
  return { enabled: !!user.totpEnabledAt, enabledAt: user.totpEnabledAt, required, recoveryCodesLeft: left };
}

/** Setting up from the account page: a new secret to scan (a fresh one each time it is asked for). */
export async function beginSetup(userId: string, fresh: boolean): Promise<SetupDetails> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw badRequest("Two-factor sign-in is already on. Turn it off first to use another app.");
  return pendingSecret(userId, user.email, fresh);
}

/** Confirms the scanned secret with a code; returns the recovery codes, shown once. */
export async function confirmSetup(userId: string, rawCode: string): Promise<{ recoveryCodes: string[] }> {
  const code = rawCode.trim().replace(/\s+/g, "");
  return baseDb.$transaction(async (tx) => {
    await tx.$executeRaw(actorSql()); // the audit log's "from where"
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpPendingSecret: true, totpEnabledAt: true } });
    if (user.totpEnabledAt) throw badRequest("Two-factor sign-in is already on.");
    if (!user.totpPendingSecret) throw badRequest("Start the setup again: scan the new code, then enter what your app shows.");
    const step = totpStep(openSecret(user.totpPendingSecret), code);
    if (step === null) throw fieldError("code", WRONG_CODE);
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: new Date(), totpLastStep: BigInt(step) },
      select: { id: true },
    });
    return { recoveryCodes: await replaceRecoveryCodes(tx, userId) };
  });
}

/** A signed-in person proves the second factor again (turning it off, new recovery codes). */
async function checkCurrentCode(tx: Tx, userId: string, rawCode: string): Promise<void> {
  const code = rawCode.trim().replace(/\s+/g, "");
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (!user.totpEnabledAt || !user.totpSecret) throw badRequest("Two-factor sign-in is not on.");
  const ok = looksLikeRecoveryCode(code) ? await takeRecoveryCode(tx, userId, code) : (await takeTotpStep(tx, userId, user.totpSecret, code)) !== null;
  if (!ok) throw fieldError("code", WRONG_CODE);
}

export async function newRecoveryCodesFor(userId: string, rawCode: string, ip: string): Promise<{ recoveryCodes: string[] }> {
  await spendAttempt("two_factor", ip, userId);
  return baseDb.$transaction(async (tx) => {
    await tx.$executeRaw(actorSql()); // the audit log's "from where"
    await checkCurrentCode(tx, userId, rawCode);
    return { recoveryCodes: await replaceRecoveryCodes(tx, userId) };
  });
}

/** Turns two-factor sign-in off with the password and a code; never while it is required. */
export async function disableTwoFactor(userId: string, password: string, rawCode: string, ip: string): Promise<{ disabled: true }> {
  await spendAttempt("two_factor", ip, userId);
  const required = await twoFactorRequirement(userId);
  if (required === "platform admin") throw badRequest("Platform admins must keep two-factor sign-in on.");
  if (required === "shop") throw badRequest("A shop you work in requires two-factor sign-in, so it cannot be turned off.");
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, password))) throw fieldError("password", "Your password is not correct");
  return baseDb.$transaction(async (tx) => {
    await tx.$executeRaw(actorSql()); // the audit log's "from where"
    await checkCurrentCode(tx, userId, rawCode);
    await tx.user.update({
      where: { id: userId },
      data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null },
      select: { id: true },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    return { disabled: true as const };
  });
}
