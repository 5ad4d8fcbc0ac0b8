import { Lucia, TimeSpan } from "lucia";
import { env } from "../env.server";
import { db } from "../db/client.server";
import { PrismaSessionAdapter, type SessionRow } from "./session-adapter";
import { SessionCache } from "./session-cache";

/** Sessions seen a moment ago, per process (SESSION_CACHE_SECONDS; 0: none). */
export const sessionCache =
  env.SESSION_CACHE_SECONDS > 0
    ? new SessionCache<SessionRow>({
        connectionString: env.SESSION_LISTEN_DATABASE_URL ?? env.DATABASE_DIRECT_URL ?? env.APP_DATABASE_URL,
        ttlMs: env.SESSION_CACHE_SECONDS * 1000,
      })
    : undefined;

export const sessionStore = new PrismaSessionAdapter(db, sessionCache);

/**
 * This process forgets a user's cached sessions at once, after a write that
 * ended them outside the adapter has committed; other processes hear it
 * from the database (notify_auth_change).
 */
export const forgetSessionsOf = (userId: string) => sessionCache?.forgetUser(userId);

export const lucia = new Lucia(sessionStore, {
  sessionExpiresIn: new TimeSpan(30, "d"),
  sessionCookie: {
    name: "nearshop_session",
    attributes: {
      secure: env.NODE_ENV === "production",
      sameSite: "lax",
    },
  },
  getSessionAttributes: (attributes) => ({ lastSeenAt: attributes.lastSeenAt }),
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    name: attributes.name,
    isPlatformAdmin: attributes.isPlatformAdmin,
    locale: attributes.locale,
    lastLocale: attributes.lastLocale,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: { email: string; name: string; isPlatformAdmin: boolean; locale: "en" | "fr" | null; lastLocale: "en" | "fr" | null };
    DatabaseSessionAttributes: { userAgent?: string | null; ip?: string | null; lastSeenAt?: Date | null };
  }
}

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  /** Chosen (sign-up page or switcher): decides every page. */
  locale: "en" | "fr" | null;
  /** Not chosen: the language pages were last shown in (server/http/session.ts keeps it). */
  lastLocale?: "en" | "fr" | null;
};
