import { z } from "zod";
import { EVENTS, eventNameOf, type EventsOf } from "../server/services/outbox/events";
import { unknownJob } from "./queues";
import { searchEngine, syncProducts, syncShop } from "../server/services/search/indexer";

const BATCH_WAIT_MS = 20;
const BATCH_MAX = 500;

type Waiter = { resolve: (n: number) => void; reject: (e: unknown) => void };
type Pending = { ids: Set<string>; shopDoc: boolean; waiters: Waiter[] };

/**
 * Product changes arriving within a few milliseconds of each other (the
 * worker runs many search-index jobs at once) are indexed together: one
 * read and one write per shop instead of one per event. Each job finishes
 * when its batch is indexed, and fails (to be retried) if the batch fails.
 */
class ProductBatcher {
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;

  add(shopId: string, ids: string[], shopDoc: boolean): Promise<number> {
    return new Promise((resolve, reject) => {
      const p = this.pending.get(shopId) ?? { ids: new Set<string>(), shopDoc: false, waiters: [] };
      for (const id of ids) p.ids.add(id);
      p.shopDoc ||= shopDoc;
      p.waiters.push({ resolve, reject });
      this.pending.set(shopId, p);
      if (p.ids.size >= BATCH_MAX) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), BATCH_WAIT_MS);
    });
  }

  private async flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    await Promise.all(
      [...batch].map(async ([shopId, p]) => {
        try {
          const r = await syncProducts(searchEngine(), shopId, [...p.ids], { shopDoc: p.shopDoc });
          for (const w of p.waiters) w.resolve(r.indexed + r.removed);
        } catch (error) {
          for (const w of p.waiters) w.reject(error);
        }
      }),
    );
  }
}

const batcher = new ProductBatcher();

const eventSchema = z.object({ shopId: z.uuid(), payload: z.unknown() });

/** Each search-index event's work; the payload is re-read with the registry's schema. */
const handlers = {
  "product.changed": async (shopId: string, payload: unknown) => ({
    products: await batcher.add(shopId, EVENTS["product.changed"].payload.parse(payload).productIds, true),
  }),
  "stock.changed": async (shopId: string, payload: unknown) => ({
    products: await batcher.add(shopId, [EVENTS["stock.changed"].payload.parse(payload).productId], false),
  }),
  "shop.updated": async (shopId: string) => ({ products: await syncShop(searchEngine(), shopId) }),
  // Stock per location is read live on the product page; documents carry
  // the shop's own coordinates.
  "location.changed": async () => ({ skipped: "nothing indexed per location" }),
} satisfies Record<EventsOf<"search-index">, (shopId: string, payload: unknown) => Promise<unknown>>;

/** The search-index queue: keeps the search engine in line with the catalog. */
export async function handleSearchEvent(type: string, data: unknown): Promise<unknown> {
  const name = eventNameOf(type);
  if (!name || !Object.hasOwn(handlers, name)) return unknownJob("search-index", type);
  const { shopId, payload } = eventSchema.parse(data);
  return handlers[name as keyof typeof handlers](shopId, payload);
}
