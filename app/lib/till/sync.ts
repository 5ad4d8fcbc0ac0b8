import type { SyncOutcome } from "../../../server/services/registers/sync";
import type { Feed } from "../../../server/services/registers/feed";
import { addBlock, applyFeed, FEED_VERSION, numbersLeft, readMeta, updateMeta, waitingSales, type Block, type TillStore, type Verifier } from "./store";

/** The network failed (or the server is down): the till goes on offline. */
export class Offline extends Error {}
/** The server answered with a refusal. */
export class Refused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

type Answer<T> = { result?: { data: T }; error?: { message: string; data?: { httpStatus?: number; fieldErrors?: Record<string, string> } } };

/** One call to a till procedure; the register's cookie goes with it. */
export async function call<T>(path: string, input: unknown, method: "GET" | "POST"): Promise<T> {
  let res: Response;
  try {
    res =
      method === "GET"
        ? await fetch(`/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { credentials: "same-origin" })
        : await fetch(`/api/trpc/${path}`, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(input ?? null),
          });
  } catch {
    throw new Offline("No network");
  }
  // A proxy or a stopped server answers 502-504: as good as no network.
  if (res.status >= 502 && res.status <= 504) throw new Offline(`Server unreachable (${res.status})`);
  let body: Answer<T>;
  try {
    body = (await res.json()) as Answer<T>;
  } catch {
    throw new Offline("The answer was cut off");
  }
  if (!res.ok || !body.result) throw new Refused(body.error?.message ?? `Refused (${res.status})`, res.status, body.error?.data?.fieldErrors ?? {});
  return body.result.data;
}

/** Brings the local catalog up to date: only what changed since the last cursor. */
export async function refreshCatalog(db: TillStore) {
  const meta = await readMeta(db);
  // A copy made before the feed carried categories is read again from the start (its items keep selling meanwhile).
  let cursor = (meta.feedVersion ?? 1) < FEED_VERSION ? "0" : meta.cursor;
  for (;;) {
    const page = await call<Feed>("till.feed", { cursor, limit: 2000 }, "GET");
    await applyFeed(db, page.changed, page.removed, page.cursor);
    cursor = page.cursor;
    if (!page.more) {
      if ((meta.feedVersion ?? 1) < FEED_VERSION) await updateMeta(db, (m) => ({ ...m, feedVersion: FEED_VERSION }));
      return;
    }
  }
}

/**
 * Runs `work` alone among the tabs of this register's till (the browser's Web
 * Locks where it has them), so two syncs never ask for numbers at once.
 */
export async function alone<T>(db: TillStore, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (!locks) return work();
  return locks.request(`nearshop-sync:${db.name}`, work) as Promise<T>;
}

/**
 * Keeps enough receipt numbers in hand to sell a day offline. Under the tab
 * lock: two syncs at once would each fetch a block, and the register would
 * hold numbers it never needed.
 */
export async function ensureNumbers(db: TillStore, low = 25) {
  await alone(db, async () => {
    while ((await numbersLeft(db)) < low) await addBlock(db, await call<Block>("till.block", undefined, "POST"));
  });
}

export async function refreshStaff(db: TillStore) {
  const boot = await call<{ staff: Verifier[] }>("till.boot", undefined, "GET");
  await updateMeta(db, (m) => ({ ...m, staff: boot.staff, lastContact: Date.now() }));
}

/**
 * Sends the waiting sales in receipt order, 50 at a time. A sale leaves the
 * queue only once the server answered for it; a lost answer means it is
 * sent again, and the server answers with what it made the first time.
 */
export async function pushQueue(db: TillStore): Promise<SyncOutcome[]> {
  const out: SyncOutcome[] = [];
  const queued = (await waitingSales(db)).filter((q) => !q.error);
  for (let i = 0; i < queued.length; i += 50) {
    const chunk = queued.slice(i, i + 50);
    const { results } = await call<{ results: SyncOutcome[] }>("till.sync", { sales: chunk.map((q) => q.sale) }, "POST");
    const tx = db.transaction(["queue", "meta"], "readwrite");
    for (const r of results) {
      if (r.status === "refused") {
        const q = await tx.objectStore("queue").get(r.clientRef);
        if (q) await tx.objectStore("queue").put({ ...q, error: r.error ?? "Refused" });
      } else {
        await tx.objectStore("queue").delete(r.clientRef);
      }
    }
    const m = await tx.objectStore("meta").get("meta");
    if (m) await tx.objectStore("meta").put({ ...m, lastContact: Date.now() }, "meta");
    await tx.done;
    out.push(...results);
  }
  return out;
}

/**
 * A PIN checked on the register with no network: PBKDF2 with WebCrypto
 * against the verifier the server sent (pins.ts makes it the same way).
 */
export async function pinMatches(verifier: string, pin: string): Promise<boolean> {
  const [alg, iterations, salt, hash] = verifier.split("$");
  if (alg !== "pbkdf2-sha256" || !iterations || !salt || !hash) return false;
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: fromBase64Url(salt), iterations: Number(iterations) }, key, 256);
  return toBase64Url(new Uint8Array(bits)) === hash;
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
