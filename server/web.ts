import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { broadcastDevReady } from "@remix-run/node";
import { env } from "./env.server";
import { logger } from "./logger";
import { checkServices } from "./boot";
import { createApp, serve } from "./app";
import { baseDb } from "./db/client.server";
import { redis } from "./redis.server";
import { closeQueues } from "../jobs/queues";
import { closeLive } from "./services/orders/live";

const BUILD_PATH = path.resolve("build/index.js");

async function loadBuild(): Promise<ServerBuild> {
  if (!fs.existsSync(BUILD_PATH)) {
    console.error("Nearshop web cannot start: no Remix build at build/index.js. Run `npm run build` first.");
    process.exit(1);
  }
  // A fresh URL per build so that development picks up rebuilds.
  const stamp = fs.statSync(BUILD_PATH).mtimeMs;
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${stamp}`);
}

await checkServices("web");

let build = await loadBuild();
const isDev = env.NODE_ENV === "development";
if (isDev) {
  fs.watchFile(BUILD_PATH, { interval: 300 }, async () => {
    build = await loadBuild();
    await broadcastDevReady(build);
  });
}

const app = createApp(isDev ? async () => build : build);
const server = serve(app, env.PORT, undefined, async () => {
  logger.info(`Nearshop web listening on ${env.APP_URL}`, { port: env.PORT, mode: env.NODE_ENV, pid: process.pid });
  if (isDev) await broadcastDevReady(build);
});

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info("web stopping: finishing in-flight requests", { signal });
    // Stop accepting connections; in-flight requests finish; idle
    // keep-alive sockets are closed so close() can complete.
    server.close(async () => {
      await Promise.allSettled([baseDb.$disconnect(), closeQueues(), redis.quit()]);
      process.exit(0);
    });
    server.closeIdleConnections();
    closeLive(); // open order-board streams would hold close() for ever
    setTimeout(() => process.exit(1), 25_000).unref();
  });
}
