// Issue 17, item 3: the writes the first audit log missed, each performed
// through its real entry point and read back from the log (who, kind,
// record, before → after): till sales (/pos and a paired register), a CSV
// import's products (applied by the worker, as the person who started it),
// the staff two-factor requirement, "sign out everywhere" (one's own, and an
// owner signing a staff member out), and what Stripe's webhooks change.
import { standinOptions } from "./support/stripe-env";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { addMember, connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { allocateBlock, createRegister, pairRegister } from "../server/services/registers/registers";
import { startImport, uploadImport } from "../server/services/imports/imports";
import { handleImport } from "../jobs/imports";
import { checkoutUrl, handleStripeEvent } from "../server/services/payments/stripe";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { startTestServer } from "./support/http";
import { csvBase64 } from "./support/records";

let server: Awaited<ReturnType<typeof startTestServer>>;
let stripe: StripeStandin;
let shop: Awaited<ReturnType<typeof createShop>>;
let cashier: Awaited<ReturnType<typeof createUser>>;
let ownerCookie: string;
let item: { variantId: string; sku: string; price: number };
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });

type Row = { actor_id: string | null; source: string; kind: string; record_type: string | null; record_id: string | null; before: unknown; after: unknown };
const logOf = async (where: string, params: unknown[]) =>
  (
    await db.query<Row>(
      `SELECT actor_id, source, kind, record_type, record_id, before, after FROM audit_events WHERE shop_id = $1 AND ${where} ORDER BY created_at, id`,
      [shop.id, ...params],
    )
  ).rows;

beforeAll(async () => {
  await db.connect();
  server = await startTestServer();
  stripe = await startStripeStandin(standinOptions(server.base));
  shop = await createShop({ name: "Audit Gaps" });
  await connectShopAccount(shop.id, (await stripe.connectedAccount()).id as string);
  cashier = await createUser({ name: "Carl Cashier" });
  await addMember(shop.id, cashier.id, "cashier");
  ownerCookie = await server.cookieFor(shop.ownerId);
  const sku = `G-${randomUUID().slice(0, 8)}`;
  const p = await createProduct(shop.id, productInput({ title: "Baguette", variants: [{ optionValues: [], sku, price: 1000, taxClass: "standard" }] }));
  const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity: 100 });
  item = { variantId: v.id, sku, price: 1000 };
});
afterAll(async () => {
  await stripe.close();
  await server.close();
  await db.end();
});

describe("till sales", () => {
  it("a /pos sale is logged as the cashier's, with its figures, in the sale's own statement", async () => {
    const cookie = await server.cookieFor(cashier.id);
    const r = await server.call(
      "pos.sale",
      { shopSlug: shop.slug, clientRef: randomUUID(), locationId: shop.locationId, items: [{ variantId: item.variantId, quantity: 2 }], cashTendered: 5000 },
      { cookie },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const order = await inShop(shop.id, (tx) =>
      tx.order.findFirstOrThrow({ where: { channel: "pos" }, orderBy: { number: "desc" }, select: { id: true, number: true, total: true } }),
    );
    const rows = await logOf("kind = 'orders.insert' AND record_id = $2", [order.id]);
    expect(rows).toEqual([
      {
        actor_id: cashier.id,
        source: "back_office",
        kind: "orders.insert",
        record_type: "orders",
        record_id: order.id,
        before: null,
        after: expect.objectContaining({ number: order.number, total: 2000, paid: 2000, status: "completed", staff_id: cashier.id }),
      },
    ]);
  });

  it("a paired register's sale is logged as the cashier who made it, from the register", async () => {
    const reg = await createRegister(shop.id, { locationId: shop.locationId, name: "Counter 1" });
    const { token } = await pairRegister(shop.id, reg.id);
    const block = await inShop(shop.id, (tx) => allocateBlock(tx, shop.id, reg.id));
    const sale = {
      clientRef: randomUUID(),
      receipt: block.start,
      soldAt: new Date().toISOString(),
      staffId: cashier.id,
      total: item.price,
      cashTendered: 2000,
      items: [{ variantId: item.variantId, quantity: 1, unitPrice: item.price, taxClass: "standard", sku: item.sku, title: "Baguette" }],
    };
    const r = await server.call("till.sync", { sales: [sale] }, { register: token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const order = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { registerId: reg.id }, select: { id: true } }));
    const rows = await logOf("kind = 'orders.insert' AND record_id = $2", [order.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: cashier.id, source: "register", after: { register_id: reg.id, register_receipt: block.start, total: 1000 } });
  });
});

describe("CSV import rows", () => {
  it("each product the worker creates or updates is logged as the person who started the import", async () => {
    const csv = (price: string) => `handle,title,sku,price\nrye-loaf,Rye loaf,RYE-1,${price}\n`;
    const run = async (text: string) => {
      const preview = await uploadImport(shop.id, shop.ownerId, { fileName: "loaves.csv", data: csvBase64(text) });
      await startImport(shop.id, preview.importId);
      const { rows } = await db.query("SELECT id FROM outbox WHERE type = 'import.started' AND payload->>'importId' = $1", [preview.importId]);
      expect(await handleImport({ eventId: rows[0].id, shopId: shop.id, payload: { importId: preview.importId } }, { final: true })).toMatch(/^1 applied/);
    };
    await run(csv("4.50"));
    const product = await inShop(shop.id, (tx) => tx.product.findFirstOrThrow({ where: { handle: "rye-loaf" }, select: { id: true } }));
    const variant = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { sku: "RYE-1" }, select: { id: true } }));
    expect(await logOf("record_id = $2", [product.id])).toEqual([
      expect.objectContaining({ actor_id: shop.ownerId, source: "import", kind: "products.insert", after: expect.objectContaining({ title: "Rye loaf" }) }),
    ]);
    await run(csv("5.00"));
    const variantLog = await logOf("record_id = $2", [variant.id]);
    expect(variantLog.map((r) => [r.kind, r.actor_id, r.source])).toEqual([
      ["variants.insert", shop.ownerId, "import"],
      ["variants.update", shop.ownerId, "import"],
    ]);
    expect(variantLog[1]).toMatchObject({ before: { price: 450 }, after: { price: 500 } });
  });
});

describe("sign-in security", () => {
  it("an owner requiring two-factor sign-in for the staff is logged with before → after", async () => {
    const r = await server.call("staff.requireTwoFactor", { shopSlug: shop.slug, required: true }, { cookie: ownerCookie });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await logOf("kind = 'shops.update' AND after ? 'require_two_factor'", [])).toEqual([
      expect.objectContaining({
        actor_id: shop.ownerId,
        source: "back_office",
        record_id: shop.id,
        before: { require_two_factor: false },
        after: { require_two_factor: true },
      }),
    ]);
    await server.call("staff.requireTwoFactor", { shopSlug: shop.slug, required: false }, { cookie: ownerCookie });
  });

  it("an owner signing a staff member out everywhere is logged, with how many sessions ended", async () => {
    await server.cookieFor(cashier.id);
    await server.cookieFor(cashier.id);
    const sessions = await baseDb.session.count({ where: { userId: cashier.id } });
    const membership = await inShop(shop.id, (tx) => tx.membership.findFirstOrThrow({ where: { userId: cashier.id }, select: { id: true } }));
    const r = await server.call("staff.signOutEverywhere", { shopSlug: shop.slug, membershipId: membership.id }, { cookie: ownerCookie });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await baseDb.session.count({ where: { userId: cashier.id } })).toBe(0);
    expect(await logOf("kind = 'staff.signed_out_everywhere'", [])).toEqual([
      {
        actor_id: shop.ownerId,
        source: "back_office",
        kind: "staff.signed_out_everywhere",
        record_type: "memberships",
        record_id: membership.id,
        before: null,
        after: { sessions_ended: sessions },
      },
    ]);
  });

  it("signing oneself out of every other browser is in the account's log", async () => {
    const person = await createUser();
    const mine = await server.cookieFor(person.id);
    await server.cookieFor(person.id);
    await server.cookieFor(person.id);
    const r = await server.call("auth.endOtherSessions", null, { cookie: mine });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = await baseDb.platformAuditEvent.findMany({
      where: { actorId: person.id, kind: "auth.signed_out_elsewhere" },
      select: { recordId: true, after: true, ip: true },
    });
    expect(rows).toEqual([{ recordId: person.id, after: { sessions_ended: 2 }, ip: expect.any(String) }]);
  });
});

describe("Stripe's webhooks", () => {
  it("an order paid through Checkout is logged as the system, naming the event, before → after", async () => {
    const r = await server.call("checkout.place", {
      shopSlug: shop.slug,
      clientRef: randomUUID(),
      items: [{ variantId: item.variantId, quantity: 1 }],
      fulfilment: "pickup",
      locationId: shop.locationId,
      payment: "card_online",
      name: "Paula Payer",
      email: "paula@example.test",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const orderId = (r.body.result?.data as { orderId: string }).orderId;
    const url = await checkoutUrl(shop.id, orderId, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
    const event = await stripe.payAndNotify(url.split("/pay/")[1]!);
    expect(await handleStripeEvent(event.id)).toBe("paid");
    const rows = await db.query(
      "SELECT actor_id, source, user_agent, before, after FROM audit_events WHERE shop_id = $1 AND kind = 'orders.update' AND record_id = $2",
      [shop.id, orderId],
    );
    // Two changes of the order, both Stripe's: the payment recorded, then its status.
    const system = { actor_id: null, source: "system", user_agent: `Stripe checkout.session.completed ${event.id}` };
    expect(rows.rows).toEqual([
      { ...system, before: expect.objectContaining({ paid: 0, stripe_payment_id: null }), after: expect.objectContaining({ paid: 1000, application_fee: 50 }) },
      { ...system, before: expect.objectContaining({ status: "pending_payment" }), after: expect.objectContaining({ status: "paid" }) },
    ]);
  });
  it("a Connect account.updated that restricts the shop's account is logged as the system, before → after", async () => {
    const acct = (await inShop(shop.id, (tx) => tx.shopStripeAccount.findFirstOrThrow({ select: { accountId: true } }))).accountId;
    const event = await stripe.restrictAccount(acct, ["individual.verification.document"], 7, false);
    await stripe.sendEvent(event); // signed, to the Connect endpoint, which stores it
    expect(await handleStripeEvent(event.id)).toBe("account updated (1)");
    const rows = await logOf("kind = 'shop_stripe_accounts.update'", []);
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: null,
        source: "system",
        record_id: shop.id,
        before: expect.objectContaining({ charges_enabled: true, currently_due: [] }),
        after: expect.objectContaining({ charges_enabled: false, currently_due: ["individual.verification.document"] }),
      }),
    ]);
  });
});
