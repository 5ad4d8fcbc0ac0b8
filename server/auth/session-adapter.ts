import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";
import type { Db } from "../db/client.server";

/**
 * Lucia v3's storage adapter over our Prisma client. The published
 * @lucia-auth/adapter-prisma does not accept Prisma 7, and it is a handful of
 * methods; owning it also keeps the move to Lucia-less sessions easy.
 */
export class PrismaSessionAdapter implements Adapter {
  constructor(private readonly db: Db) {}

  async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = await this.db.session.findUnique({
      where: { id: sessionId },
      select: {
        id: true,
        userId: true,
        expiresAt: true,
        user: { select: { id: true, email: true, name: true, isPlatformAdmin: true } },
      },
    });
    if (!row) return [null, null];
    const { user, ...session } = row;
    return [
      { id: session.id, userId: session.userId, expiresAt: session.expiresAt, attributes: {} },
      { id: user.id, attributes: { email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin } },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.session.findMany({
      where: { userId },
      select: { id: true, userId: true, expiresAt: true },
    });
    return rows.map((r) => ({ ...r, attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db.session.create({
      data: { id: session.id, userId: session.userId, expiresAt: session.expiresAt },
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sessionId } });
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { userId } });
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  }
}
