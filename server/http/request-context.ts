import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { env } from "../env.server";
import { isSaneRequestId, withRequestContext, type RequestContext } from "../request-context";
import { cookieValue } from "./cookie-value";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const READ_YOUR_WRITES_COOKIE = "nearshop_rw";

const signature = (until: string) => createHmac("sha256", env.APP_SECRET).update(`read-your-writes:${until}`).digest("base64url").slice(0, 32);

/** The browser wrote something until a moment ago: its reads skip the replica until `until` (ms). */
function readYourWritesCookie(): string {
  const until = String(Date.now() + env.DATABASE_REPLICA_STICKY_SECONDS * 1000);
  const secure = env.NODE_ENV === "production" ? "; Secure" : "";
  return `${READ_YOUR_WRITES_COOKIE}=${until}.${signature(until)}; Max-Age=${env.DATABASE_REPLICA_STICKY_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure}`;
}

function wroteRecently(cookieHeader: string): boolean {
  const value = cookieValue(cookieHeader, READ_YOUR_WRITES_COOKIE, /^\d{13}\.[A-Za-z0-9_-]{32}$/);
  if (!value) return false;
  const [until = "", sig = ""] = value.split(".");
  const expected = Buffer.from(signature(until));
  return timingSafeEqual(expected, Buffer.from(sig)) && Number(until) > Date.now();
}

/**
 * First of all: the request's id (X-Request-Id honoured when sane, else a new
 * one; echoed on the response) and whether its reads must see the primary
 * (it writes, or it comes from a browser that wrote within
 * DATABASE_REPLICA_STICKY_SECONDS). Every log line below carries the id.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const given = req.get("x-request-id");
  const requestId = isSaneRequestId(given) ? given : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const writes = !SAFE_METHODS.has(req.method);
  // Without a replica every read is on the primary: no cookie to hand out.
  if (writes && env.DATABASE_REPLICA_URL) res.append("Set-Cookie", readYourWritesCookie());
  const context: RequestContext = { requestId, readPrimary: writes || wroteRecently(req.headers.cookie ?? "") };
  res.locals.requestContext = context;
  withRequestContext(context, next);
};

/**
 * A handler run in the request's context again: body parsers call `next`
 * from stream events, which do not always carry the context along.
 */
export const inRequestContext =
  (handler: RequestHandler): RequestHandler =>
  (req, res, next) =>
    withRequestContext(res.locals.requestContext as RequestContext, () => handler(req, res, next));
