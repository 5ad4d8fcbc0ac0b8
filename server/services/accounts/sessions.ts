import { createHash } from "node:crypto";
import { UAParser } from "ua-parser-js";
import { forgetSessionsOf, lucia } from "../../auth/lucia.server";
import { asUser, baseDb, db } from "../../db/client.server";
import { notFound } from "../errors";
import { recordPlatformAudit } from "../audit/record";

/** Where a session was started, shown in the person's list of sessions. */
export type SessionMeta = { userAgent?: string | null; ip?: string | null };

/** Starts a session and returns the Set-Cookie value for it. */
export async function startSession(userId: string, meta: SessionMeta = {}): Promise<string> {
  const session = await lucia.createSession(userId, {
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
    ip: meta.ip?.slice(0, 64) ?? null,
    lastSeenAt: new Date(),
  });
  return lucia.createSessionCookie(session.id).serialize();
}

export function blankSessionCookie(): string {
  return lucia.createBlankSessionCookie().serialize();
}

export async function endSession(sessionId: string): Promise<string> {
  await lucia.invalidateSession(sessionId);
  return blankSessionCookie();
}

/** "Firefox on macOS", from the browser's own description of itself. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const ua = new UAParser(userAgent).getResult();
  const browser = ua.browser.name ?? "A browser";
  const os = ua.os.name ? ` on ${ua.os.name}` : "";
  return `${browser}${os}`;
}

/** The part of an address that says roughly where, not who: 203.0.113.x, 2001:db8:1:x. */
export function maskedIp(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(v4)) return v4.replace(/\.\d+$/, ".x");
  const groups = ip.split(":").filter(Boolean);
  return groups.length > 2 ? `${groups.slice(0, 3).join(":")}:x` : ip;
}

export type SessionRow = {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/**
 * A person's active sessions, newest use first. The id shown is a hash, not
 * the session id itself (which is the cookie's secret).
 */
export async function listSessions(userId: string, currentSessionId: string): Promise<SessionRow[]> {
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((r) => ({
    id: publicSessionId(r.id),
    device: deviceName(r.userAgent),
    ip: maskedIp(r.ip),
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    current: r.id === currentSessionId,
  }));
}

/** The name a session goes by on pages and in forms: never its secret id. */
export function publicSessionId(sessionId: string): string {
  return createHash("sha256").update(`session:${sessionId}`).digest("base64url").slice(0, 22);
}

/** Ends one of the person's own sessions, named as the list names it. */
export async function endOwnSession(userId: string, publicId: string): Promise<{ ended: true; wasCurrent: boolean }> {
  const rows = await db.session.findMany({ where: { userId }, select: { id: true }, take: 500 });
  const match = rows.find((r) => publicSessionId(r.id) === publicId);
  if (!match) throw notFound("Session");
  await baseDb.session.deleteMany({ where: { id: match.id, userId } });
  forgetSessionsOf(userId);
  return { ended: true, wasCurrent: false };
}

/** Ends every session of the person but this one. */
export async function endOtherSessions(userId: string, currentSessionId: string): Promise<{ ended: number }> {
  const ended = await baseDb.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId, id: { not: currentSessionId } } });
    await recordPlatformAudit(tx, {
      kind: "auth.signed_out_elsewhere",
      actorId: userId,
      recordType: "users",
      recordId: userId,
      after: { sessions_ended: count },
    });
    return { ended: count };
  });
  forgetSessionsOf(userId);
  return ended;
}

/** Ends every session of a user (an owner signing a staff member out, a role removed). */
export async function endAllSessions(userId: string): Promise<number> {
  const { count } = await baseDb.session.deleteMany({ where: { userId } });
  forgetSessionsOf(userId);
  return count;
}

export type MyShop = { id: string; slug: string; name: string; role: "owner" | "manager" | "cashier" };

/** The shops a user works in, for the switcher and the landing redirect. */
export function listMyShops(userId: string): Promise<MyShop[]> {
  return asUser(userId, async (tx) => {
    const rows = await tx.membership.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: { role: true, shop: { select: { id: true, slug: true, name: true } } },
    });
    return rows.map((r) => ({ ...r.shop, role: r.role }));
  });
}

/** Where to send a user who just logged in: their shop(s), else the platform admin's page, else their account. */
export async function homePath(userId: string, isPlatformAdmin = false): Promise<string> {
  const shops = await listMyShops(userId);
  if (shops.length === 1 && shops[0]) return `/shop/${shops[0].slug}`;
  if (shops.length > 1) return "/shops";
  return isPlatformAdmin ? "/admin" : "/account";
}
