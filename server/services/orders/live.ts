import { z } from "zod";
import { parseRows } from "../../db/rows";
import { Redis } from "ioredis";
import { env } from "../../env.server";
import { logger } from "../../logger";
import { redis } from "../../redis.server";
import { baseDb } from "../../db/client.server";

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

/** On the same channel: someone's access to the shop changed (removed, new role). */
type AccessChange = { kind: "access"; userId: string };

/**
 * Tells every board stream of the shop that this person's access changed:
 * their streams end at once (a browser reconnects, and the reconnection is
 * checked like any request, so a removed member gets nothing more).
 */
export async function publishAccessChange(shopId: string, userId: string) {
  try {
    await redis.publish(channel(shopId), JSON.stringify({ kind: "access", userId } satisfies AccessChange));
  } catch (error) {
    logger.warn("order board: could not publish an access change", { shopId, error: String(error) });
  }
}

type Listener = { onChange: (change: OrderChange) => void; onClose: () => void; onAccessChange?: (userId: string) => void };
const globalForLive = globalThis as unknown as { __nearshopLive?: { sub: Redis; listeners: Map<string, Set<Listener>> } };

function hub() {
  if (!globalForLive.__nearshopLive) {
    const sub = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
    sub.on("error", () => {});
    const listeners = new Map<string, Set<Listener>>();
    sub.on("message", (ch: string, message: string) => {
      const set = listeners.get(ch);
      if (!set) return;
      let change: OrderChange | AccessChange;
      try {
        change = JSON.parse(message) as OrderChange | AccessChange;
      } catch {
        return;
      }
      if ("kind" in change && change.kind === "access") {
        for (const l of [...set]) l.onAccessChange?.(change.userId);
        return;
      }
      for (const l of set) l.onChange(change as OrderChange);
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
 * For a board stream's periodic check (a missed access message, a session
 * ended elsewhere): is this session still live and its user still a member?
 */
export async function boardStillAllowed(shopId: string, userId: string, sessionId: string | null): Promise<boolean> {
  if (!sessionId) return false;
  const [row] = parseRows(
    z.object({ ok: z.boolean() }),
    await baseDb.$queryRaw`
    SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ${sessionId} AND user_id = ${userId}::uuid AND expires_at > now())
       AND member_role(${shopId}::uuid, ${userId}::uuid) IS NOT NULL AS ok`,
  );
  return row?.ok === true;
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
