import type { RequestHandler } from "express";
import helmet from "helmet";
import { verifyRequestOrigin } from "lucia";
import { env } from "../env.server";
import { MAX_CSV_BYTES, MAX_IMAGE_BYTES } from "../schemas/uploads";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
/** Callers that sign their requests instead (Stripe, later). */
const ORIGIN_EXEMPT = [/^\/webhooks\//];

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
  next();
};

const MB = 1024 * 1024;
const MAX_BODY_BYTES = 1 * MB;
/** Pages that take a file get room for it (plus the multipart framing). */
const UPLOAD_LIMITS = [
  { path: /^\/shop\/[^/]+\/products\/import(\.data)?$/, bytes: MAX_CSV_BYTES + MB, what: "A CSV import", limit: MAX_CSV_BYTES },
  { path: /^\/shop\/[^/]+\/products\/[0-9a-f-]{36}(\.data)?$/, bytes: MAX_IMAGE_BYTES + MB, what: "An image", limit: MAX_IMAGE_BYTES },
];

export const bodySizeLimit: RequestHandler = (req, res, next) => {
  const length = Number(req.headers["content-length"] ?? 0);
  const upload = UPLOAD_LIMITS.find((u) => u.path.test(req.path));
  const max = upload?.bytes ?? MAX_BODY_BYTES;
  if (length > max) {
    const message = upload
      ? `${upload.what} can be ${upload.limit / MB} MB at most; this one is ${(length / MB).toFixed(1)} MB. Make it smaller and try again.`
      : "Request too large (1 MB at most).";
    res.status(413).type("text/plain").send(message);
    return;
  }
  next();
};

export const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      // Remix inlines its hydration data and Bull board its bootstrap; both
      // need inline scripts until we thread a nonce through entry.server.
      "script-src": ["'self'", "'unsafe-inline'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      // The map's tiles come from the configured tile server.
      "img-src": ["'self'", "data:", ...(env.MAP_TILE_URL ? [tileOrigin(env.MAP_TILE_URL)] : [])],
      "connect-src": ["'self'"],
      "upgrade-insecure-requests": env.NODE_ENV === "production" ? [] : null,
    },
  },
  strictTransportSecurity: env.NODE_ENV === "production",
});

/** The tile server's origin for the CSP; {s} subdomains (a.tile…, b.tile…) become a wildcard. */
export function tileOrigin(template: string): string {
  const host = template.replace(/^(https?:\/\/)\{s\}\./, "$1*.");
  return host.slice(0, host.indexOf("/", host.indexOf("//") + 2));
}
