// Issue 17, item 4: an erasure erases everywhere. A customer with distinctive
// details goes through the real flows (checkout with pickup and with
// delivery paid by card through Stripe, staff notices and emails, a receipt
// emailed, staff notes and a refund reason naming them, a saved filter, an
// invitation, a refused log-in); then they (or a shop) erase, and every text
// and JSON column of every table, the mail folder and Redis are searched for
// each of their strings. A second customer's strings must still be found:
// the search itself works.
import { STRIPE_CONNECT_WEBHOOK_SECRET, standinOptions } from "./support/stripe-env";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { addMember, connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { checkoutUrl, handleStripeEvent } from "../server/services/payments/stripe";
import { dispatchBatch } from "../jobs/dispatcher";
import { handleNotification } from "../jobs/notifications";
import { getQueue, QUEUE_PREFIX } from "../jobs/queues";
import { bullConnection, redis } from "../server/redis.server";
import { env } from "../server/env.server";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

void STRIPE_CONNECT_WEBHOOK_SECRET;
let server: Awaited<ReturnType<typeof startTestServer>>;
let stripe: StripeStandin;
let shop: Awaited<ReturnType<typeof createShop>>;
let ownerCookie: string;
let variantId: string;
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
const PASSWORD = "a long customer password";

type Person = { name: string; email: string; phone: string; address: string; note: string };
const person = (first: string, last: string, street: string): Person => ({
  name: `${first} ${last}`,
  email: `${first.toLowerCase()}.${last.toLowerCase()}@erase.test`,
  phone: `+33 7 ${String(Math.floor(Math.random() * 90) + 10)} 52 63 96`,
  address: `${street} 12, 75001 Paris`,
  note: `${street} gate code 4471`,
});
/** Each string that would identify the person, alone too (a first name in a greeting). */
const strings = (p: Person) => [p.name, ...p.name.split(" "), p.email, p.phone, p.address, p.note, p.address.split(" ")[0]!];

/** Every (table, column) that holds text or JSON (arrays and search documents too). */
async function textColumns() {
  const r = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
        AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'tsvector'))
      ORDER BY 1, 2`,
  );
  return r.rows;
}

/** Where in the database each string still is: "table.column" for every hit. */
async function foundInDatabase(needles: string[]) {
  const hits: string[] = [];
  for (const { table_name, column_name } of await textColumns()) {
    for (const needle of needles) {
      const r = await db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE strpos(lower("${column_name}"::text), lower($1)) > 0`, [needle]);
      if (r.rows[0].n > 0) hits.push(`${table_name}.${column_name}: ${needle}`);
    }
  }
  return hits;
}

/** Files of the mail folder that hold any of the strings. */
async function foundInMail(needles: string[]) {
  const dir = path.resolve(env.MAIL_OUTBOX_DIR);
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  const hits: string[] = [];
  for (const f of files) {
    const text = (await fs.readFile(path.join(dir, f), "utf8")).toLowerCase().replace(/=\r?\n/g, "");
    for (const needle of needles) if (text.includes(needle.toLowerCase())) hits.push(`${f}: ${needle}`);
  }
  return hits;
}

/** Redis keys (of this test file's prefix) whose name or value holds any of the strings. */
async function foundInRedis(needles: string[]) {
  const hits: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `*${env.QUEUE_PREFIX}*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === "string"
          ? await redis.get(key)
          : type === "hash"
            ? JSON.stringify(await redis.hgetall(key))
            : type === "list"
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : type === "zset"
                ? JSON.stringify(await redis.zrange(key, 0, -1))
                : type === "set"
                  ? JSON.stringify(await redis.smembers(key))
                  : "";
      const text = `${key} ${value ?? ""}`.toLowerCase();
      for (const needle of needles) if (text.includes(needle.toLowerCase())) hits.push(`${key}: ${needle}`);
    }
  } while (cursor !== "0");
  return hits;
}

/** Runs the notifications queue until it is empty (the real worker's handler). */
async function runNotifications() {
  while ((await dispatchBatch()) > 0);
  const queue = getQueue("notifications");
  const worker = new Worker("notifications", (job) => handleNotification(job.name, job.data), { connection: bullConnection("worker"), prefix: QUEUE_PREFIX });
  for (let i = 0; i < 200; i++) {
    const c = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    if (Object.values(c).every((n) => n === 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await worker.close();
}

/** A customer's life in the shop, through the real entry points; returns their orders. */
async function liveALife(p: Person, userId: string | null) {
  const cookie = userId ? await server.cookieFor(userId) : undefined;
  const place = async (over: Record<string, unknown>) => {
    const r = await server.call(
      "checkout.place",
      {
        shopSlug: shop.slug,
        clientRef: randomUUID(),
        items: [{ variantId, quantity: 2 }],
        name: p.name,
        email: p.email,
        phone: p.phone,
        note: p.note,
        ...over,
      },
      { cookie },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.result?.data as { orderId: string }).orderId;
  };
  const pickup = await place({ fulfilment: "pickup", locationId: shop.locationId, payment: "pay_at_pickup" });
  const delivery = await place({ fulfilment: "delivery", deliveryAddress: p.address, deliveryPoint: { lat: 48.87, lng: 2.333 }, payment: "card_online" });
  // Paid by card: Stripe's event (with the customer's address) is stored by the webhook.
  const url = await checkoutUrl(shop.id, delivery, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
  expect(await handleStripeEvent((await stripe.payAndNotify(url.split("/pay/")[1]!)).id)).toBe("paid");
  // Staff: a note naming them, a refund whose reason names them, a receipt emailed.
  const staff = { cookie: ownerCookie };
  expect((await server.call("orders.transition", { shopSlug: shop.slug, orderId: pickup, to: "preparing", note: `${p.name} phoned` }, staff)).status).toBe(200);
  expect((await server.call("orders.transition", { shopSlug: shop.slug, orderId: delivery, to: "preparing" }, staff)).status).toBe(200);
  const { paid } = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: delivery }, select: { paid: true } }));
  const refund = await server.call("orders.refund", { shopSlug: shop.slug, orderId: delivery, amount: paid, reason: `Asked by ${p.name} (${p.phone})` }, staff);
  expect(refund.status, JSON.stringify(refund.body)).toBe(200);
  expect((await server.call("orders.emailReceipt", { shopSlug: shop.slug, orderId: pickup, email: p.email }, staff)).status).toBe(200);
  // A saved filter searching for them; an invitation to their address; a refused log-in.
  const q = new URLSearchParams({ q: p.name }).toString();
  expect((await server.call("catalog.saveFilter", { shopSlug: shop.slug, name: `${p.name.split(" ")[0]}'s picks`, query: q }, staff)).status).toBe(200);
  expect((await server.call("staff.invite", { shopSlug: shop.slug, email: p.email, role: "cashier" }, staff)).status).toBe(200);
  expect((await server.call("auth.logIn", { email: p.email, password: "not the password" })).status).toBe(400);
  await runNotifications();
  return [pickup, delivery];
}

const amounts = (ids: string[]) =>
  inShop(shop.id, (tx) =>
    tx.order.findMany({
      where: { id: { in: ids } },
      orderBy: { id: "asc" },
      select: { id: true, total: true, subtotal: true, tax: true, paid: true, refunded: true },
    }),
  );

beforeAll(async () => {
  await db.connect();
  server = await startTestServer({ pages: true });
  stripe = await startStripeStandin(standinOptions(server.base));
  shop = await createShop({ name: "Erasure Bakery" });
  await baseDb.shop.update({ where: { id: shop.id }, data: { deliveryRadiusKm: 20, deliveryFee: 300 }, select: { id: true } });
  await connectShopAccount(shop.id, (await stripe.connectedAccount()).id as string);
  const manager = await createUser({ name: "Manon Manager" });
  await addMember(shop.id, manager.id, "manager");
  ownerCookie = await server.cookieFor(shop.ownerId);
  const product = await createProduct(shop.id, productInput({ title: "Sourdough" }));
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: product.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 500 });
});
afterAll(async () => {
  await stripe.close();
  await server.close();
  await db.end();
});

describe("a customer erases their account", () => {
  it("leaves none of their details in any table, email file or Redis key; orders keep their amounts; the erasure is logged", async () => {
    const zeph = person("Zephyrine", "Quillfeather", "Zorglubstrasse");
    const other = person("Octavius", "Brambleworth", "Brambleweg");
    const user = await createUser({ name: zeph.name, email: zeph.email, password: PASSWORD });
    const orders = await liveALife(zeph, user.id);
    const kept = await liveALife(other, null);
    // A receipt asked for after the worker stopped: its job waits in Redis with the address.
    expect((await server.call("orders.emailReceipt", { shopSlug: shop.slug, orderId: orders[0], email: zeph.email }, { cookie: ownerCookie })).status).toBe(
      200,
    );
    while ((await dispatchBatch()) > 0);

    // Before: the details are in each kind of place (else the search below proves nothing).
    const before = await foundInDatabase(strings(zeph));
    for (const place of [
      "order_events.actor",
      "order_events.note",
      "notifications.body",
      "email_deliveries.subject",
      "outbox.payload",
      "stripe_events.payload",
      "refunds.reason",
      "audit_events.after",
      "invitations.email",
      "saved_filters.query",
    ]) {
      expect(
        before.some((h) => h.startsWith(`${place}:`)),
        place,
      ).toBe(true);
    }
    expect((await foundInMail(strings(zeph))).length).toBeGreaterThan(0);
    expect((await foundInRedis([zeph.email])).length).toBeGreaterThan(0);
    const amountsBefore = await amounts(orders);

    const cookie = await server.cookieFor(user.id);
    const done = await page(server.base, "/account/erase", { cookie, body: new URLSearchParams({ password: PASSWORD, confirm: "ERASE" }) });
    expect(done.status).toBe(302);

    expect(await foundInDatabase(strings(zeph))).toEqual([]);
    expect(await foundInMail(strings(zeph))).toEqual([]);
    expect(await foundInRedis(strings(zeph))).toEqual([]);
    // The other customer is untouched, everywhere (and the search finds them).
    const otherStill = await foundInDatabase([other.name, other.email]);
    expect(otherStill).toEqual(
      expect.arrayContaining([`orders.contact_name: ${other.name}`, `order_events.actor: ${other.name}`, `notifications.body: ${other.name}`]),
    );
    expect((await foundInMail([other.email])).length).toBeGreaterThan(0);
    expect(await amounts(kept)).toHaveLength(2);
    // Orders keep their amounts for the shop's accounts.
    expect(await amounts(orders)).toEqual(amountsBefore);
    // The erasure is in the log, without the person's details.
    const logged = await inShop(shop.id, (tx) => tx.auditEvent.findMany({ where: { kind: "customer.erased" }, select: { actorId: true, recordId: true } }));
    expect(logged).toEqual([{ actorId: user.id, recordId: user.id }]);
    expect(await baseDb.platformAuditEvent.count({ where: { actorId: user.id, kind: "account.erased" } })).toBe(1);
  });
});

describe("a shop erases one customer record", () => {
  it("leaves none of that customer's details in the shop's rows, emails or Redis; the orders keep their amounts", async () => {
    const walkIn = person("Wilhelmina", "Tuckerspoon", "Tuckerallee");
    const orders = await liveALife(walkIn, null);
    const amountsBefore = await amounts(orders);
    const customer = await inShop(shop.id, (tx) => tx.customer.findFirstOrThrow({ where: { email: walkIn.email }, select: { id: true } }));
    expect((await foundInDatabase([walkIn.email])).length).toBeGreaterThan(3);

    const erased = await page(server.base, `/shop/${shop.slug}/customers/${customer.id}/erase`, { cookie: ownerCookie, body: new URLSearchParams({}) });
    expect(erased.status).toBe(302);
    expect(await foundInDatabase(strings(walkIn))).toEqual([]);
    expect(await foundInMail(strings(walkIn))).toEqual([]);
    // Only the platform's log-in counter for the address (a refused log-in, kept
    // 15 minutes) is left: a shop's word does not reset it.
    const left = await foundInRedis(strings(walkIn));
    expect(left.length).toBeGreaterThan(0);
    expect(left.filter((k) => !k.includes(":rl:login:"))).toEqual([]);
    expect(await amounts(orders)).toEqual(amountsBefore);
    const kinds = (await inShop(shop.id, (tx) => tx.auditEvent.findMany({ where: { recordId: customer.id }, select: { kind: true } }))).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["customer.erased", "customers.update"]));
  });
});

describe("the scrub", () => {
  it("replaces a string only where it stands whole, case-insensitively, with its punctuation taken literally", async () => {
    const r = await db.query("SELECT erase_scrub_text($1, $2) AS t, erase_mentions('Annual stock', ARRAY['Ann']) AS inside", [
      "Annual report by ANN; ann@x.io called +33 7 12. Not a.b's axb",
      ["ann@x.io", "+33 7 12", "a.b", "Ann"],
    ]);
    expect(r.rows[0]).toEqual({ t: "Annual report by Erased customer; Erased customer called Erased customer. Not Erased customer's axb", inside: false });
  });
});
