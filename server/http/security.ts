import type { RequestHandler } from "express";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import { BULL_BOARD_PATH } from "./bull-board";
import { verifyRequestOrigin } from "lucia";
import { env } from "../env.server";
import { MAX_CSV_BYTES, MAX_IMAGE_BYTES } from "../schemas/uploads";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
/** Callers that sign their requests instead (Stripe, Twilio), and RFC 8058 one-click unsubscribes (mail providers post them; they only turn news off). */
const ORIGIN_EXEMPT = [/^\/webhooks\//, /^\/unsubscribe\/[^/]+$/];

/**
 * CSRF: every state-changing request must come from our own origin. With
 * SameSite=Lax cookies this closes the remaining cross-site form posts.
 */
export const originCheck: RequestHandler = (req, res, next) => {
  if (SAFE.has(req.method) || ORIGIN_EXEMPT.some((r) => r.test(req.path))) return next();
  const origin = req.headers.origin;
  const allowed = [req.headers.host ?? "", new URL(env.APP_URL).host];
  if (!origin || !verifyRequestOrigin(origin, allowed)) {
    res.status(403).type("text/plain").send("Cross-site request refused: the Origin header is missing or not this site.");
    return;
  }
  // Remix repeats this check on every action, against X-Forwarded-Host or
  // else Host, and throws (a 500) when they differ from the Origin. Behind a
  // proxy that passes its own Host (web:3000) and no X-Forwarded-Host, that
  // was every form post. The origin is verified above against APP_URL, so
  // tell Remix which host it was.
  req.headers["x-forwarded-host"] = new URL(origin).host;
  next();
};

const MB = 1024 * 1024;
export const MAX_BODY_BYTES = 1 * MB;
/** Pages that take a file get room for it (plus the multipart framing), for signed-in people only. */
const UPLOAD_LIMITS = [
  { path: /^\/shop\/[^/]+\/products\/import(\.data)?$/, bytes: MAX_CSV_BYTES + MB, what: "A CSV import", limit: MAX_CSV_BYTES },
  { path: /^\/shop\/[^/]+\/products\/[0-9a-f-]{36}(\.data)?$/, bytes: MAX_IMAGE_BYTES + MB, what: "An image", limit: MAX_IMAGE_BYTES },
];

/**
 * Limits what is read, not only what is declared. A Content-Length over the
 * limit is answered 413 before a byte is read; a chunked (or any) body is
 * counted as the HTTP parser hands it over, and the moment it passes the
 * limit the rest is not read (the socket stops being read), the request is
 * answered 413 with `Connection: close`, and whoever was reading the body
 * (a page's action, tRPC, the multipart parser) gets an error instead of a
 * truncated body, so nothing runs on part of a request. Must come after the
 * session middleware: only a signed-in person gets an upload's allowance.
 */
export const bodySizeLimit: RequestHandler = (req, res, next) => {
  const signedIn = Boolean((res.locals.auth as { user?: unknown } | undefined)?.user);
  const upload = signedIn ? UPLOAD_LIMITS.find((u) => u.path.test(req.path)) : undefined;
  const max = upload?.bytes ?? MAX_BODY_BYTES;
  const refuse = (length: number | null) => {
    res.locals.bodyRefused = true;
    if (res.headersSent) return;
    const size = length === null ? `more than ${(max / MB).toFixed(0)} MB` : `${(length / MB).toFixed(1)} MB`;
    const message = upload
      ? `${upload.what} can be ${upload.limit / MB} MB at most; this one is ${size}. Make it smaller and try again.`
      : `Request too large (${max / MB} MB at most).`;
    res.status(413).set("Connection", "close").type("text/plain").send(message);
  };
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > max) {
    refuse(Number(declared));
    return;
  }
  if (req.method === "GET" || req.method === "HEAD") return next();
  let seen = 0;
  let over = false;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (over) return false;
    if (chunk != null) {
      seen += (chunk as Buffer).length;
      if (seen > max) {
        over = true;
        refuse(null);
        const tooLarge = Object.assign(new Error("Request body too large"), { status: 413, expose: true });
        // Let the 413 go out, then end the request: readers see the error.
        if (res.writableFinished) req.destroy(tooLarge);
        else res.once("finish", () => req.destroy(tooLarge));
        return false;
      }
    }
    return push(chunk, encoding);
  };
  next();
};

/**
 * A fresh nonce per response: the pages' inline scripts (Remix's hydration
 * data and route loading, app/entry.server.tsx) carry it, so scripts need no
 * 'unsafe-inline'. Bull board's bundled page bootstraps with inline scripts
 * of its own and keeps 'unsafe-inline' on its path only (platform admins).
 */
export const cspNonce: RequestHandler = (_req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  next();
};

const policy = (scripts: (string | ((req: IncomingMessage, res: ServerResponse) => string))[]) =>
  helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": scripts,
        "style-src": ["'self'", "'unsafe-inline'"],
        // The map's tiles come from the configured tile server.
        "img-src": ["'self'", "data:", ...(env.MAP_TILE_URL ? [tileOrigin(env.MAP_TILE_URL)] : [])],
        "connect-src": ["'self'"],
        "upgrade-insecure-requests": env.NODE_ENV === "production" ? [] : null,
      },
    },
    strictTransportSecurity: env.NODE_ENV === "production",
  });

const pagesPolicy = policy(["'self'", (_req, res) => `'nonce-${(res as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`]);
const bullBoardPolicy = policy(["'self'", "'unsafe-inline'"]);

export const securityHeaders: RequestHandler = (req, res, next) => (req.path.startsWith(BULL_BOARD_PATH) ? bullBoardPolicy : pagesPolicy)(req, res, next);

/** The tile server's origin for the CSP; {s} subdomains (a.tile…, b.tile…) become a wildcard. */
export function tileOrigin(template: string): string {
  const host = template.replace(/^(https?:\/\/)\{s\}\./, "$1*.");
  return host.slice(0, host.indexOf("/", host.indexOf("//") + 2));
}
