import type { ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { env } from "./env.server";

const globalForRedis = globalThis as unknown as { __nearshopRedis?: Redis };

/**
 * For request-time work (rate limits, health): fail fast while Redis is down
 * instead of queueing commands, so a request never hangs on it.
 */
export const redis: Redis = (globalForRedis.__nearshopRedis ??= new Redis(env.REDIS_URL, {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  lazyConnect: false,
}));
redis.on("error", () => {
  // Reported by /healthz and by callers; ioredis reconnects by itself.
});

/** BullMQ wants its own connections: workers block, producers fail fast. */
export function bullConnection(role: "producer" | "worker"): ConnectionOptions {
  const u = new URL(env.REDIS_URL);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
  };
}
