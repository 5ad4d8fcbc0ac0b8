import { z } from "zod";
import { baseDb, db, inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { env } from "../../env.server";
import { productDocs, publicShop, shopDoc } from "./documents";
import { PostgresEngine } from "./postgres";
import type { SearchEngine } from "./types";
import { TypesenseEngine } from "./typesense";

let current: SearchEngine | undefined;

/** Typesense when TYPESENSE_URL is set, else the embedded PostgreSQL engine. */
export function searchEngine(): SearchEngine {
  return (current ??= env.TYPESENSE_URL ? TypesenseEngine.fromUrl(env.TYPESENSE_URL, env.TYPESENSE_API_KEY ?? "") : new PostgresEngine());
}

const PAGE = 1000;

/**
 * Brings the given products of a shop in line with the database: active
 * ones are written, the others (draft, archived, deleted, no variant) are
 * removed. Documents come from the current rows, not from the event, so a
 * replayed or out-of-order event does no harm.
 */
export async function syncProducts(engine: SearchEngine, shopId: string, productIds: string[], options: { shopDoc: boolean }) {
  const loaded = await inShop(shopId, async (tx) => {
    const shop = await publicShop(tx, shopId);
    if (!shop) return null;
    return { docs: await productDocs(tx, shop, { ids: productIds }), shop: options.shopDoc ? await shopDoc(tx, shop) : null };
  });
  if (!loaded) {
    await engine.removeShop(shopId);
    return { indexed: 0, removed: productIds.length };
  }
  const kept = new Set(loaded.docs.map((d) => d.id));
  const gone = productIds.filter((id) => !kept.has(id));
  await engine.upsertProducts(shopId, loaded.docs);
  await engine.removeProducts(shopId, gone);
  if (loaded.shop) await engine.upsertShop(loaded.shop);
  return { indexed: loaded.docs.length, removed: gone.length };
}

/** The shop's document and all its products, page by page. */
export async function syncShop(engine: SearchEngine, shopId: string) {
  const shop = await inShop(shopId, (tx) => publicShop(tx, shopId));
  if (!shop) {
    await engine.removeShop(shopId);
    return 0;
  }
  let after: string | null = null;
  let total = 0;
  const keep = new Set<string>();
  for (;;) {
    const docs = await inShop(shopId, (tx) => productDocs(tx, shop, { after, limit: PAGE }));
    if (!docs.length) break;
    for (const d of docs) keep.add(d.id);
    await engine.upsertProducts(shopId, docs);
    total += docs.length;
    after = docs[docs.length - 1]?.id ?? null;
    if (docs.length < PAGE) break;
  }
  await engine.retainProducts(shopId, [...keep]);
  await engine.upsertShop(await inShop(shopId, (tx) => shopDoc(tx, shop)));
  return total;
}

/**
 * Every active shop, then the shops that left removed. Calls `progress` after each shop.
 *
 * Changes made while the new index fills reach the index readers still use
 * (Typesense: the old collections), not the new one. So once the rebuild
 * has switched, every shop with a search-index event since it started is
 * synced again: the rebuild ends with the index equal to the database.
 */
export async function reindexAll(engine: SearchEngine, progress: (done: number, total: number, products: number) => unknown = () => {}) {
  const [{ now: startedAt } = { now: new Date() }] = parseRows(z.object({ now: z.date() }), await baseDb.$queryRaw`SELECT now() AS now`);
  const shops = await db.shop.findMany({ where: { status: "active" }, select: { id: true }, orderBy: { id: "asc" } });
  let products = 0;
  await engine.rebuild(async (target) => {
    let done = 0;
    for (const s of shops) {
      products += await syncShop(target, s.id);
      await progress(++done, shops.length, products);
    }
    const active = new Set(shops.map((s) => s.id));
    for (const id of await target.storedShopIds()) if (!active.has(id)) await target.removeShop(id);
  });
  const changed = parseRows(
    z.object({ shop_id: z.string() }),
    await baseDb.$queryRaw`
      SELECT DISTINCT shop_id FROM outbox WHERE queue = 'search-index' AND shop_id IS NOT NULL AND created_at >= ${startedAt}`,
  );
  for (const { shop_id } of changed) await syncShop(engine, shop_id);
  return { shops: shops.length, products, caughtUp: changed.length };
}

export interface Inconsistency {
  shopId: string;
  productId: string | null;
  problem: "missing" | "extra" | "different";
  detail?: string;
}

/** Lists documents that differ from the database (nothing is changed). */
export async function checkConsistency(engine: SearchEngine): Promise<{ checked: number; problems: Inconsistency[] }> {
  const shops = await db.shop.findMany({ where: { status: "active" }, select: { id: true } });
  const problems: Inconsistency[] = [];
  let checked = 0;
  const active = new Set(shops.map((s) => s.id));
  for (const id of await engine.storedShopIds())
    if (!active.has(id)) problems.push({ shopId: id, productId: null, problem: "extra", detail: "shop is not active" });
  for (const { id: shopId } of shops) {
    const stored = new Map((await engine.storedProducts(shopId)).map((d) => [d.id, d]));
    const shop = await inShop(shopId, (tx) => publicShop(tx, shopId));
    if (!shop) continue;
    let after: string | null = null;
    for (;;) {
      const docs = await inShop(shopId, (tx) => productDocs(tx, shop, { after, limit: PAGE }));
      for (const d of docs) {
        checked++;
        const s = stored.get(d.id);
        stored.delete(d.id);
        if (!s) problems.push({ shopId, productId: d.id, problem: "missing" });
        else {
          const fields = (["title", "minPrice", "maxPrice", "available", "categoryId"] as const).filter((k) => s[k] !== d[k]);
          if (fields.length) problems.push({ shopId, productId: d.id, problem: "different", detail: fields.join(", ") });
        }
      }
      if (docs.length < PAGE) break;
      after = docs[docs.length - 1]?.id ?? null;
    }
    for (const id of stored.keys()) problems.push({ shopId, productId: id, problem: "extra" });
  }
  return { checked, problems };
}
