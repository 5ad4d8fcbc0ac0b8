import { lucia } from "../../auth/lucia.server";
import { asUser } from "../../db/client.server";

/** Starts a session and returns the Set-Cookie value for it. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

export function blankSessionCookie(): string {
  return lucia.createBlankSessionCookie().serialize();
}

export async function endSession(sessionId: string): Promise<string> {
  await lucia.invalidateSession(sessionId);
  return blankSessionCookie();
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
