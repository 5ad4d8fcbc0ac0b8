// Issue 17, "What a person can do" 3: the audit log. Back-office writes are
// recorded append-only with who, when, from where and before → after, in the
// same transaction as the change; owners read and export their shop's log,
// platform admins read every shop's. Over real HTTP to the production build.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { baseDb, inShop } from "../server/db/client.server";
import { withAuditActor } from "../server/services/audit/actor";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let other: Awaited<ReturnType<typeof createShop>>;
let ownerCookie: string;
let managerCookie: string;
let managerId: string;
let productId: string;
let variantId: string;
const dbOwner = new pg.Client({ connectionString: process.env.DATABASE_URL });
const app = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });

type Row = { kind: string; actorId: string | null; ip: string | null; userAgent: string | null; recordLabel: string | null; before: unknown; after: unknown };
type Listed = { rows: (Row & { actor: { email: string } | null })[]; nextCursor: string | null; people: { id: string }[] };

async function list(input: Record<string, unknown>, cookie = ownerCookie) {
  const r = await server.call("audit.list", { shopSlug: shop.slug, ...input }, { cookie, type: "query" });
  return { status: r.status, data: r.body.result?.data as Listed, error: r.body.error };
}

beforeAll(async () => {
  await dbOwner.connect();
  await app.connect();
  server = await startTestServer({ pages: true });
  shop = await createShop({ name: "Audit Bakery", timezone: "Europe/Paris" });
  other = await createShop({ name: "Other Bakery" });
  ownerCookie = await server.cookieFor(shop.ownerId);
  const manager = await createUser({ name: "Mia Manager" });
  managerId = manager.id;
  await addMember(shop.id, manager.id, "manager");
  managerCookie = await server.cookieFor(manager.id);
  const created = await server.call("catalog.create", { shopSlug: shop.slug, ...productInput({ title: "Rye loaf" }) }, { cookie: managerCookie });
  expect(created.status).toBe(200);
  productId = (created.body.result?.data as { id: string }).id;
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId }, select: { id: true } }))).id;
});
afterAll(async () => {
  await server.close();
  await dbOwner.end();
  await app.end();
});

describe("what is recorded", () => {
  it("a price change: who, when, from where, before → after", async () => {
    const product = (await server.call("catalog.get", { shopSlug: shop.slug, productId }, { cookie: managerCookie, type: "query" })).body.result?.data as {
      variants: { id: string; sku: string; price: number }[];
    } & Record<string, unknown>;
    const v = product.variants[0]!;
    const r = await server.call(
      "catalog.update",
      {
        shopSlug: shop.slug,
        productId,
        ...productInput({ title: "Rye loaf", variants: [{ optionValues: [], sku: v.sku, price: 345, taxClass: "standard" }] }),
      },
      { cookie: managerCookie },
    );
    expect(r.status).toBe(200);
    const { data } = await list({ kind: "variants.update" });
    expect(data.rows).toHaveLength(1);
    const row = data.rows[0]!;
    expect(row.after).toEqual({ price: 345 });
    expect(row.before).toEqual({ price: 250 });
    expect(row.actor?.email).toBe((await baseDb.user.findUniqueOrThrow({ where: { id: managerId } })).email);
    expect(row.ip).toMatch(/127\.0\.0\.1/);
    expect(row.userAgent).toBeTruthy();
    expect(row.recordLabel).toBe(v.sku);
  });

  it("staff and roles, settings and stock adjustments are recorded", async () => {
    await server.call("staff.invite", { shopSlug: shop.slug, email: "new.cashier@example.test", role: "cashier" }, { cookie: ownerCookie });
    await server.call(
      "inventory.adjust",
      { shopSlug: shop.slug, variantId, locationId: shop.locationId, delta: 7, reason: "recount" },
      { cookie: managerCookie },
    );
    await server.call(
      "orders.updateSellingSettings",
      {
        shopSlug: shop.slug,
        taxInclusive: true,
        taxStandard: 2000,
        taxReduced: 550,
        discountLimit: 1500,
        deliveryRadiusKm: 5,
        deliveryFee: 300,
        unpaidOrderMinutes: 30,
        pickupHoldHours: 48,
        tillSellsBelowStock: true,
      },
      { cookie: managerCookie },
    );
    const kinds = (await list({})).data.rows.map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(["invitations.insert", "stock_movements.insert", "shops.update", "products.insert", "variants.insert"]));
    const stock = (await list({ kind: "stock_movements.insert" })).data.rows[0]!;
    expect(stock.after).toMatchObject({ kind: "adjusted", on_hand_delta: 7, reason: "recount" });
    const settings = (await list({ kind: "shops.update" })).data.rows[0]!;
    expect(settings.after).toMatchObject({ discount_limit: 1500 });
    // Secrets never reach the log.
    const invite = (await list({ kind: "invitations.insert" })).data.rows[0]!;
    expect(JSON.stringify(invite.after)).not.toContain("token");
  });

  it("an export is recorded", async () => {
    const csv = await page(server.base, `/shop/${shop.slug}/products/export.csv`, { cookie: managerCookie });
    expect(csv.status).toBe(200);
    expect((await list({ kind: "export.products" })).data.rows).toHaveLength(1);
  });

  it("a change that fails leaves no entry (same transaction)", async () => {
    const before = (await list({})).data.rows.length;
    const actor = { userId: managerId, ip: "10.0.0.1", userAgent: "test", source: "back_office" as const };
    await expect(
      withAuditActor(actor, () =>
        inShop(shop.id, async (tx) => {
          await tx.product.updateMany({ where: { id: productId }, data: { title: "Never saved" } });
          throw new Error("rolled back");
        }),
      ),
    ).rejects.toThrow("rolled back");
    expect((await list({})).data.rows.length).toBe(before);
    // The same write committed is recorded.
    await withAuditActor(actor, () => inShop(shop.id, (tx) => tx.product.updateMany({ where: { id: productId }, data: { title: "Saved" } })));
    const row = (await list({ kind: "products.update" })).data.rows[0]!;
    expect(row).toMatchObject({ ip: "10.0.0.1", before: { title: "Rye loaf" }, after: { title: "Saved" } });
  });

  it("writes with no back-office actor (jobs, webhooks, a customer's checkout) are not back-office entries", async () => {
    const before = (await list({})).data.rows.length;
    await inShop(shop.id, (tx) => tx.product.updateMany({ where: { id: productId }, data: { title: "By a job" } }));
    expect((await list({})).data.rows.length).toBe(before);
  });

  it("a customer's personal details are never written into the log, only that they changed", async () => {
    const c = await server.call(
      "customers.create",
      { shopSlug: shop.slug, name: "Cleo Client", email: "cleo@example.test", phone: "+33 1 23 45 67 89" },
      { cookie: managerCookie },
    );
    expect(c.status).toBe(200);
    const row = (await list({ kind: "customers.insert" })).data.rows[0]!;
    expect(JSON.stringify(row)).not.toMatch(/Cleo|cleo@example/);
    expect(row.after).toMatchObject({ name: "(personal data)", email: "(personal data)" });
  });
});

describe("append-only", () => {
  it("the app role cannot update or delete entries, and no one can update one", async () => {
    await expect(app.query("UPDATE audit_events SET kind = 'x'")).rejects.toThrow(/permission denied/);
    await expect(app.query("DELETE FROM audit_events")).rejects.toThrow(/permission denied/);
    await expect(app.query("DELETE FROM platform_audit_events")).rejects.toThrow(/permission denied/);
    await expect(dbOwner.query("UPDATE audit_events SET kind = 'x'")).rejects.toThrow(/append-only/);
    await expect(dbOwner.query("UPDATE platform_audit_events SET kind = 'x'")).rejects.toThrow(/append-only/);
  });

  it("row-level security: with another shop's setting, none of this shop's entries are visible or insertable", async () => {
    await app.query("BEGIN");
    try {
      await app.query("SELECT set_config('app.shop_id', $1, true)", [other.id]);
      expect((await app.query("SELECT 1 FROM audit_events WHERE shop_id = $1", [shop.id])).rowCount).toBe(0);
      await expect(app.query("INSERT INTO audit_events (shop_id, source, kind) VALUES ($1, 'back_office', 'x')", [shop.id])).rejects.toThrow(
        /row-level security/,
      );
    } finally {
      await app.query("ROLLBACK");
    }
  });
});

describe("reading the log", () => {
  it("is for owners only", async () => {
    expect((await list({}, managerCookie)).status).toBe(403);
  });

  it("filters by person, kind, record and days in the shop's zone", async () => {
    const byManager = (await list({ person: managerId })).data.rows;
    expect(byManager.length).toBeGreaterThan(0);
    expect(byManager.every((r) => r.actor?.email !== undefined && r.kind !== "invitations.insert")).toBe(true);
    const byOwner = (await list({ person: shop.ownerId })).data.rows;
    expect(byOwner.map((r) => r.kind)).toContain("invitations.insert");
    expect((await list({ record: "recount" })).data.rows.map((r) => r.kind)).toEqual(["stock_movements.insert"]);
    // Today in Paris contains everything; the day before contains nothing.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    const all = (await list({})).data.rows.length;
    expect((await list({ from: today, to: today })).data.rows.length).toBe(all);
    const yesterday = new Date(Date.now() - 86_400_000);
    const y = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(yesterday);
    expect((await list({ from: y, to: y })).data.rows).toHaveLength(0);
    const bad = await list({ from: today, to: y });
    expect(bad.status).toBe(400);
  });

  it("pages through a long log without repeats or gaps", async () => {
    const actor = { userId: managerId, ip: "10.0.0.2", userAgent: "test", source: "back_office" as const };
    for (let i = 0; i < 60; i++) {
      await withAuditActor(actor, () => inShop(shop.id, (tx) => tx.product.updateMany({ where: { id: productId }, data: { title: `Title ${i}` } })));
    }
    const first = (await list({ kind: "products.update" })).data;
    expect(first.rows).toHaveLength(50);
    const second = (await list({ kind: "products.update", cursor: first.nextCursor })).data;
    expect(second.nextCursor).toBeNull();
    const titles = [...first.rows, ...second.rows].map((r) => (r.after as { title: string }).title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles[0]).toBe("Title 59");
    expect(titles).toContain("Title 0");
  });

  it("the page shows the entries and the CSV export escapes formulas and is itself recorded", async () => {
    const actor = { userId: managerId, ip: "10.0.0.3", userAgent: "=HYPERLINK(evil)", source: "back_office" as const };
    await withAuditActor(actor, () => inShop(shop.id, (tx) => tx.product.updateMany({ where: { id: productId }, data: { title: "=1+2" } })));
    const html = (await page(server.base, `/shop/${shop.slug}/audit?kind=products.update`, { cookie: ownerCookie })).text;
    expect(html).toContain("Audit log");
    expect(html).toContain("Mia Manager");
    expect(html).toContain("Product changed");
    const csv = await page(server.base, `/shop/${shop.slug}/audit/export.csv?kind=products.update`, { cookie: ownerCookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\n")[0]).toContain("time (UTC),person,email,kind");
    expect(csv.text).toContain("'=HYPERLINK(evil)");
    expect(csv.text).not.toMatch(/,=HYPERLINK/);
    expect((await list({ kind: "export.audit" })).data.rows).toHaveLength(1);
    const denied = await page(server.base, `/shop/${shop.slug}/audit/export.csv`, { cookie: managerCookie });
    expect(denied.status).toBe(403);
  });
});

describe("account events and the platform admin's view", () => {
  it("sign-ins (and refused ones), with where from, are platform entries; an admin reads every shop", async () => {
    const person = await createUser({ password: "right password 1" });
    const ok = await server.call("auth.logIn", { email: person.email, password: "right password 1" });
    expect(ok.status).toBe(200);
    const wrong = await server.call("auth.logIn", { email: person.email, password: "wrong password 1" });
    expect(wrong.status).toBe(400);
    const rows = await baseDb.platformAuditEvent.findMany({ where: { actorId: person.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.kind)).toEqual(["auth.signed_in", "auth.sign_in_failed"]);
    expect(rows.every((r) => r.ip?.includes("127.0.0.1"))).toBe(true);

    const admin = await createUser({ platformAdmin: true });
    const adminCookie = await server.call("admin.audit", {}, { cookie: await server.cookieFor(admin.id), type: "query" });
    expect(adminCookie.status).toBe(200);
    const all = adminCookie.body.result?.data as { rows: { shop: string | null; kind: string }[] };
    expect(all.rows.some((r) => r.shop === shop.slug)).toBe(true);
    expect(all.rows.some((r) => r.shop === null && r.kind === "auth.signed_in")).toBe(true);
    const oneShop = await server.call("admin.audit", { shop: other.slug }, { cookie: await server.cookieFor(admin.id), type: "query" });
    expect((oneShop.body.result?.data as { rows: { shop: string }[] }).rows.every((r) => r.shop === other.slug)).toBe(true);
    // Anyone else: the admin area does not exist.
    expect((await server.call("admin.audit", {}, { cookie: ownerCookie, type: "query" })).status).toBe(404);
  });
});
