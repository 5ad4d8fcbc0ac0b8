import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { createCustomer } from "../server/services/customers/customers";
import { allocateBlock, createRegister, pairRegister } from "../server/services/registers/registers";
import { receiptOf } from "../server/services/orders/receipts";
import { startTestServer } from "./support/http";

/**
 * Issue 18: a customer attached at either till (F3). The online till
 * (pos.customers, pos.addCustomer) and a paired register (till.customers,
 * till.addCustomer) find the shop's customers and add one in a few keys;
 * the sale records who it was for, and never another shop's customer.
 */
type Shop = Awaited<ReturnType<typeof createShop>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Shop;
let other: Shop;
let cookie: string;
let otherCookie: string;
let cashierId: string;
let register: { token: string; start: number };
let ann: { id: string };
let stranger: { id: string };

async function product(s: Shop, price = 1250) {
  const sku = `C-${randomUUID().slice(0, 8)}`;
  const p = await createProduct(s.id, productInput({ title: `Cheese ${sku}`, variants: [{ optionValues: [], sku, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity: 20 });
  return { variantId: v.id, sku, price };
}

const q = (path: string, input: unknown, opts: { cookie?: string; register?: string; language?: string }) =>
  server.call(path, input, { ...opts, type: "query" });
const m = (path: string, input: unknown, opts: { cookie?: string; register?: string; language?: string }) => server.call(path, input, opts);
const data = <T>(r: { body: { result?: { data: unknown } } }) => r.body.result?.data as T;
const customerCount = (s: Shop) => inShop(s.id, (tx) => tx.customer.count());

beforeAll(async () => {
  // With pages: the back office's JSON route for the till's customer box is checked too.
  server = await startTestServer({ pages: true });
  shop = await createShop({ name: "Fromagerie" });
  other = await createShop({ name: "Elsewhere" });
  const cashier = await createUser({ name: "Cass Cashier" });
  cashierId = cashier.id;
  await addMember(shop.id, cashier.id, "cashier");
  const otherOwner = await createUser({ name: "Olga Other" });
  await addMember(other.id, otherOwner.id, "owner");
  cookie = await server.cookieFor(cashier.id);
  otherCookie = await server.cookieFor(otherOwner.id);
  ann = (await createCustomer(shop.id, { name: "Ann Lee", email: "ann@example.test", phone: "+33 6 11 22 33 44", notes: "", marketingConsent: false }))!;
  await createCustomer(shop.id, { name: "Bob Martin", email: "bob@example.test", notes: "", marketingConsent: false });
  stranger = (await createCustomer(other.id, { name: "Ann Lee Elsewhere", email: "ann@example.test", notes: "", marketingConsent: false }))!;
  const r = await createRegister(shop.id, { locationId: shop.locationId, name: "Counter" });
  const { token } = await pairRegister(shop.id, r.id);
  const block = await inShop(shop.id, (tx) => allocateBlock(tx, shop.id, r.id));
  register = { token, start: block.start };
});
afterAll(() => server.close());

describe("finding a customer at the till", () => {
  it("by a piece of the name, the email or the phone, this shop's customers only", async () => {
    const byName = await q("pos.customers", { shopSlug: shop.slug, q: "ann" }, { cookie });
    expect(byName.status).toBe(200);
    expect(data<{ name: string; email: string }[]>(byName)).toEqual([expect.objectContaining({ name: "Ann Lee", email: "ann@example.test" })]);
    expect(data<{ name: string }[]>(await q("pos.customers", { shopSlug: shop.slug, q: "22 33" }, { cookie })).map((c) => c.name)).toEqual(["Ann Lee"]);
    expect(data<{ name: string }[]>(await q("pos.customers", { shopSlug: shop.slug, q: "BOB@" }, { cookie })).map((c) => c.name)).toEqual(["Bob Martin"]);
    // Nothing typed: the shop's customers by name.
    expect(data<{ name: string }[]>(await q("pos.customers", { shopSlug: shop.slug }, { cookie })).map((c) => c.name)).toEqual(["Ann Lee", "Bob Martin"]);
    // The register finds the same, by its cookie alone.
    expect(data<{ name: string }[]>(await q("till.customers", { q: "ann" }, { register: register.token })).map((c) => c.name)).toEqual(["Ann Lee"]);
    // Another shop's staff see their own Ann, never this shop's.
    expect(data<{ id: string }[]>(await q("pos.customers", { shopSlug: other.slug, q: "ann" }, { cookie: otherCookie })).map((c) => c.id)).toEqual([
      stranger.id,
    ]);
    expect((await q("pos.customers", { shopSlug: other.slug, q: "ann" }, { cookie })).status).toBe(403);
  });

  it("refuses hostile searches with a clear 400 and never crashes", async () => {
    for (const bad of ["x".repeat(101), "a\u0000b", 12345678901, { toString: "x" }, ["ann"]]) {
      const r = await q("pos.customers", { shopSlug: shop.slug, q: bad }, { cookie });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error?.message).toBeTruthy();
    }
    // A `__proto__` key never reaches the search (nor Object.prototype): the search is the plain list.
    const proto = await server.call("pos.customers", JSON.parse(`{"shopSlug":"${shop.slug}","__proto__":{"q":"zzz"}}`), { cookie, type: "query" });
    expect(proto.status).toBeLessThan(500);
    expect(({} as Record<string, unknown>).q).toBeUndefined();
    for (const word of ["constructor", "__proto__", "%", "_", "'; DROP TABLE customers; --"]) {
      const r = await q("till.customers", { q: word }, { register: register.token });
      expect(r.status, word).toBe(200);
      expect(data<unknown[]>(r)).toEqual([]);
    }
    expect((await q("till.customers", { q: "ann" }, {})).status).toBe(401);
  });
});

describe("adding a customer at the till", () => {
  it("needs a name and an email or a phone, each said plainly", async () => {
    const before = await customerCount(shop);
    const noContact = await m("pos.addCustomer", { shopSlug: shop.slug, name: "Cleo" }, { cookie });
    expect(noContact.status).toBe(400);
    expect(noContact.body.error?.data.fieldErrors).toEqual({ email: "Enter an email or a phone number" });
    const noName = await m("till.addCustomer", { name: " ", phone: "+33 6 00 00 00 00" }, { register: register.token });
    expect(noName.body.error?.data.fieldErrors?.name).toBe("Enter a name");
    const badEmail = await m("pos.addCustomer", { shopSlug: shop.slug, name: "Cleo", email: "not an email" }, { cookie });
    expect(badEmail.body.error?.data.fieldErrors?.email).toMatch(/valid email/);
    for (const input of [
      { name: "Cleo\u0000", phone: "+33 6 00 00 00 00" },
      { name: 4294967297, phone: "+33 6 00 00 00 00" },
      { name: "Cleo", phone: 4294967297 },
      { name: "x".repeat(101), email: "cleo@example.test" },
      { name: "Cleo", phone: "call me" },
    ]) {
      const r = await m("pos.addCustomer", { shopSlug: shop.slug, ...input }, { cookie });
      expect(r.status, JSON.stringify(input)).toBe(400);
    }
    // A name smuggled under `__proto__` is no name.
    const proto = await m("till.addCustomer", JSON.parse('{"phone":"+33 6 00 00 00 00","__proto__":{"name":"Cleo"}}'), { register: register.token });
    expect(proto.status).toBe(400);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
    expect(await customerCount(shop)).toBe(before);
  });

  it("says what is missing in the caller's language, at both tills; English callers keep the schema's words", async () => {
    const fr = "fr-FR,fr;q=0.9";
    const noContact = await m("pos.addCustomer", { shopSlug: shop.slug, name: "Cleo" }, { cookie, language: fr });
    expect(noContact.status).toBe(400);
    expect(noContact.body.error?.data.fieldErrors).toEqual({ email: "Saisissez un e-mail ou un numéro de téléphone" });
    expect(noContact.body.error?.message).toBe("Saisissez un e-mail ou un numéro de téléphone");
    const atRegister = await m("till.addCustomer", { name: " ", email: "pas un e-mail" }, { register: register.token, language: fr });
    expect(atRegister.status).toBe(400);
    expect(atRegister.body.error?.data.fieldErrors).toEqual({
      name: "Saisissez un nom",
      email: "Saisissez une adresse e-mail valide, comme vous@exemple.fr",
    });
    const phone = await m("till.addCustomer", { name: "Cleo", phone: "appelez-moi" }, { register: register.token, language: fr });
    expect(phone.body.error?.data.fieldErrors?.phone).toBe("Téléphone : des chiffres, des espaces et un + au début si besoin");
    const search = await q("till.customers", { q: "x".repeat(101) }, { register: register.token, language: fr });
    expect(search.status).toBe(400);
    expect(search.body.error?.message).toBe("Recherche : 100 caractères au plus");
    const lookup = await q("pos.lookup", { shopSlug: shop.slug, locationId: shop.locationId, q: "x".repeat(101) }, { cookie, language: fr });
    expect(lookup.status).toBe(400);
    expect(lookup.body.error?.data.fieldErrors).toEqual({ q: "Recherche : 100 caractères au plus" });
    const english = await q("pos.lookup", { shopSlug: shop.slug, locationId: shop.locationId, q: " " }, { cookie, language: "en-GB" });
    expect(english.body.error?.data.fieldErrors).toEqual({ q: "Type a name, SKU or scan a barcode" });
    // Hostile input is no sentence to translate: still a clear 400, never a 500.
    for (const bad of [
      { name: 4294967297, phone: "+33 6 00 00 00 00" },
      { name: "Cleo\u0000", phone: "+33 6 00 00 00 00" },
    ]) {
      const r = await m("till.addCustomer", bad, { register: register.token, language: fr });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error?.message).toBeTruthy();
    }
    // Through the back office's JSON route too (its own parse, the page's language).
    const res = await fetch(`${server.base}/shop/${shop.slug}/pos/customers`, {
      method: "POST",
      headers: { Origin: server.base, Cookie: cookie.split(";")[0]!, "Content-Type": "application/json", Accept: "application/json", "Accept-Language": fr },
      body: JSON.stringify({ name: "Cleo" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Saisissez un e-mail ou un numéro de téléphone" });
  });

  it("adds a new customer, and an email the shop already has attaches that customer instead of failing", async () => {
    const made = await m("pos.addCustomer", { shopSlug: shop.slug, name: "Cleo Dupont", phone: "+33 6 98 76 54 32" }, { cookie });
    expect(made.status).toBe(200);
    expect(data(made)).toMatchObject({ name: "Cleo Dupont", phone: "+33 6 98 76 54 32", email: null, existing: false });
    const again = await m("till.addCustomer", { name: "Annie L.", email: " ANN@example.test " }, { register: register.token });
    expect(again.status).toBe(200);
    // The shop's own Ann, under the name the shop knows: not a second record, not the other shop's Ann.
    expect(data(again)).toMatchObject({ id: ann.id, name: "Ann Lee", email: "ann@example.test", existing: true });
    const count = await customerCount(shop);
    // Two tills adding the same new email at the same moment end with one customer.
    const both = await Promise.all([
      m("pos.addCustomer", { shopSlug: shop.slug, name: "Dan", email: "dan@example.test" }, { cookie }),
      m("till.addCustomer", { name: "Daniel", email: "dan@example.test" }, { register: register.token }),
    ]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(new Set(both.map((r) => data<{ id: string }>(r).id)).size).toBe(1);
    expect(await customerCount(shop)).toBe(count + 1);
  });
});

describe("a sale for a customer", () => {
  it("at the online till: the order and its receipt name the customer, whose spend counts it", async () => {
    const item = await product(shop);
    const res = await m(
      "pos.sale",
      {
        shopSlug: shop.slug,
        clientRef: randomUUID(),
        locationId: shop.locationId,
        items: [{ variantId: item.variantId, quantity: 2 }],
        cashTendered: 2500,
        customerId: ann.id,
      },
      { cookie },
    );
    expect(res.status).toBe(200);
    const sale = data<{ orderId: string; number: number; customer: string }>(res);
    expect(sale.customer).toBe("Ann Lee");
    const receipt = await receiptOf(shop.id, sale.number);
    expect(receipt.order.customer).toMatchObject({ id: ann.id, name: "Ann Lee" });
    const after = await inShop(shop.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: ann.id }, select: { orderCount: true, totalSpent: true } }));
    expect(after.orderCount).toBeGreaterThanOrEqual(1);
    expect(after.totalSpent).toBeGreaterThanOrEqual(2500);
  });

  it("at the online till: another shop's customer, or an id that is not one, is refused and nothing is sold", async () => {
    const item = await product(shop);
    const before = await inShop(shop.id, (tx) => tx.order.count());
    const sale = (customerId: unknown) =>
      m(
        "pos.sale",
        {
          shopSlug: shop.slug,
          clientRef: randomUUID(),
          locationId: shop.locationId,
          items: [{ variantId: item.variantId, quantity: 1 }],
          cashTendered: 2000,
          customerId,
        },
        { cookie },
      );
    const foreign = await sale(stranger.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.message).toMatch(/Customer/);
    for (const bad of ["ann", 4294967297, "__proto__", "constructor"]) expect((await sale(bad)).status, String(bad)).toBe(400);
    expect(await inShop(shop.id, (tx) => tx.order.count())).toBe(before);
  });

  it("at a register: the synced sale carries the customer; another shop's customer is left off and flagged for review", async () => {
    const item = await product(shop);
    const line = { variantId: item.variantId, quantity: 1, unitPrice: item.price, taxClass: "standard", sku: item.sku, title: "Cheese" };
    const base = { soldAt: new Date().toISOString(), staffId: cashierId, total: item.price, cashTendered: item.price, items: [line] };
    const res = await m(
      "till.sync",
      {
        sales: [
          { ...base, clientRef: randomUUID(), receipt: register.start, customerId: ann.id },
          { ...base, clientRef: randomUUID(), receipt: register.start + 1, customerId: stranger.id },
        ],
      },
      { register: register.token },
    );
    expect(res.status).toBe(200);
    const [mine, foreign] = data<{ results: { status: string; orderNumber: number; differences: { kind: string }[] }[] }>(res).results;
    expect(mine).toMatchObject({ status: "applied" });
    expect(foreign).toMatchObject({ status: "needs_review", differences: [{ kind: "customer" }] });
    const orders = await inShop(shop.id, (tx) =>
      tx.order.findMany({
        where: { number: { in: [mine!.orderNumber, foreign!.orderNumber] } },
        orderBy: { number: "asc" },
        select: { customerId: true, contactName: true },
      }),
    );
    expect(orders).toEqual([
      { customerId: ann.id, contactName: "Ann Lee" },
      { customerId: null, contactName: "Walk-in" },
    ]);
    const bad = await m(
      "till.sync",
      { sales: [{ ...base, clientRef: randomUUID(), receipt: register.start + 2, customerId: "ann" }] },
      { register: register.token },
    );
    expect(bad.status).toBe(400);
  });
});
