import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { RegisterSaleInput } from "../../../server/schemas/registers";
import type { ExchangeCredit, Parked, Person, Receipt, TillItem } from "./reducer";
import { readParked } from "./parked";

/** A PIN verifier as the register keeps it (server/services/registers/pins.ts). */
export type Verifier = Person & { verifier: string };
export type Block = { start: number; end: number };
export type Meta = {
  cursor: string;
  /** The feed's shape the copy was made with: below FEED_VERSION, the whole catalog is read again (version 2 added categories). */
  feedVersion?: number;
  staff: Verifier[];
  blocks: Block[];
  /** The last time the server answered: offline time counts from here. */
  lastContact: number;
  /**
   * Wrong PINs typed with no network, by verifier (a new PIN is a new
   * verifier, and starts again at none). Kept here rather than in the
   * page's memory, so a reload does not give whoever holds the device
   * five more tries.
   */
  misses?: { verifier: string; count: number }[];
  /** The last sale's receipt, to print again after "New sale" (and after a reload). */
  lastReceipt?: Receipt;
  /**
   * An exchange credit not spent yet: the return is recorded on the server,
   * so a reload must not lose what the customer is owed. Cleared by the sale
   * that spends it.
   */
  exchange?: ExchangeCredit;
};
export type Queued = { sale: RegisterSaleInput; receipt: Receipt; error?: string };

interface TillDb extends DBSchema {
  variants: { key: string; value: TillItem & { skuKey: string }; indexes: { barcode: string; sku: string } };
  meta: { key: string; value: Meta };
  queue: { key: string; value: Queued; indexes: { receipt: number } };
  /** Sales put aside (version 2). */
  parked: { key: string; value: Parked };
}

export type TillStore = IDBPDatabase<TillDb>;

/**
 * The register's copy in the browser, one database per register: the
 * catalog (by barcode and SKU), what the last sync said, and the sales not
 * yet sent. Reloading or closing the tab loses none of it.
 */
export function openTill(registerId: string): Promise<TillStore> {
  // Each version adds to what the one before made: a register opened at
  // version 1 keeps its catalog, its numbers and its queue of unsent sales.
  return openDB<TillDb>(`nearshop-register-${registerId}`, 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const variants = db.createObjectStore("variants", { keyPath: "variantId" });
        variants.createIndex("barcode", "barcode");
        variants.createIndex("sku", "skuKey");
        db.createObjectStore("meta");
        db.createObjectStore("queue", { keyPath: "sale.clientRef" }).createIndex("receipt", "sale.receipt");
      }
      if (oldVersion < 2) db.createObjectStore("parked", { keyPath: "id" });
    },
    // Another tab still holds version 1 open: it closes its copy so this one can upgrade (it opens again on reload).
    blocking() {
      window.location.reload();
    },
  });
}

/** The parked sales, oldest first (any that do not read as one are left out). */
export async function loadParked(db: TillStore): Promise<Parked[]> {
  return readParked(await db.getAll("parked")).sort((a, b) => a.parkedAt.localeCompare(b.parkedAt));
}

/** Keeps exactly these parked sales, in one transaction. */
export async function saveParked(db: TillStore, parked: Parked[]) {
  const tx = db.transaction("parked", "readwrite");
  await tx.store.clear();
  for (const p of parked) await tx.store.put(p);
  await tx.done;
}

export async function readMeta(db: TillStore): Promise<Meta> {
  return (await db.get("meta", "meta")) ?? { cursor: "0", staff: [], blocks: [], lastContact: 0 };
}

export async function updateMeta(db: TillStore, change: (m: Meta) => Meta) {
  const tx = db.transaction("meta", "readwrite");
  const m = (await tx.store.get("meta")) ?? { cursor: "0", staff: [], blocks: [], lastContact: 0 };
  await tx.store.put(change(m), "meta");
  await tx.done;
}

/** Applies a page of the catalog feed. */
export async function applyFeed(db: TillStore, changed: TillItem[], removed: string[], cursor: string) {
  const tx = db.transaction(["variants", "meta"], "readwrite");
  const variants = tx.objectStore("variants");
  for (const v of changed) void variants.put({ ...v, skuKey: v.sku.toUpperCase() });
  for (const id of removed) void variants.delete(id);
  const meta = tx.objectStore("meta");
  const m = (await meta.get("meta")) ?? { cursor: "0", staff: [], blocks: [], lastContact: 0 };
  await meta.put({ ...m, cursor, lastContact: Date.now() }, "meta");
  await tx.done;
}

export const FEED_VERSION = 2;

/** The register's copy for the tiles: up to `max` items, by category and title. */
export async function localTiles(db: TillStore, max = 500): Promise<TillItem[]> {
  const all = (await db.getAll("variants", undefined, max)) as TillItem[];
  return all.sort((a, b) => (a.category ?? "~").localeCompare(b.category ?? "~") || a.title.localeCompare(b.title));
}

/** A scan (barcode or exact SKU) from the local copy; then titles and SKUs containing the text. */
export async function lookupLocal(db: TillStore, text: string): Promise<TillItem[]> {
  const byBarcode = await db.getFromIndex("variants", "barcode", text);
  if (byBarcode) return [byBarcode];
  const bySku = await db.getFromIndex("variants", "sku", text.toUpperCase());
  if (bySku) return [bySku];
  const needle = text.toLowerCase();
  const out: TillItem[] = [];
  let cursor = await db.transaction("variants").store.openCursor();
  while (cursor && out.length < 20) {
    const v = cursor.value;
    if (v.title.toLowerCase().includes(needle) || v.skuKey.includes(text.toUpperCase())) out.push(v);
    cursor = await cursor.continue();
  }
  return out;
}

/**
 * Takes the register's next receipt number and queues the sale under it, in
 * one transaction: two tabs of one register never take the same number, and
 * a sale is never numbered without being kept. Null when no number is left
 * (the register must reach the server for a new block).
 */
export async function queueSale(db: TillStore, make: (receipt: number) => Queued): Promise<Queued | null> {
  const tx = db.transaction(["meta", "queue", "variants"], "readwrite");
  const meta = tx.objectStore("meta");
  const m = await meta.get("meta");
  // The lowest number first, whatever order the blocks arrived in.
  const blocks = m ? [...m.blocks].sort((x, y) => x.start - y.start) : [];
  const block = blocks[0];
  if (!m || !block) {
    tx.abort();
    await tx.done.catch(() => undefined);
    return null;
  }
  const queued = make(block.start);
  const rest = block.start + 1 < block.end ? [{ start: block.start + 1, end: block.end }, ...blocks.slice(1)] : blocks.slice(1);
  await meta.put({ ...m, blocks: rest }, "meta");
  await tx.objectStore("queue").put(queued);
  // What was sold leaves the register's copy of the stock too, so the next
  // sale offline sees it (the next catalog sync brings the server's count).
  const variants = tx.objectStore("variants");
  for (const item of queued.sale.items) {
    // A custom amount has no stock.
    if (!item.variantId) continue;
    const v = await variants.get(item.variantId);
    if (v) await variants.put({ ...v, available: v.available - item.quantity });
  }
  await tx.done;
  return queued;
}

/** Keeps a new block of numbers, in number order (a block already held is not added twice). */
export async function addBlock(db: TillStore, block: Block) {
  await updateMeta(db, (m) => ({
    ...m,
    blocks: m.blocks.some((b) => b.start === block.start) ? m.blocks : [...m.blocks, block].sort((x, y) => x.start - y.start),
    lastContact: Date.now(),
  }));
}

export async function numbersLeft(db: TillStore) {
  return (await readMeta(db)).blocks.reduce((n, b) => n + (b.end - b.start), 0);
}

/** Wrong PINs typed offline against this verifier so far. */
export async function missesOf(db: TillStore, verifier: string) {
  return (await readMeta(db)).misses?.find((m) => m.verifier === verifier)?.count ?? 0;
}

/** Counts one more wrong PIN (or, with `reset`, forgets them after a right one); the new count. */
export async function countMiss(db: TillStore, verifier: string, reset = false): Promise<number> {
  let count = 0;
  await updateMeta(db, (m) => {
    const others = (m.misses ?? []).filter((x) => x.verifier !== verifier);
    count = reset ? 0 : ((m.misses ?? []).find((x) => x.verifier === verifier)?.count ?? 0) + 1;
    return { ...m, misses: count ? [...others, { verifier, count }] : others };
  });
  return count;
}

export function waitingSales(db: TillStore) {
  return db.getAllFromIndex("queue", "receipt");
}
