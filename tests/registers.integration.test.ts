import { pbkdf2Sync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { bulkEdit, createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { cashUp, cashUpPreview } from "../server/services/orders/cashup";
import { allocateBlock, createRegister, pairRegister, unpairRegister } from "../server/services/registers/registers";
import { catalogFeed } from "../server/services/registers/feed";
import { describeDifference } from "../server/services/registers/differences";
import { checkPin, PIN_TRIES, resetPin, setPin } from "../server/services/registers/pins";
import { resolveSale, reviewList, syncSales } from "../server/services/registers/sync";
import type { RegisterSaleInput } from "../server/schemas/registers";
import { fieldErrorsOf } from "../server/trpc/errors";
import { domainErrorOf } from "../server/services/errors";
import { startTestServer } from "./support/http";

type Shop = Awaited<ReturnType<typeof createShop>>;
let shop: Shop;
let other: Shop;
let server: Awaited<ReturnType<typeof startTestServer>>;
let cashier: Awaited<ReturnType<typeof createUser>>;
let manager: Awaited<ReturnType<typeof createUser>>;

async function product(s: Shop, stock: number, price = 1000) {
  const sku = `R-${randomUUID().slice(0, 8)}`;
  const p = await createProduct(s.id, productInput({ title: `Item ${sku}`, variants: [{ optionValues: [], sku, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  if (stock) await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity: stock });
  return { productId: p.id, variantId: v.id, sku, price };
}

async function pairedRegister(s: Shop, name: string) {
  const r = await createRegister(s.id, { locationId: s.locationId, name });
  const { token } = await pairRegister(s.id, r.id);
  const block = await inShop(s.id, (tx) => allocateBlock(tx, s.id, r.id));
  return { ...r, token, block };
}

function sale(item: Awaited<ReturnType<typeof product>>, receipt: number, over: Partial<RegisterSaleInput> = {}): RegisterSaleInput {
  return {
    clientRef: randomUUID(),
    receipt,
    soldAt: new Date().toISOString(),
    staffId: cashier.id,
    total: item.price,
    cashTendered: 2000,
    items: [{ variantId: item.variantId, quantity: 1, unitPrice: item.price, taxClass: "standard", sku: item.sku, title: "Item" }],
    ...over,
  };
}

const ordersOf = (registerId: string) =>
  inShop(shop.id, (tx) =>
    tx.order.findMany({
      where: { registerId },
      orderBy: { registerReceipt: "asc" },
      select: { number: true, registerReceipt: true, total: true, createdAt: true },
    }),
  );
const stockOf = (variantId: string) =>
  inShop(shop.id, async (tx) => (await tx.stockLevel.findFirst({ where: { variantId, locationId: shop.locationId }, select: { onHand: true } }))?.onHand ?? 0);

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (x: unknown) => x,
  )) as { code?: string; message?: string; cause?: unknown } | null;
  expect(e).not.toBeNull();
  return { code: e!.code, message: e!.message, fields: domainErrorOf(e)?.fieldErrors ?? fieldErrorsOf(e!.cause) ?? {} };
}

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop({ name: "Register Shop" });
  other = await createShop({ name: "Other Register Shop" });
  cashier = await createUser({ name: "Cass Cashier" });
  manager = await createUser({ name: "Mia Manager" });
  await addMember(shop.id, cashier.id, "cashier");
  await addMember(shop.id, manager.id, "manager");
});
afterAll(() => server.close());

describe("staff PINs", () => {
  it("stores an argon2 hash and a PBKDF2 verifier, never the PIN, and refuses easy PINs", async () => {
    expect((await refusal(setPin(shop.id, cashier.id, "1111"))).fields.pin).toMatch(/too easy/);
    expect((await refusal(setPin(shop.id, cashier.id, "1234"))).fields.pin).toMatch(/too easy/);
    await setPin(shop.id, cashier.id, "4826");
    const m = await inShop(shop.id, (tx) => tx.membership.findFirstOrThrow({ where: { userId: cashier.id }, select: { pinHash: true, pinVerifier: true } }));
    expect(m.pinHash).toMatch(/^\$argon2id\$/);
    expect(m.pinHash).not.toContain("4826");
    const [alg, iterations, salt, hash] = m.pinVerifier!.split("$");
    expect(alg).toBe("pbkdf2-sha256");
    // The browser recomputes exactly this with WebCrypto.
    expect(pbkdf2Sync("4826", Buffer.from(salt!, "base64url"), Number(iterations), 32, "sha256").toString("base64url")).toBe(hash);
    expect(await checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "sign_in" })).toMatchObject({ name: "Cass Cashier", role: "cashier" });
  });

  it("counts wrong tries, locks the PIN after a few, and the owner's reset lets a new one be set", async () => {
    await setPin(shop.id, cashier.id, "4826");
    for (let i = 1; i < PIN_TRIES; i++) {
      expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "9073", purpose: "sign_in" }))).fields.pin).toBe(
        `PIN: wrong PIN, ${PIN_TRIES - i} ${PIN_TRIES - i === 1 ? "try" : "tries"} left`,
      );
    }
    expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "9073", purpose: "sign_in" }))).fields.pin).toMatch(/locked after 5 wrong tries/);
    // Locked: even the right PIN is refused now.
    expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "sign_in" }))).fields.pin).toMatch(/locked/);
    const membership = await inShop(shop.id, (tx) => tx.membership.findFirstOrThrow({ where: { userId: cashier.id }, select: { id: true } }));
    await resetPin(shop.id, membership.id);
    expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "sign_in" }))).fields.pin).toMatch(/no till PIN/);
    await setPin(shop.id, cashier.id, "4826");
    expect(await checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "sign_in" })).toMatchObject({ userId: cashier.id });
  });

  it("says its refusals in the caller's language", async () => {
    await setPin(shop.id, cashier.id, "4826");
    expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "9073", purpose: "sign_in" }, "fr"))).fields.pin).toBe(
      `Code : code erroné, encore ${PIN_TRIES - 1} essais`,
    );
    expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "approve" }, "fr"))).message).toBe(
      "Seul un responsable ou le propriétaire peut valider ceci : demandez-lui de taper son code",
    );
    expect((await refusal(checkPin(other.id, { userId: cashier.id, pin: "4826", purpose: "sign_in" }, "fr"))).fields.pin).toMatch(
      /^Code : cette personne n’a pas de code de caisse ici/,
    );
    // A right PIN clears the count the wrong one left.
    expect(await checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "sign_in" }, "fr")).toMatchObject({ userId: cashier.id });
  });

  it("approves only with a manager's PIN", async () => {
    await setPin(shop.id, manager.id, "7391");
    expect(await checkPin(shop.id, { userId: manager.id, pin: "7391", purpose: "approve" })).toMatchObject({ name: "Mia Manager", role: "manager" });
    expect((await refusal(checkPin(shop.id, { userId: cashier.id, pin: "4826", purpose: "approve" }))).code).toBe("forbidden");
    // A PIN is per shop: the other shop knows nobody by it.
    expect((await refusal(checkPin(other.id, { userId: manager.id, pin: "7391", purpose: "approve" }))).fields.pin).toMatch(/no till PIN/);
  });

  it("at a paired register over HTTP: a PIN opens that register's till, and no back office", async () => {
    const r = await pairedRegister(shop, "PIN counter");
    const ok = await server.call("till.checkPin", { userId: manager.id, pin: "7391", purpose: "approve" }, { register: r.token });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toBeNull();
    // No session came of it: the back office still says log in.
    expect((await server.call("registers.review", { shopSlug: shop.slug }, { register: r.token, type: "query" })).status).toBe(401);
    expect((await server.call("till.checkPin", { userId: manager.id, pin: "7391", purpose: "approve" })).status).toBe(401);
  });
});

describe("receipt numbers per register", () => {
  it("hands out disjoint blocks under concurrency", async () => {
    const r = await createRegister(shop.id, { locationId: shop.locationId, name: "Blocks" });
    const blocks = await Promise.all(Array.from({ length: 20 }, () => inShop(shop.id, (tx) => allocateBlock(tx, shop.id, r.id))));
    const numbers = blocks.flatMap((b) => Array.from({ length: b.end - b.start }, (_, i) => b.start + i));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.min(...numbers)).toBe(1);
  });

  it("two registers syncing at once both use their own 1, 2, 3 and get distinct shop numbers", async () => {
    const item = await product(shop, 100);
    const [a, b] = [await pairedRegister(shop, "Conc A"), await pairedRegister(shop, "Conc B")];
    await Promise.all(
      [a, b].map((r) =>
        syncSales(
          shop.id,
          r.id,
          [1, 2, 3].map((n) => sale(item, r.block.start + n - 1)),
        ),
      ),
    );
    const [oa, ob] = [await ordersOf(a.id), await ordersOf(b.id)];
    expect(oa.map((o) => o.registerReceipt)).toEqual([1, 2, 3]);
    expect(ob.map((o) => o.registerReceipt)).toEqual([1, 2, 3]);
    expect(new Set([...oa, ...ob].map((o) => o.number)).size).toBe(6);
  });
});

describe("sync, exactly once", () => {
  it("applies a batch in receipt order, answers a resend with what it made, and one order when two tabs race", async () => {
    const item = await product(shop, 50);
    const r = await pairedRegister(shop, "Once");
    const sales = [3, 1, 5, 2, 4].map((n) => sale(item, n));
    const first = await syncSales(shop.id, r.id, sales.slice(0, 2)); // cut half-way
    expect(first.results.map((x) => x.status)).toEqual(["applied", "applied"]);
    const [again, tab2] = await Promise.all([syncSales(shop.id, r.id, sales), syncSales(shop.id, r.id, sales)]);
    expect(again.results.map((x) => x.receipt)).toEqual([1, 2, 3, 4, 5]);
    expect(tab2.results.map((x) => x.orderNumber)).toEqual(again.results.map((x) => x.orderNumber));
    expect((await ordersOf(r.id)).map((o) => o.registerReceipt)).toEqual([1, 2, 3, 4, 5]);
    expect(await stockOf(item.variantId)).toBe(45);
  });

  it("both registers sell the last unit: both recorded, stock −1, one sale for review naming the stock", async () => {
    const item = await product(shop, 1);
    const [a, b] = [await pairedRegister(shop, "Last A"), await pairedRegister(shop, "Last B")];
    const before = (await reviewList(shop.id)).length;
    const [ra, rb] = await Promise.all([syncSales(shop.id, a.id, [sale(item, 1)]), syncSales(shop.id, b.id, [sale(item, 1)])]);
    expect([ra.results[0]!.status, rb.results[0]!.status].sort()).toEqual(["applied", "needs_review"]);
    expect(await stockOf(item.variantId)).toBe(-1);
    const review = await reviewList(shop.id);
    expect(review.length).toBe(before + 1);
    expect(review[0]!.differences).toEqual([{ kind: "stock", sku: item.sku, short: 1 }]);
  });

  it("keeps a sale at the price charged when the price changed, and at the time it was made", async () => {
    const item = await product(shop, 5, 1000);
    const r = await pairedRegister(shop, "Price");
    await inShop(shop.id, (tx) => tx.variant.updateMany({ where: { id: item.variantId }, data: { price: 1200 } }));
    const soldAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const out = await syncSales(shop.id, r.id, [sale(item, 1, { soldAt })]);
    expect(out.results[0]).toMatchObject({ status: "needs_review", differences: [{ kind: "price", sku: item.sku, charged: 1000, current: 1200 }] });
    const [order] = await ordersOf(r.id);
    expect(order).toMatchObject({ total: 1000, createdAt: new Date(soldAt) });
  });

  it("a sale that fails rolls back alone: the batch's others are applied, and a reused receipt number is refused by name", async () => {
    const item = await product(shop, 100);
    const r = await pairedRegister(shop, "Savepoints");
    const ghost = { ...item, variantId: randomUUID(), sku: "GHOST-1" };
    const first = sale(item, 1);
    await syncSales(shop.id, r.id, [first]);
    // 30 sales: more than one chunk, with two bad ones inside.
    const batch = Array.from({ length: 30 }, (_, i) => (i === 4 ? sale(ghost, 2 + i) : sale(item, 2 + i)));
    batch.push(sale(item, 1)); // receipt 1 again, another sale
    const out = await syncSales(shop.id, r.id, batch);
    const refused = out.results.filter((x) => x.status === "refused");
    expect(refused.map((x) => [x.receipt, x.error])).toEqual([
      [1, "Another sale of this register already has this receipt number"],
      [6, expect.stringMatching(/Receipt \d+-000006: none of its items exist any more/)],
    ]);
    expect(out.results.filter((x) => x.status === "applied")).toHaveLength(29);
    expect((await ordersOf(r.id)).map((o) => o.registerReceipt)).toEqual([1, ...Array.from({ length: 30 }, (_, i) => 2 + i).filter((n) => n !== 6)]);
    expect(await stockOf(item.variantId)).toBe(70);
    // Sent again: the same answers, nothing written twice.
    const again = await syncSales(shop.id, r.id, batch);
    expect(again.results.map((x) => x.status)).toEqual(out.results.map((x) => x.status));
    expect(await stockOf(item.variantId)).toBe(70);
  });

  it("a register whose clock is ahead: its sale is recorded when it arrived, flagged with how far ahead", async () => {
    const item = await product(shop, 5);
    const r = await pairedRegister(shop, "Clock ahead");
    const before = Date.now();
    const out = await syncSales(shop.id, r.id, [sale(item, 1, { soldAt: new Date(before + 3 * 24 * 3600_000).toISOString() }), sale(item, 2)]);
    expect(out.results.map((x) => x.status)).toEqual(["needs_review", "applied"]);
    expect(out.results[0]!.differences).toEqual([{ kind: "future", minutes: expect.closeTo(3 * 24 * 60, 0) }]);
    const [order] = await ordersOf(r.id);
    expect(order!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(order!.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    const flagged = (await reviewList(shop.id)).find((x) => x.register === "Clock ahead")!;
    expect(flagged.soldAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(describeDifference(flagged.differences[0]!, "EUR")).toBe(
      "The register's clock was 72 hours ahead: recorded at the time it arrived, not the time it showed",
    );
    // A few minutes ahead is a clock's ordinary drift: recorded as it said.
    const drift = new Date(Date.now() + 5 * 60_000).toISOString();
    expect((await syncSales(shop.id, r.id, [sale(item, 3, { soldAt: drift })])).results[0]!.status).toBe("applied");
  });

  it("flags an archived product's sale and still records it", async () => {
    const item = await product(shop, 5);
    const r = await pairedRegister(shop, "Archived");
    await bulkEdit(shop.id, { productIds: [item.productId], status: "archived" });
    const out = await syncSales(shop.id, r.id, [sale(item, 1)]);
    expect(out.results[0]).toMatchObject({ status: "needs_review", differences: [{ kind: "archived", sku: item.sku }] });
    expect(await stockOf(item.variantId)).toBe(4);
  });

  it("holds what an unpaired register sends until a manager accepts it", async () => {
    const item = await product(shop, 5);
    const r = await pairedRegister(shop, "Lost");
    await unpairRegister(shop.id, r.id);
    const out = await syncSales(shop.id, r.id, [sale(item, 1)]);
    expect(out.results[0]).toMatchObject({ status: "held", orderNumber: null, differences: [{ kind: "unpaired" }] });
    expect(await ordersOf(r.id)).toEqual([]);
    expect(await stockOf(item.variantId)).toBe(5);
    const held = (await reviewList(shop.id)).find((x) => x.register === "Lost")!;
    const accepted = await resolveSale(shop.id, { userId: manager.id, label: "Mia" }, { registerSaleId: held.id, action: "accept" });
    expect(accepted.orderNumber).toBeGreaterThan(0);
    expect(await stockOf(item.variantId)).toBe(4);
    expect((await reviewList(shop.id)).find((x) => x.id === held.id)).toBeUndefined();
  });

  it("over HTTP: a register of shop A never writes into shop B, an unknown browser gets 401, an unpaired one 403 except to sync", async () => {
    const itemB = await product(other, 5);
    const r = await pairedRegister(shop, "HTTP");
    const res = await server.call("till.sync", { shopSlug: other.slug, sales: [sale(itemB, 1)] }, { register: r.token });
    expect(res.status).toBe(200);
    expect((res.body.result?.data as { results: { status: string; error: string }[] }).results[0]).toMatchObject({
      status: "refused",
      error: expect.stringMatching(/none of its items exist/),
    });
    expect(await inShop(other.id, (tx) => tx.order.count())).toBe(0);
    expect(await inShop(other.id, async (tx) => (await tx.stockLevel.findFirstOrThrow({ where: { variantId: itemB.variantId } })).onHand)).toBe(5);
    expect((await server.call("till.feed", { cursor: "0" }, { type: "query" })).status).toBe(401);
    expect((await server.call("till.feed", { cursor: "0" }, { register: "x".repeat(43), type: "query" })).status).toBe(401);
    await unpairRegister(shop.id, r.id);
    expect((await server.call("till.feed", { cursor: "0" }, { register: r.token, type: "query" })).status).toBe(403);
    const held = await server.call("till.sync", { sales: [sale(await product(shop, 1), r.block.start)] }, { register: r.token });
    expect((held.body.result?.data as { results: { status: string }[] }).results[0]!.status).toBe("held");
  });
});

describe("cash-up per register", () => {
  it("counts a register's own cash, offline sales included, and not the location's other drawers", async () => {
    const item = await product(shop, 20, 700);
    const [a, b] = [await pairedRegister(shop, "Cash A"), await pairedRegister(shop, "Cash B")];
    await syncSales(shop.id, a.id, [sale(item, 1, { total: 700, cashTendered: 1000 }), sale(item, 2, { total: 700, cashTendered: 700 })]);
    await syncSales(shop.id, b.id, [sale(item, 1, { total: 700, cashTendered: 700 })]);
    const pa = await cashUpPreview(shop.id, shop.locationId, a.id);
    expect(pa).toMatchObject({ cashSales: 1400, sales: 2, register: { name: "Cash A" } });
    const done = await cashUp(shop.id, { userId: manager.id, label: "Mia" }, { locationId: shop.locationId, registerId: a.id, float: 5000, counted: 6400 });
    expect(done).toMatchObject({ expected: 6400, difference: 0 });
    expect(await cashUpPreview(shop.id, shop.locationId, b.id)).toMatchObject({ cashSales: 700, sales: 1 });
    expect(await cashUpPreview(shop.id, shop.locationId, a.id)).toMatchObject({ cashSales: 0, sales: 0 });
    const elsewhere = await pairedRegister(other, "Other");
    await expect(cashUpPreview(shop.id, shop.locationId, elsewhere.id)).rejects.toThrow(/Register not found/);
  });
});

describe("the catalog feed", () => {
  it("pages the whole catalog first, then brings only a change, a price change and a delete", async () => {
    const feedShop = await createShop({ name: "Feed Shop" });
    const items: Awaited<ReturnType<typeof product>>[] = [];
    for (let i = 0; i < 5; i++) items.push(await product(feedShop, i === 3 ? 0 : 3, 100 + i));
    const first = await catalogFeed(feedShop.id, feedShop.locationId, { cursor: "0", limit: 3 });
    expect(first.changed.length).toBe(3);
    expect(first.more).toBe(true);
    const rest = await catalogFeed(feedShop.id, feedShop.locationId, { cursor: first.cursor, limit: 3 });
    expect(rest.changed.length).toBe(2);
    expect(rest.more).toBe(false);
    expect(rest.changed.map((v) => v.available)).toEqual([0, 3]);
    const idle = await catalogFeed(feedShop.id, feedShop.locationId, { cursor: rest.cursor, limit: 100 });
    expect(idle).toEqual({ cursor: rest.cursor, changed: [], removed: [], more: false });

    await inShop(feedShop.id, (tx) => tx.variant.updateMany({ where: { id: items[0]!.variantId }, data: { price: 999 } }));
    await bulkEdit(feedShop.id, { productIds: [items[1]!.productId], status: "archived" });
    // A variant never stocked can be deleted (the ledger keeps the others).
    await inShop(feedShop.id, (tx) => tx.variant.deleteMany({ where: { id: items[3]!.variantId } }));
    const next = await catalogFeed(feedShop.id, feedShop.locationId, { cursor: rest.cursor, limit: 100 });
    expect(next.changed.map((v) => [v.sku, v.price])).toEqual([[items[0]!.sku, 999]]);
    expect(next.removed.sort()).toEqual([items[1]!.variantId, items[3]!.variantId].sort());
    // Another shop's changes never show.
    await product(other, 1);
    expect((await catalogFeed(feedShop.id, feedShop.locationId, { cursor: next.cursor, limit: 100 })).changed).toEqual([]);
  });
});

describe("returns at a register, approved by a manager's PIN", () => {
  it("finds the sale from its receipt, refuses a wrong or a cashier's PIN writing nothing, and refunds from this register's drawer", async () => {
    await setPin(shop.id, manager.id, "7391");
    await setPin(shop.id, cashier.id, "4826");
    const item = await product(shop, 10, 650);
    const r = await pairedRegister(shop, "Returns desk");
    const code = (await inShop(shop.id, (tx) => tx.register.findFirstOrThrow({ where: { id: r.id }, select: { code: true } }))).code;
    const two = sale(item, r.block.start, {
      total: 1300,
      cashTendered: 1300,
      items: [{ variantId: item.variantId, quantity: 2, unitPrice: 650, taxClass: "standard", sku: item.sku, title: "Jam" }],
    });
    await syncSales(shop.id, r.id, [two]);
    expect(await stockOf(item.variantId)).toBe(8);

    const label = `${code}-${String(r.block.start).padStart(6, "0")}`;
    const found = await server.call("till.findSale", { receipt: ` ${label} ` }, { register: r.token, type: "query" });
    expect(found.status).toBe(200);
    const saleFound = found.body.result!.data as {
      orderId: string;
      label: string;
      paidBy: string;
      lines: { lineId: string; returnable: number; unitValue: number }[];
    };
    expect(saleFound).toMatchObject({ label, paidBy: "cash", lines: [{ returnable: 2, unitValue: 650 }] });
    const lineId = saleFound.lines[0]!.lineId;
    // By the shop's order number too; nonsense and unknown receipts say what to type.
    const number = (await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: saleFound.orderId }, select: { number: true } }))).number;
    expect((await server.call("till.findSale", { receipt: `#${number}` }, { register: r.token, type: "query" })).status).toBe(200);
    const nonsense = await server.call("till.findSale", { receipt: "__proto__" }, { register: r.token, type: "query" });
    expect([nonsense.status, nonsense.body.error?.data.fieldErrors?.receipt]).toEqual([400, expect.stringMatching(/like 2-000017/)]);
    const unknown = await server.call("till.findSale", { receipt: `${code}-999999` }, { register: r.token, type: "query" });
    expect(unknown.body.error?.data.fieldErrors?.receipt).toMatch(/no sale .* in this shop/);
    // Another shop's register cannot see this sale, even by its number.
    const elsewhere = await pairedRegister(other, "Other desk");
    expect((await server.call("till.findSale", { receipt: `#${number}` }, { register: elsewhere.token, type: "query" })).status).toBe(400);

    const ret = (approval: { userId: string; pin: string }, token = r.token) =>
      server.call(
        "till.returnSale",
        { orderId: saleFound.orderId, lines: [{ lineId, quantity: 1 }], tender: "cash", staffId: cashier.id, approval },
        { register: token },
      );
    const wrong = await ret({ userId: manager.id, pin: "1590" });
    expect([wrong.status, wrong.body.error?.data.fieldErrors?.pin]).toEqual([400, expect.stringMatching(/wrong PIN, \d tries? left/)]);
    const byCashier = await ret({ userId: cashier.id, pin: "4826" });
    expect([byCashier.status, byCashier.body.error?.message]).toEqual([403, expect.stringMatching(/Only a manager or owner/)]);
    // Shop B's register cannot return shop A's sale.
    expect((await ret({ userId: manager.id, pin: "7391" }, elsewhere.token)).status).toBeGreaterThanOrEqual(400);
    expect(await inShop(shop.id, (tx) => tx.refund.count({ where: { orderId: saleFound.orderId } }))).toBe(0);
    expect(await stockOf(item.variantId)).toBe(8);

    const ok = await ret({ userId: manager.id, pin: "7391" });
    expect(ok.status).toBe(200);
    expect(ok.body.result!.data).toMatchObject({ amount: 650, kind: "cash", status: "partially_refunded" });
    const refund = await inShop(shop.id, (tx) =>
      tx.refund.findFirstOrThrow({ where: { orderId: saleFound.orderId }, select: { amount: true, registerId: true, restock: true, staffId: true } }),
    );
    expect(refund).toEqual({ amount: 650, registerId: r.id, restock: true, staffId: cashier.id });
    expect(await stockOf(item.variantId)).toBe(9);
    const history = await inShop(shop.id, (tx) => tx.orderEvent.findMany({ where: { orderId: saleFound.orderId }, select: { actor: true } }));
    expect(history.map((e) => e.actor)).toContain("Cass Cashier at Returns desk, approved by Mia Manager");
    // The cash left this register's drawer: its cash-up counts it, another register's does not.
    expect(await cashUpPreview(shop.id, shop.locationId, r.id)).toMatchObject({ cashSales: 1300, cashRefunds: 650 });
    // One more than is left is refused, by the field.
    const again = await server.call(
      "till.returnSale",
      { orderId: saleFound.orderId, lines: [{ lineId, quantity: 2 }], tender: "cash", staffId: cashier.id, approval: { userId: manager.id, pin: "7391" } },
      { register: r.token },
    );
    expect(again.body.error?.data.fieldErrors?.lines).toMatch(/Only 1 of .* can still be returned/);
  });
});
