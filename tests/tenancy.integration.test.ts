import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../server/db/generated/client.ts";
import { db, inShop, shopDb } from "../server/db/client.server";
import { scopeToShop, TENANT_MODELS, TenantScopeError } from "../server/db/tenancy";
import { addMember, createShop, createUser } from "../server/db/factories";

let a: Awaited<ReturnType<typeof createShop>>;
let b: Awaited<ReturnType<typeof createShop>>;
let bMembershipId: string;

beforeAll(async () => {
  a = await createShop({ name: "Shop A" });
  b = await createShop({ name: "Shop B" });
  const bob = await createUser();
  bMembershipId = (await addMember(b.id, bob.id, "cashier")).id;
});

describe("layer 3: PostgreSQL row-level security, with layers 1-2 bypassed", () => {
  const app = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });
  beforeAll(() => app.connect());
  afterAll(() => app.end());

  async function asShop<T>(shopId: string | null, fn: () => Promise<T>): Promise<T> {
    await app.query("BEGIN");
    try {
      if (shopId) await app.query("SELECT set_config('app.shop_id', $1, true)", [shopId]);
      return await fn();
    } finally {
      await app.query("ROLLBACK");
    }
  }

  it("connects as a role that is neither superuser nor owner of the tenant tables", async () => {
    const r = await app.query(
      "SELECT rolsuper, rolbypassrls, (SELECT bool_or(tableowner = current_user) FROM pg_tables WHERE tablename IN ('memberships','invitations')) AS owns FROM pg_roles WHERE rolname = current_user",
    );
    expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owns: false });
  });

  it.each(["memberships", "invitations", "location_hours", "location_exceptions", "search_facets", "favourite_shops", "saved_addresses", "sms_messages"])(
    "%s has RLS enabled",
    async (table) => {
      const r = await app.query("SELECT relrowsecurity FROM pg_class WHERE relname = $1", [table]);
      expect(r.rows[0]?.relrowsecurity).toBe(true);
    },
  );

  it("with shop A's setting, a plain SELECT returns none of shop B's rows", async () => {
    const rows = await asShop(a.id, async () => (await app.query("SELECT shop_id FROM memberships")).rows);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.shop_id === a.id)).toBe(true);
  });

  it("without a setting, nothing is visible", async () => {
    const rows = await asShop(null, async () => (await app.query("SELECT 1 FROM memberships")).rows);
    expect(rows).toHaveLength(0);
  });

  it("with shop A's setting, shop B's rows cannot be updated, deleted or inserted", async () => {
    await asShop(a.id, async () => {
      const upd = await app.query("UPDATE memberships SET role = 'owner' WHERE id = $1", [bMembershipId]);
      expect(upd.rowCount).toBe(0);
      const del = await app.query("DELETE FROM memberships WHERE shop_id = $1", [b.id]);
      expect(del.rowCount).toBe(0);
    });
    const user = await createUser();
    await expect(
      asShop(a.id, () =>
        app.query("INSERT INTO memberships (shop_id, id, user_id, role, updated_at) VALUES ($1, gen_random_uuid(), $2, 'owner', now())", [b.id, user.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    const stillCashier = await inShop(b.id, (tx) => tx.membership.findFirst({ where: { id: bMembershipId }, select: { role: true } }));
    expect(stillCashier?.role).toBe("cashier");
  });
});

describe("layer 2: the Prisma extension, with RLS bypassed (owner connection)", () => {
  // Connected as the database owner, so PostgreSQL does not filter: only the
  // extension stands between shop A and shop B here.
  const owner = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
  afterAll(() => owner.$disconnect());

  it("the owner connection really sees every shop (the control)", async () => {
    const shops = new Set((await owner.membership.findMany({ select: { shopId: true } })).map((m) => m.shopId));
    expect(shops).toEqual(new Set([a.id, b.id]));
  });

  it("scoped reads return only shop A's rows, and B's ids are not found", async () => {
    const scoped = owner.$extends(scopeToShop(a.id));
    const rows = await scoped.membership.findMany({ select: { shopId: true } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.shopId === a.id)).toBe(true);
    expect(await scoped.membership.findFirst({ where: { id: bMembershipId } })).toBeNull();
    await expect(scoped.membership.count({ where: { shopId: b.id } })).rejects.toThrow(TenantScopeError);
  });

  it("scoped bulk writes do not touch shop B, and writes stamped for B are refused", async () => {
    const scoped = owner.$extends(scopeToShop(a.id));
    const r = await scoped.membership.updateMany({ where: { id: bMembershipId }, data: { role: "manager" } });
    expect(r.count).toBe(0);
    await expect(scoped.membership.deleteMany({ where: { shopId: b.id } })).rejects.toThrow(TenantScopeError);
    expect((await scoped.membership.deleteMany({ where: { id: bMembershipId } })).count).toBe(0);
    const user = await createUser();
    await expect(scoped.membership.create({ data: { shopId: b.id, userId: user.id, role: "owner" } })).rejects.toThrow(TenantScopeError);
    expect((await owner.membership.findFirst({ where: { id: bMembershipId } }))?.role).toBe("cashier");
  });

  it.each(TENANT_MODELS)("%s queried without a shop scope is an error", async (model) => {
    const delegate = (db as unknown as Record<string, { findMany(a: object): Promise<unknown> }>)[model[0]!.toLowerCase() + model.slice(1)]!;
    await expect(delegate.findMany({})).rejects.toThrow(TenantScopeError);
  });
});

describe("layers 2 and 3 together through shopDb", () => {
  it("shop A's client sees only A, and creates rows for A", async () => {
    const rows = await shopDb(a.id).membership.findMany({ select: { shopId: true } });
    expect(rows.every((r) => r.shopId === a.id)).toBe(true);
    expect(await shopDb(a.id).membership.findFirst({ where: { id: bMembershipId } })).toBeNull();
    const u = await createUser();
    const m = await shopDb(a.id).membership.create({ data: { userId: u.id, role: "cashier" } as never, select: { shopId: true } });
    expect(m.shopId).toBe(a.id);
  });
});
