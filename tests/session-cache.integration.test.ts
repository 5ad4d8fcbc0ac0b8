// Sessions cached for a few seconds per web process (issue 21): two app
// instances (two Prisma clients, two caches, two listeners) share one
// database; whatever ends a session in one, or anywhere else, is refused by
// the other at its next request.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaSessionAdapter, type SessionRow } from "../server/auth/session-adapter";
import { SessionCache } from "../server/auth/session-cache";
import { PrismaClient } from "../server/db/generated/client.ts";
import { refuseTenantModels } from "../server/db/tenancy";
import { addMember, createShop, createUser } from "../server/db/factories";
import { changePassword } from "../server/services/accounts/passwords";
import { startSession } from "../server/services/accounts/sessions";
import { createCaller } from "../server/trpc/root";

const url = process.env.APP_DATABASE_URL as string;
const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });

function instance() {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  const cache = new SessionCache<SessionRow>({ connectionString: url, ttlMs: 60_000 });
  return { client, cache, store: new PrismaSessionAdapter(client.$extends(refuseTenantModels), cache) };
}
const a = instance();
const b = instance();

const idOf = (cookie: string) => /nearshop_session=([^;]+)/.exec(cookie)?.[1] as string;
const nameOf = async (store: PrismaSessionAdapter, id: string) => (await store.getSessionAndUser(id))[1]?.attributes.name ?? null;

/** Waits for the cache to hear of the user (a notification from the database), at most a second. */
async function heard(cache: SessionCache<SessionRow>, userId: string, change: () => Promise<unknown>) {
  const next = cache.nextInvalidation();
  const t0 = performance.now();
  await change();
  const who = await Promise.race([next, new Promise((r) => setTimeout(() => r("timeout"), 1000))]);
  expect(who).toBe(userId);
  return performance.now() - t0;
}

beforeAll(async () => {
  await owner.connect();
  expect(await a.cache.ready()).toBe(true);
  expect(await b.cache.ready()).toBe(true);
});
afterAll(async () => {
  await a.cache.close();
  await b.cache.close();
  await a.client.$disconnect();
  await b.client.$disconnect();
  await owner.end();
});

describe("the session cache", () => {
  it("serves a session seen a moment ago without a round trip", async () => {
    const user = await createUser({ name: "Cached Carla" });
    const id = idOf(await startSession(user.id));
    expect(await nameOf(a.store, id)).toBe("Cached Carla");
    // Deleted with triggers off (no one told): the cache still answers, so it did not ask the database.
    await owner.query("SET session_replication_role = replica");
    await owner.query("DELETE FROM sessions WHERE id = $1", [id]);
    await owner.query("SET session_replication_role = DEFAULT");
    expect(await nameOf(a.store, id)).toBe("Cached Carla");
    expect(await b.store.getSessionAndUser(id)).toEqual([null, null]);
  });

  it("ends a session revoked in one instance in the other at once", async () => {
    const user = await createUser({ name: "Logged-out Louis" });
    const id = idOf(await startSession(user.id));
    expect(await nameOf(a.store, id)).toBe("Logged-out Louis");
    expect(await nameOf(b.store, id)).toBe("Logged-out Louis");
    const ms = await heard(b.cache, user.id, () => a.store.deleteSession(id));
    expect(await a.store.getSessionAndUser(id)).toEqual([null, null]);
    expect(await b.store.getSessionAndUser(id)).toEqual([null, null]);
    expect(ms).toBeLessThan(1000);
  });

  it("ends every session when the password changes, and serves a new name after a rename", async () => {
    const user = await createUser({ name: "Renamed Rita", password: "old password 123" });
    const first = idOf(await startSession(user.id));
    expect(await nameOf(b.store, first)).toBe("Renamed Rita");
    await heard(b.cache, user.id, () => owner.query("UPDATE users SET name = 'Rita Renamed' WHERE id = $1", [user.id]));
    expect(await nameOf(b.store, first)).toBe("Rita Renamed");
    await heard(b.cache, user.id, () => changePassword(user.id, { currentPassword: "old password 123", newPassword: "new password 456" }, {}));
    expect(await b.store.getSessionAndUser(first)).toEqual([null, null]);
  });

  it("ends a session deleted by anyone else (the retention job, an erasure, SQL)", async () => {
    const user = await createUser({ name: "Erased Eve" });
    const id = idOf(await startSession(user.id));
    expect(await nameOf(b.store, id)).toBe("Erased Eve");
    await heard(b.cache, user.id, () => owner.query("DELETE FROM users WHERE id = $1", [user.id]));
    expect(await b.store.getSessionAndUser(id)).toEqual([null, null]);
  });

  it("caches nothing while it cannot listen", async () => {
    const c = instance();
    await c.cache.close();
    const user = await createUser({ name: "Unheard Uma" });
    const id = idOf(await startSession(user.id));
    expect(await nameOf(c.store, id)).toBe("Unheard Uma");
    await owner.query("DELETE FROM sessions WHERE id = $1", [id]);
    expect(await c.store.getSessionAndUser(id)).toEqual([null, null]);
    await c.client.$disconnect();
  });

  it("refuses a member whose role was removed at their next call, with the session cached", async () => {
    const shop = await createShop({ name: "Role Removal Shop" });
    const cashier = await createUser({ name: "Removed Rob" });
    await addMember(shop.id, cashier.id, "cashier");
    const id = idOf(await startSession(cashier.id));
    const [session, user] = await a.store.getSessionAndUser(id);
    const caller = () =>
      createCaller({
        user: { id: cashier.id, email: user?.attributes.email ?? "", name: user?.attributes.name ?? "", isPlatformAdmin: false, locale: null },
        sessionId: session?.id ?? null,
        ip: "203.0.113.21",
        memo: new Map(),
      });
    expect((await caller().shops.current({ shopSlug: shop.slug })).role).toBe("cashier");
    await owner.query("DELETE FROM memberships WHERE shop_id = $1 AND user_id = $2", [shop.id, cashier.id]);
    await expect(caller().shops.current({ shopSlug: shop.slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
