import type { RequestHandler } from "express";
import { lucia, type SessionUser } from "../auth/lucia.server";

export interface Auth {
  user: SessionUser | null;
  sessionId: string | null;
}

/**
 * Validates the session cookie once per request and refreshes it when Lucia
 * extends the session; the result is on res.locals.auth for everything after.
 */
export const sessionMiddleware: RequestHandler = async (req, res, next) => {
  try {
    const sessionId = lucia.readSessionCookie(req.headers.cookie ?? "");
    if (!sessionId) {
      res.locals.auth = { user: null, sessionId: null } satisfies Auth;
      return next();
    }
    const { session, user } = await lucia.validateSession(sessionId);
    if (session?.fresh) res.append("Set-Cookie", lucia.createSessionCookie(session.id).serialize());
    if (!session) res.append("Set-Cookie", lucia.createBlankSessionCookie().serialize());
    res.locals.auth = {
      user: user ? { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin } : null,
      sessionId: session?.id ?? null,
    } satisfies Auth;
    next();
  } catch (error) {
    next(error);
  }
};
