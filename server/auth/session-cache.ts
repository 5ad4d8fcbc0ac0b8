import { LRUCache } from "lru-cache";
import pg from "pg";

/** Triggers on sessions and users notify here with the user's id (migration 20261203071000_auth_notify). */
export const AUTH_CHANNEL = "nearshop_auth";

const RETRY_MS = 1000;

/**
 * Validated sessions, remembered for a few seconds per web process, so that
 * a request from a session seen a moment ago makes no round trip for it
 * (issue 21; docs/decisions). Correct only while this process hears every
 * change: a dedicated connection LISTENs on AUTH_CHANNEL, where triggers on
 * sessions (deleted, expiry changed) and users (email, name, admin flag,
 * password changed; deleted) name the user; every cached session of that
 * user is then forgotten. Until the connection is listening, and whenever it
 * drops, nothing is cached or served from the cache. An invalidation also
 * bumps `generation`, so a read that started before it cannot store what it
 * read after it.
 *
 * LISTEN needs a session connection: behind a transaction-mode pooler, point
 * `connectionString` at PostgreSQL itself (or turn the cache off).
 */
export class SessionCache<V extends { userId: string }> {
  private readonly entries: LRUCache<string, V>;
  private readonly byUser = new Map<string, Set<string>>();
  private client: pg.Client | null = null;
  private listening = false;
  private retryAt = 0;
  private waiters: ((userId: string) => void)[] = [];
  generation = 0;

  constructor(private readonly options: { connectionString: string; ttlMs: number; max?: number }) {
    this.entries = new LRUCache<string, V>({
      max: options.max ?? 20_000,
      ttl: options.ttlMs,
      dispose: (value, key) => this.unindex(value.userId, key),
    });
  }

  /** A cached session, or undefined (and the listener started, if it is not). */
  get(sessionId: string): V | undefined {
    if (!this.listening) {
      this.listen();
      return undefined;
    }
    return this.entries.get(sessionId);
  }

  /** Keeps what a read found, unless something was invalidated since the read began (`generation` then). */
  set(sessionId: string, value: V, generation: number) {
    if (!this.listening || generation !== this.generation) return;
    this.entries.set(sessionId, value);
    let ids = this.byUser.get(value.userId);
    if (!ids) this.byUser.set(value.userId, (ids = new Set()));
    ids.add(sessionId);
  }

  forgetSession(sessionId: string) {
    this.generation++;
    this.entries.delete(sessionId);
  }

  forgetUser(userId: string) {
    this.generation++;
    for (const id of [...(this.byUser.get(userId) ?? [])]) this.entries.delete(id);
    this.byUser.delete(userId);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(userId);
  }

  /** Resolves with the next user whose sessions another process (or this one) invalidated: for tests. */
  nextInvalidation(): Promise<string> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Resolves once the listener is up (tests; the cache starts by itself otherwise). */
  async ready() {
    for (let i = 0; i < 100 && !this.listening; i++) {
      this.retryAt = 0;
      this.listen();
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.listening;
  }

  async close() {
    const client = this.client;
    this.drop();
    this.retryAt = Number.POSITIVE_INFINITY;
    await client?.end().catch(() => {});
  }

  private listen() {
    if (this.client || Date.now() < this.retryAt) return;
    const client = new pg.Client({ connectionString: this.options.connectionString });
    this.client = client;
    const fail = () => {
      if (this.client !== client) return;
      this.drop();
      this.retryAt = Date.now() + RETRY_MS;
      client.end().catch(() => {});
    };
    client.on("error", fail);
    client.on("end", fail);
    client.on("notification", (n) => {
      if (n.channel === AUTH_CHANNEL && n.payload) this.forgetUser(n.payload);
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${AUTH_CHANNEL}`))
      .then(() => {
        if (this.client !== client) return;
        // The connection does not keep the process alive.
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
        this.listening = true;
      }, fail);
  }

  /** Not listening: whatever is cached may be stale. */
  private drop() {
    this.listening = false;
    this.client = null;
    this.generation++;
    this.entries.clear();
    this.byUser.clear();
  }

  private unindex(userId: string, sessionId: string) {
    const ids = this.byUser.get(userId);
    ids?.delete(sessionId);
    if (ids && !ids.size) this.byUser.delete(userId);
  }
}
