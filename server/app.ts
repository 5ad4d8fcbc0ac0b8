import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import express, { type ErrorRequestHandler } from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import { env } from "./env.server";
import { spendApiCalls } from "./auth/rate-limit.server";
import { logger } from "./logger";
import { appRouter, createCaller } from "./trpc/root";
import type { Context } from "./trpc/init";
import { registerTokenOf } from "./services/registers/registers";
import { healthz } from "./http/health";
import { stripeWebhook } from "./http/stripe-webhook";
import { twilioWebhook } from "./http/twilio-webhook";
import { retryAfterOf } from "./services/errors";
import { requestLocale } from "./http/locale";
import { bodySizeLimit, cspNonce, MAX_BODY_BYTES, originCheck, securityHeaders } from "./http/security";
import { sessionMiddleware, type Auth } from "./http/session";
import { serveObjects } from "./http/uploads";
import { imageStorage } from "./integrations/storage.server";
import { BULL_BOARD_PATH, bullBoardRouter, platformAdminOnly } from "./http/bull-board";
import { inRequestContext, requestContext } from "./http/request-context";
import { metricsEndpoint, poolMetrics, requestTimer, routeNamed } from "./http/metrics";

const MAX_BATCH_CALLS = 10;

/**
 * Every procedure call over HTTP spends from the caller's budget (a batch
 * spends one per call, and more than MAX_BATCH_CALLS is refused by tRPC);
 * past it, 429 with Retry-After in tRPC's error shape.
 */
const apiCallLimit: express.RequestHandler = (req, res, next) => {
  const calls = Math.max(1, req.path.slice(1).split(",").length);
  const auth = res.locals.auth as Auth;
  spendApiCalls({ userId: auth.user?.id ?? null, ip: req.ip ?? "unknown" }, Math.min(calls, MAX_BATCH_CALLS + 1))
    .then((wait) => {
      if (wait === null) return next();
      res
        .status(429)
        .set("Retry-After", String(wait))
        .json({
          error: { message: `Too many requests. Try again in ${wait} seconds.`, code: -32029, data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } },
        });
    })
    .catch(next);
};

function contextOf(req: express.Request, res: express.Response): Context {
  const auth = res.locals.auth as Auth;
  return {
    user: auth.user,
    sessionId: auth.sessionId,
    ip: req.ip ?? "unknown",
    userAgent: req.get("user-agent"),
    locale: requestLocale(req.headers.cookie ?? "", req.get("accept-language"), auth.user),
    registerToken: registerTokenOf(req.headers.cookie ?? ""),
    memo: new Map(),
    setCookie: (cookie) => void res.append("Set-Cookie", cookie),
    rateLimited: (seconds) => {
      res.locals.retryAfter = Math.max(seconds, (res.locals.retryAfter as number | undefined) ?? 0);
    },
  };
}

/**
 * A page answering 429 because a procedure's budget was spent carries that
 * procedure's Retry-After, on every route: Remix passes a loader's or an
 * action's headers on only where the route exports `headers`. Set as the
 * status line is written, when the route did not set one itself.
 */
const retryAfterOn429: express.RequestHandler = (_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (this: express.Response, ...args: Parameters<typeof writeHead>) {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    const seconds = res.locals.retryAfter as number | undefined;
    if (status === 429 && seconds && !res.getHeader("Retry-After") && !res.headersSent) res.setHeader("Retry-After", String(seconds));
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
  next();
};

/**
 * The other files in public/ (favicon, stylesheet). In production the list
 * is read once at start, so a page request is not a disk lookup first
 * (express.static stats the path of every request it sees: 4 % of the web
 * process's CPU under load); in development new files show up at once.
 */
function publicFiles(): express.RequestHandler {
  const root = path.resolve("public");
  const serve = express.static(root, { maxAge: "1h", index: false });
  if (env.NODE_ENV === "development") return serve;
  const files = new Set(
    fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => `/${path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/")}`)
      .filter((f) => !f.startsWith("/build/")),
  );
  return (req, res, next) => {
    if (!files.has(req.path)) return next();
    res.locals.metricsRoute = "static";
    serve(req, res, next);
  };
}

/**
 * The whole HTTP surface in one place (ARCHITECTURE.md, "The flow of a
 * request"). `build` is the Remix server build, or a function that loads the
 * newest one in development.
 */
export function createApp(build: ServerBuild | (() => Promise<ServerBuild>)) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use(requestContext);
  app.use(requestTimer(typeof build === "function" ? build : () => build));
  poolMetrics();
  app.use(cspNonce);
  app.use(securityHeaders);
  app.get("/healthz", routeNamed("healthz"), healthz);
  // Before the session: a scraper has no session; the token is its credential.
  app.get("/metrics", routeNamed("metrics"), metricsEndpoint);
  // Before the session and Origin checks: Stripe signs its requests instead.
  app.post("/webhooks/stripe", routeNamed("webhooks/stripe"), express.raw({ type: "*/*", limit: "1mb" }), stripeWebhook("platform"));
  // Twilio signs its form posts (X-Twilio-Signature): status callbacks and inbound SMS (STOP).
  for (const kind of ["status", "inbound"] as const) {
    app.post(`/webhooks/twilio/${kind}`, routeNamed(`webhooks/twilio/${kind}`), express.urlencoded({ extended: false, limit: "64kb" }), twilioWebhook(kind));
  }
  app.post("/webhooks/stripe-connect", routeNamed("webhooks/stripe-connect"), express.raw({ type: "*/*", limit: "1mb" }), stripeWebhook("connect"));

  app.use("/build", routeNamed("static"), express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(publicFiles());
  // From disk or the bucket, with the same headers (server/http/uploads.ts).
  app.use("/uploads", routeNamed("uploads"), serveObjects(imageStorage));

  app.use(sessionMiddleware);
  app.use(bodySizeLimit);
  app.use(originCheck);

  app.use(BULL_BOARD_PATH, routeNamed("admin/jobs"), platformAdminOnly, bullBoardRouter());

  app.use("/api/trpc", routeNamed("trpc"), apiCallLimit);
  app.use(
    "/api/trpc",
    inRequestContext(
      createExpressMiddleware({
        router: appRouter,
        createContext: ({ req, res }) => contextOf(req, res),
        // bodySizeLimit stops reading first; this is tRPC's own guard behind it.
        maxBodySize: MAX_BODY_BYTES,
        // The browser never batches (pages call procedures on the server); an
        // API client gets ten calls a request, each counted by the limiter.
        maxBatchSize: MAX_BATCH_CALLS,
        // A rate-limited call says when to come back, as the pages do.
        responseMeta: ({ errors }) => {
          const seconds = errors.map((e) => retryAfterOf(e)).find((s) => s !== null && s !== undefined);
          return seconds ? { headers: new Headers({ "Retry-After": String(seconds) }) } : {};
        },
        onError: ({ error, path: p }) => {
          if (error.code === "INTERNAL_SERVER_ERROR") logger.error("trpc error", { path: p, error: error.message, stack: error.stack });
        },
      }),
    ),
  );

  app.all(
    "*",
    retryAfterOn429,
    inRequestContext(
      createRequestHandler({
        build,
        mode: env.NODE_ENV,
        getLoadContext: (req, res) => {
          const ctx = contextOf(req, res);
          return { trpc: createCaller(ctx), user: ctx.user, sessionId: ctx.sessionId, cspNonce: res.locals.cspNonce as string, locale: ctx.locale ?? "en" };
        },
      }),
    ),
  );

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    // A body refused as too large was answered 413 already; its reader failing is expected.
    if (res.locals.bodyRefused) {
      if (!res.headersSent) res.status(413).type("text/plain").send("Request too large.");
      return;
    }
    // serve-static's own "no such file" (fallthrough: false) is a plain 404;
    // a body parser's refusal (too large, malformed) is the client's error.
    const status = (error as { status?: number }).status ?? 500;
    if (status === 404) {
      res.status(404).type("text/plain").send("Not found");
      return;
    }
    if (status >= 400 && status < 500) {
      const expose = (error as { expose?: boolean }).expose;
      if (!res.headersSent)
        res
          .status(status)
          .type("text/plain")
          .send(expose ? (error as Error).message : "Bad request.");
      return;
    }
    logger.error("request failed", { path: req.path, error: String(error), stack: (error as Error).stack });
    if (!res.headersSent) res.status(500).type("text/plain").send("Something went wrong on our side. Please try again.");
  };
  app.use(onError);
  return app;
}

/**
 * An HTTP server for the app. tRPC queries carry their input in the URL;
 * 32 KB of headers leaves room for long search inputs to reach validation
 * (and a clear 400) instead of Node's bare 431 at 16 KB.
 */
export function serve(app: express.Express, port: number, host: string | undefined, onListening: () => void) {
  return http.createServer({ maxHeaderSize: 32 * 1024 }, app).listen(port, host, onListening);
}
