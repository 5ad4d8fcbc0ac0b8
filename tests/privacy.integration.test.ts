// Issue 17, "What a person can do" 4: a customer downloads everything held
// about them and erases their account (orders kept with their amounts); a
// shop exports or erases one customer record; each is in the audit log; the
// retention job purges old log entries and accounts never confirmed.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { baseDb, inShop } from "../server/db/client.server";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { createCustomer } from "../server/services/customers/customers";
import { runRetention } from "../jobs/retention";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

let server: Awaited<ReturnType<typeof startTestServer>>;
let a: Awaited<ReturnType<typeof createShop>>;
let b: Awaited<ReturnType<typeof createShop>>;
const dbOwner = new pg.Client({ connectionString: process.env.DATABASE_URL });
const PASSWORD = "customer password 1";

async function stocked(shop: Awaited<ReturnType<typeof createShop>>) {
  const p = await createProduct(shop.id, productInput({ title: "Sourdough" }));
  const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity: 50 });
  return v.id;
}

async function order(shop: Awaited<ReturnType<typeof createShop>>, userId: string | null, email: string, variantId: string) {
  return placeOrder(shop.slug, userId, {
    clientRef: randomUUID(),
    items: [{ variantId, quantity: 2 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Cleo Customer",
    email,
    phone: "+33 6 12 34 56 78",
  });
}

beforeAll(async () => {
  await dbOwner.connect();
  server = await startTestServer({ pages: true });
  a = await createShop({ name: "Shop A" });
  b = await createShop({ name: "Shop B" });
});
afterAll(async () => {
  await server.close();
  await dbOwner.end();
});

describe("a customer's own data", () => {
  it("downloads everything, across shops, as a JSON file; the download is in the log", async () => {
    const cleo = await createUser({ name: "Cleo Customer", email: "cleo.download@example.test", password: PASSWORD });
    await order(a, cleo.id, cleo.email, await stocked(a));
    await order(b, cleo.id, cleo.email, await stocked(b));
    const cookie = await server.cookieFor(cleo.id);
    const res = await page(server.base, "/account/data.json", { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="nearshop-my-data-\d{4}-\d{2}-\d{2}\.json"/);
    const data = JSON.parse(res.text);
    expect(data.account.email).toBe("cleo.download@example.test");
    expect(data.orders.map((o: { shop: string }) => o.shop).sort()).toEqual(["Shop A", "Shop B"]);
    expect(data.orders[0].lines[0]).toMatchObject({ title: "Sourdough", quantity: 2 });
    expect(data.orders[0].contact.phone).toBe("+33 6 12 34 56 78");
    expect(data.shop_records.length).toBe(2);
    expect(data.shop_records[0]).toHaveProperty("marketing_consent");
    expect(data.messages).toHaveProperty("emails");
    expect(data.sessions.length).toBeGreaterThan(0);
    const logged = await baseDb.platformAuditEvent.findMany({ where: { actorId: cleo.id, kind: "account.data_downloaded" } });
    expect(logged).toHaveLength(1);
    // Someone else's data never: the file is always the signed-in person's.
    const other = await createUser();
    const theirs = JSON.parse((await page(server.base, "/account/data.json", { cookie: await server.cookieFor(other.id) })).text);
    expect(theirs.orders).toEqual([]);
    // Signed out: to the login page.
    expect((await page(server.base, "/account/data.json")).status).toBe(302);
  });

  it("erases the account: personal data gone everywhere, orders kept with their amounts, signed out, logged", async () => {
    const dan = await createUser({ name: "Dan Delete", email: "dan.delete@example.test", password: PASSWORD });
    const placed = await order(a, dan.id, dan.email, await stocked(a));
    const before = await inShop(a.id, (tx) => tx.order.findFirstOrThrow({ where: { id: placed.orderId }, select: { total: true, subtotal: true, tax: true } }));
    const cookie = await server.cookieFor(dan.id);

    const wrong = await page(server.base, "/account/erase", { cookie, body: new URLSearchParams({ password: "not it at all", confirm: "ERASE" }) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("Your password is not correct");
    const unconfirmed = await page(server.base, "/account/erase", { cookie, body: new URLSearchParams({ password: PASSWORD, confirm: "erase" }) });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.text).toContain("Type ERASE");
    expect((await baseDb.user.findUniqueOrThrow({ where: { id: dan.id } })).email).toBe("dan.delete@example.test");

    const done = await page(server.base, "/account/erase", { cookie, body: new URLSearchParams({ password: PASSWORD, confirm: "ERASE" }) });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/account/erased");

    const user = await baseDb.user.findUniqueOrThrow({ where: { id: dan.id } });
    expect(user.email).toMatch(/^erased-.*@erased\.invalid$/);
    expect(user.name).toBe("Erased customer");
    expect(await baseDb.session.count({ where: { userId: dan.id } })).toBe(0);
    const kept = await inShop(a.id, (tx) =>
      tx.order.findFirstOrThrow({
        where: { id: placed.orderId },
        select: { total: true, subtotal: true, tax: true, contactName: true, contactEmail: true, contactPhone: true },
      }),
    );
    expect(kept).toEqual({ ...before, contactName: "Erased customer", contactEmail: null, contactPhone: null });
    const record = await inShop(a.id, (tx) => tx.customer.findFirst({ where: { email: "dan.delete@example.test" } }));
    expect(record).toBeNull();
    // No trace of the address anywhere in the database's text columns we hold about orders and customers.
    const left = await dbOwner.query(
      "SELECT count(*)::int AS n FROM orders WHERE contact_email = $1 UNION ALL SELECT count(*)::int FROM customers WHERE email = $1",
      ["dan.delete@example.test"],
    );
    expect(left.rows.map((r) => r.n)).toEqual([0, 0]);
    // The old session no longer works; the password no longer signs in.
    expect((await page(server.base, "/account", { cookie })).status).toBe(302);
    expect((await server.call("auth.logIn", { email: "dan.delete@example.test", password: PASSWORD })).status).toBe(400);
    // In the audit log: the platform's, and the shop's (without the person's details).
    expect(await baseDb.platformAuditEvent.count({ where: { actorId: dan.id, kind: "account.erased" } })).toBe(1);
    const shopLog = await inShop(a.id, (tx) => tx.auditEvent.findMany({ where: { actorId: dan.id } }));
    expect(shopLog.map((e) => e.kind)).toEqual(expect.arrayContaining(["customer.erased", "orders.update"]));
    expect(JSON.stringify(shopLog)).not.toContain("dan.delete@example.test");
  });

  it("staff must leave their shops before erasing their account", async () => {
    const staff = await createUser({ password: PASSWORD });
    await addMember(a.id, staff.id, "cashier");
    const r = await server.call("privacy.eraseMe", { password: PASSWORD, confirm: "ERASE" }, { cookie: await server.cookieFor(staff.id) });
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/Ask its owner to remove you/);
    expect((await baseDb.user.findUniqueOrThrow({ where: { id: staff.id } })).email).toBe(staff.email);
  });
});

describe("a shop answers a request about one customer", () => {
  it("exports the record with its orders, and erases it keeping the orders' amounts; both logged", async () => {
    const placed = await order(a, null, "walk.in@example.test", await stocked(a));
    const customer = await inShop(a.id, (tx) => tx.customer.findFirstOrThrow({ where: { email: "walk.in@example.test" }, select: { id: true } }));
    const manager = await createUser();
    await addMember(a.id, manager.id, "manager");
    const cookie = await server.cookieFor(manager.id);

    const file = await page(server.base, `/shop/${a.slug}/customers/${customer.id}/export.json`, { cookie });
    expect(file.status).toBe(200);
    const data = JSON.parse(file.text);
    expect(data.customer.email).toBe("walk.in@example.test");
    expect(data.orders).toHaveLength(1);
    // Another shop's customer is not found from here.
    expect((await page(server.base, `/shop/${b.slug}/customers/${customer.id}/export.json`, { cookie })).status).toBe(403);

    const html = (await page(server.base, `/shop/${a.slug}/customers/${customer.id}`, { cookie })).text;
    expect(html).toContain("Erase personal data");
    const erased = await page(server.base, `/shop/${a.slug}/customers/${customer.id}/erase`, { cookie, body: new URLSearchParams({}) });
    expect(erased.status).toBe(302);
    const after = await inShop(a.id, (tx) =>
      tx.order.findFirstOrThrow({ where: { id: placed.orderId }, select: { total: true, contactName: true, contactEmail: true } }),
    );
    expect(after.contactName).toBe("Erased customer");
    expect(after.contactEmail).toBeNull();
    expect(after.total).toBeGreaterThan(0);
    const rec = await inShop(a.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: customer.id }, select: { name: true, email: true, phone: true } }));
    expect(rec).toEqual({ name: "Erased customer", email: null, phone: null });
    const kinds = (await inShop(a.id, (tx) => tx.auditEvent.findMany({ where: { recordId: customer.id }, select: { kind: true } }))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["customer.exported", "customer.erased", "customers.update"]));
  });

  it("a cashier can do neither", async () => {
    const c = await createCustomer(a.id, { name: "Eve", email: "eve@example.test", notes: "", marketingConsent: false });
    const cashier = await createUser();
    await addMember(a.id, cashier.id, "cashier");
    const cookie = await server.cookieFor(cashier.id);
    expect((await server.call("privacy.eraseCustomer", { shopSlug: a.slug, customerId: c.id }, { cookie })).status).toBe(403);
    expect((await inShop(a.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: c.id } }))).email).toBe("eve@example.test");
  });
});

describe("retention", () => {
  it("purges audit entries past the period and accounts never confirmed, keeping the rest", async () => {
    const old = await createUser({ verified: false });
    const fresh = await createUser({ verified: false });
    const confirmed = await createUser();
    await dbOwner.query("UPDATE users SET created_at = now() - interval '40 days' WHERE id = ANY($1)", [[old.id, confirmed.id]]);
    // An unconfirmed sign-up's own shop goes with it.
    const signupShop = await createShop({ owner: old, name: "Never used" });
    await dbOwner.query("INSERT INTO platform_audit_events (kind, created_at) VALUES ('auth.signed_in', now() - interval '500 days')");
    const r = await runRetention();
    expect(r.auditEntries).toBeGreaterThanOrEqual(1);
    expect(r.unconfirmedAccounts).toBe(1);
    expect(await baseDb.user.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await baseDb.shop.findUnique({ where: { id: signupShop.id } })).toBeNull();
    expect(await baseDb.user.findUnique({ where: { id: fresh.id } })).not.toBeNull();
    expect(await baseDb.user.findUnique({ where: { id: confirmed.id } })).not.toBeNull();
    expect((await dbOwner.query("SELECT count(*)::int AS n FROM platform_audit_events WHERE created_at < now() - interval '400 days'")).rows[0].n).toBe(0);
    // Twice changes nothing more.
    expect((await runRetention()).unconfirmedAccounts).toBe(0);
  });
});
