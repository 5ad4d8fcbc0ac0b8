import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { parseRows } from "../db/rows";
import type { SessionCache } from "./session-cache";

const SessionRow = z.object({
  id: z.string(),
  userId: z.string(),
  expiresAt: z.date(),
  lastSeenAt: z.date(),
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
  locale: z.enum(["en", "fr"]).nullable(),
  lastLocale: z.enum(["en", "fr"]).nullable(),
});

export type SessionRow = z.output<typeof SessionRow>;

/**
 * Lucia v3's storage adapter over our Prisma client. The published
 * @lucia-auth/adapter-prisma does not accept Prisma 7, and it is a handful of
 * methods; owning it also keeps the move to Lucia-less sessions easy. With a
 * cache, a session read a moment ago is served from it (session-cache.ts);
 * this adapter's own writes forget it at once, other writers through the
 * database's notifications.
 */
export class PrismaSessionAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    readonly cache?: SessionCache<SessionRow>,
  ) {}

  async getSessionAndUser(sessionId: string): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = this.cache?.get(sessionId) ?? (await this.readSession(sessionId));
    if (!row) return [null, null];
    return [
      { id: row.id, userId: row.userId, expiresAt: row.expiresAt, attributes: { userAgent: null, ip: null, lastSeenAt: row.lastSeenAt } },
      {
        id: row.userId,
        attributes: { email: row.email, name: row.name, isPlatformAdmin: row.isPlatformAdmin, locale: row.locale, lastLocale: row.lastLocale },
      },
    ];
  }

  private async readSession(sessionId: string): Promise<SessionRow | undefined> {
    const generation = this.cache?.generation ?? 0;
    // One query: every authenticated request not served by the cache runs
    // this (Prisma's nested select would make it two).
    const [row] = parseRows(
      SessionRow,
      await this.db.$queryRaw`
        SELECT s.id, s.user_id AS "userId", s.expires_at AS "expiresAt", s.last_seen_at AS "lastSeenAt", u.email, u.name, u.is_platform_admin AS "isPlatformAdmin", u.locale, u.last_locale AS "lastLocale"
        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ${sessionId}`,
    );
    if (row) this.cache?.set(sessionId, row, generation);
    return row;
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.session.findMany({
      where: { userId },
      select: { id: true, userId: true, expiresAt: true, userAgent: true, ip: true, lastSeenAt: true },
    });
    return rows.map(({ userAgent, ip, lastSeenAt, ...r }) => ({ ...r, attributes: { userAgent, ip, lastSeenAt } }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db.session.create({
      data: {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        userAgent: session.attributes.userAgent ?? null,
        ip: session.attributes.ip ?? null,
      },
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
    this.cache?.forgetSession(sessionId);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sessionId } });
    this.cache?.forgetSession(sessionId);
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { userId } });
    this.cache?.forgetUser(userId);
  }

  /** The language a person who never chose one was last shown pages in (server/http/session.ts); the users trigger tells every cache. */
  async rememberLocale(userId: string, locale: "en" | "fr"): Promise<void> {
    await this.db.user.updateMany({ where: { id: userId, locale: null }, data: { lastLocale: locale } });
  }

  /** Marks the session as used now; at most every few minutes (server/http/session.ts). */
  async touchSession(sessionId: string): Promise<void> {
    await this.db.session.updateMany({ where: { id: sessionId }, data: { lastSeenAt: new Date() } });
    // The next read sees the new time (else every request in the cache's window would touch again).
    this.cache?.forgetSession(sessionId);
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  }
}
