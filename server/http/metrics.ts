import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { ServerBuild } from "@remix-run/node";
// Remix's own matcher (a dependency of @remix-run/server-runtime, patched in patches/): the same answer as the page handler.
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { env } from "../env.server";
import { pgPool } from "../db/client.server";
import { gaugeOnScrape, metrics } from "../metrics/metrics.server";

const sha256 = (s: string) => createHash("sha256").update(s).digest();

/**
 * Who may read /metrics. With METRICS_TOKEN set: a request carrying
 * `Authorization: Bearer <token>` (compared in constant time, on hashes so
 * the length does not leak either). Without it: nobody, except in
 * development from this machine's loopback socket (the socket's address,
 * never a forwarded header; a reverse proxy on the same machine is why
 * production does not trust loopback). "absent" answers 404 (no such page
 * for anyone who may not scrape), "refused" 401.
 */
export function metricsAccess(authorization: string | undefined, opts: { token: string | undefined; development: boolean; loopback: boolean }) {
  if (!opts.token) return opts.development && opts.loopback ? "allowed" : "absent";
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? "");
  if (!match) return "refused";
  return timingSafeEqual(sha256(match[1]!), sha256(opts.token)) ? "allowed" : "refused";
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** GET /metrics: the process's metrics in Prometheus's text format, for whoever metricsAccess lets in. */
export const metricsEndpoint: RequestHandler = async (req, res, next) => {
  const access = metricsAccess(req.get("authorization"), {
    token: env.METRICS_TOKEN,
    development: env.NODE_ENV === "development",
    loopback: LOOPBACK.has(req.socket.remoteAddress ?? ""),
  });
  if (access === "absent") return void res.status(404).type("text/plain").send("Not found");
  if (access === "refused") return void res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("A metrics token is needed.");
  try {
    res
      .set("Cache-Control", "no-store")
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  } catch (error) {
    next(error);
  }
};

/** The connection pool's counts, read at each scrape (web and worker). */
export function poolMetrics() {
  gaugeOnScrape("nearshop_db_pool_connections", "PostgreSQL connections of this process's pool, by state (idle, busy) ", ["state"], (set) => {
    set({ state: "idle" }, pgPool.idleCount);
    set({ state: "busy" }, pgPool.totalCount - pgPool.idleCount);
  });
  gaugeOnScrape("nearshop_db_pool_waiting", "Queries waiting for a free connection of the pool", [], (set) => set({}, pgPool.waitingCount));
  gaugeOnScrape("nearshop_db_pool_max", "The pool's size (DATABASE_POOL_SIZE)", [], (set) => set({}, env.DATABASE_POOL_SIZE));
}

type RouteManifest = ServerBuild["routes"];

/** The build's routes as Remix's matcher wants them: nested under their parents, each known by its id. */
function routeTree(manifest: RouteManifest, parentId?: string): AgnosticRouteObject[] {
  return Object.values(manifest)
    .filter((r) => r && r.parentId === parentId)
    .map(
      (r) =>
        ({
          id: r!.id,
          path: r!.path,
          index: r!.index,
          caseSensitive: r!.caseSensitive,
          children: r!.index ? undefined : routeTree(manifest, r!.id),
        }) as AgnosticRouteObject,
    );
}

const trees = new WeakMap<RouteManifest, AgnosticRouteObject[]>();

/** The Remix route that answers a path: its id (`routes/shop.$slug.products.$productId`), never the path itself. */
export function remixRouteOf(build: ServerBuild, pathname: string): string {
  let tree = trees.get(build.routes);
  if (!tree) trees.set(build.routes, (tree = routeTree(build.routes)));
  const matches = matchRoutes(tree, pathname);
  return matches?.at(-1)?.route.id ?? "unmatched";
}

/**
 * Times every request, labelled by what answered it: a fixed name for the
 * app's own paths, else the Remix route id. `route` (res.locals) is set by
 * the part of the app that knows better (tRPC, static files).
 */
export function requestTimer(build: () => Promise<ServerBuild> | ServerBuild): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once("finish", async () => {
      let route = res.locals.metricsRoute as string | undefined;
      if (!route) {
        try {
          route = remixRouteOf(await build(), req.path);
        } catch {
          route = "unmatched";
        }
      }
      end({ route, method: req.method === "GET" || req.method === "POST" || req.method === "HEAD" ? req.method : "other", status: String(res.statusCode) });
    });
    next();
  };
}

/** Names the route of every request this middleware sees (mount it on a path). */
export const routeNamed =
  (route: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.metricsRoute = route;
    next();
  };
