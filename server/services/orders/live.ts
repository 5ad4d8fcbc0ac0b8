import { Redis } from "ioredis";
import { env } from "../../env.server";
import { logger } from "../../logger";
import { redis } from "../../redis.server";

/**
 * The live order board: after an order changes, the process that changed it
 * publishes on Redis; every web process holds one subscriber connection and
 * fans each message out to the board pages (server-sent events) of that
 * shop. A message only says "look again": the board re-reads its orders,
 * so a missed message costs freshness, never an order.
 */
export type OrderChange = { orderId: string; number: number; status: string; isNew: boolean };

const channel = (shopId: string) => `nearshop:orders:${shopId}`;

export async function publishOrderChange(shopId: string, change: OrderChange) {
  try {
    await redis.publish(channel(shopId), JSON.stringify(change));
  } catch (error) {
    logger.warn("order board: could not publish", { shopId, error: String(error) });
  }
}

type Listener = { onChange: (change: OrderChange) => void; onClose: () => void };
const globalForLive = globalThis as unknown as { __nearshopLive?: { sub: Redis; listeners: Map<string, Set<Listener>> } };

function hub() {
  if (!globalForLive.__nearshopLive) {
    const sub = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    sub.on("error", () => {});
    const listeners = new Map<string, Set<Listener>>();
    sub.on("message", (ch: string, message: string) => {
      const set = listeners.get(ch);
      if (!set) return;
      let change: OrderChange;
      try {
        change = JSON.parse(message) as OrderChange;
      } catch {
        return;
      }
      for (const l of set) l.onChange(change);
    });
    globalForLive.__nearshopLive = { sub, listeners };
  }
  return globalForLive.__nearshopLive;
}

/**
 * Calls `listener.onChange` for each change of this shop's orders until the
 * returned function is called; `onClose` when this process shuts down.
 */
export async function subscribeOrders(shopId: string, listener: Listener): Promise<() => Promise<void>> {
  const { sub, listeners } = hub();
  const ch = channel(shopId);
  let set = listeners.get(ch);
  if (!set) {
    set = new Set();
    listeners.set(ch, set);
    await sub.subscribe(ch);
  }
  set.add(listener);
  return async () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(ch) === set) {
      listeners.delete(ch);
      await sub.unsubscribe(ch).catch(() => {});
    }
  };
}

/**
 * On shutdown: ends every open board stream (browsers reconnect, to another
 * process) so the server can close, then drops the subscriber connection.
 */
export function closeLive() {
  const live = globalForLive.__nearshopLive;
  if (!live) return;
  globalForLive.__nearshopLive = undefined;
  for (const set of live.listeners.values()) for (const l of set) l.onClose();
  live.sub.disconnect();
}
