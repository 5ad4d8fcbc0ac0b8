import { Lucia, TimeSpan } from "lucia";
import { env } from "../env.server";
import { db } from "../db/client.server";
import { PrismaSessionAdapter } from "./session-adapter";

export const sessionStore = new PrismaSessionAdapter(db);

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
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: { email: string; name: string; isPlatformAdmin: boolean };
    DatabaseSessionAttributes: { userAgent?: string | null; ip?: string | null; lastSeenAt?: Date | null };
  }
}

export type SessionUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };
