import type { RequestHandler } from "express";
import { lucia, sessionStore, type SessionUser } from "../auth/lucia.server";
import { logger } from "../logger";
import { requestLocale } from "./locale";

/** "Last seen" in the list of sessions is this precise: one write per session per window. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface Auth {
  user: SessionUser | null;
  sessionId: string | null;
}

/**
 * The session id from the Cookie header. Lucia's own reader decodes every
 * cookie of the header and throws on one malformed value (`x=%`), which
 * made any page a 500 for a browser holding such a cookie from anywhere on
 * the domain: only our cookie is read here, and a bad one counts as none.
 */
function sessionCookieOf(header: string): string | null {
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== lucia.sessionCookieName) continue;
    try {
      const value = decodeURIComponent(part.slice(at + 1).trim());
      return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * For someone who never chose a language, the one their pages are shown in
 * is kept (once, when it changes): their emails and in-app notices, written
 * by jobs with no request to ask, then match the app they use.
 */
function rememberLocale(user: SessionUser | null, shown: "en" | "fr" | null) {
  if (!user || user.locale || !shown || user.lastLocale === shown) return;
  sessionStore.rememberLocale(user.id, shown).catch((error) => logger.warn("remembering the language failed", { error: String(error) }));
}

/**
 * Validates the session cookie once per request and refreshes it when Lucia
 * extends the session; the result is on res.locals.auth for everything after.
 */
export const sessionMiddleware: RequestHandler = async (req, res, next) => {
  try {
    const sessionId = sessionCookieOf(req.headers.cookie ?? "");
    if (!sessionId) {
      res.locals.auth = { user: null, sessionId: null } satisfies Auth;
      return next();
    }
    const { session, user } = await lucia.validateSession(sessionId);
    if (session?.fresh) res.append("Set-Cookie", lucia.createSessionCookie(session.id).serialize());
    if (!session) res.append("Set-Cookie", lucia.createBlankSessionCookie().serialize());
    const seen = session?.lastSeenAt;
    if (session && (!seen || Date.now() - seen.getTime() > TOUCH_EVERY_MS)) {
      // Not awaited: the page does not wait on bookkeeping, and a failure only leaves "last seen" older.
      sessionStore.touchSession(session.id).catch((error) => logger.warn("session touch failed", { error: String(error) }));
    }
    const auth = {
      user: user
        ? { id: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin, locale: user.locale, lastLocale: user.lastLocale }
        : null,
      sessionId: session?.id ?? null,
    } satisfies Auth;
    res.locals.auth = auth;
    rememberLocale(auth.user, requestLocale(req.headers.cookie ?? "", req.get("accept-language"), auth.user));
    next();
  } catch (error) {
    next(error);
  }
};
