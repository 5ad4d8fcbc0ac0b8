import { db } from "../../db/client.server";
import { hashToken, newToken } from "../../auth/tokens";
import type { Prisma } from "../../db/generated/client.ts";
import { badRequest } from "../errors";

type Purpose = "email_verification" | "password_reset" | "two_factor";

export const TOKEN_LIFETIME_MS: Record<Purpose, number> = {
  email_verification: 48 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
  // Between the password and the code (or the authenticator's setup).
  two_factor: 15 * 60 * 1000,
};

/** Makes a single-use link token; only its hash is stored. */
export async function mintAuthToken(userId: string, purpose: Purpose): Promise<string> {
  const { token, tokenHash } = newToken();
  await db.authToken.create({
    data: { userId, purpose, tokenHash, expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]) },
    select: { id: true },
  });
  return token;
}

const EXPIRED: Record<Purpose, string> = {
  email_verification: "This confirmation link has expired or was already used. Log in to get a new one.",
  password_reset: "This reset link has expired or was already used. Ask for a new one.",
  two_factor: "This sign-in has expired. Log in again.",
};

/**
 * Marks a token used inside the caller's transaction, so the change it
 * unlocks and its single use commit together; a second use finds nothing.
 */
export async function consumeAuthToken(tx: Prisma.TransactionClient, token: string, purpose: Purpose): Promise<string> {
  const row = await tx.authToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, userId: true, purpose: true },
  });
  if (!row || row.purpose !== purpose) throw badRequest(EXPIRED[purpose]);
  const used = await tx.authToken.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (used.count !== 1) throw badRequest(EXPIRED[purpose]);
  return row.userId;
}

export async function isAuthTokenUsable(token: string, purpose: Purpose): Promise<boolean> {
  const row = await db.authToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { purpose: true, usedAt: true, expiresAt: true },
  });
  return !!row && row.purpose === purpose && !row.usedAt && row.expiresAt > new Date();
}
