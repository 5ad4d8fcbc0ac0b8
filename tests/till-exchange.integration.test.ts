import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { cashUp, cashUpPreview } from "../server/services/orders/cashup";
import { posSale } from "../server/services/orders/pos";
import { refundOrder } from "../server/services/orders/refunds";
import { exchangeCredit } from "../server/services/registers/exchange";
import { allocateBlock, createRegister, pairRegister } from "../server/services/registers/registers";
import { setPin } from "../server/services/registers/pins";
import type { RegisterSaleInput } from "../server/schemas/registers";
import { startTestServer } from "./support/http";

type Shop = Awaited<ReturnType<typeof createShop>>;
type Item = Awaited<ReturnType<typeof product>>;
type Register = Awaited<ReturnType<typeof pairedRegister>>;
let shop: Shop;
let other: Shop;
let server: Awaited<ReturnType<typeof startTestServer>>;
let cashier: Awaited<ReturnType<typeof createUser>>;
let manager: Awaited<ReturnType<typeof createUser>>;
let otherManager: Awaited<ReturnType<typeof createUser>>;

async function product(s: Shop, stock: number, price: number) {
  const sku = `X-${randomUUID().slice(0, 8)}`;
  const p = await createProduct(s.id, productInput({ title: `Item ${sku}`, variants: [{ optionValues: [], sku, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity: stock });
  return { variantId: v.id, sku, price };
}

async function pairedRegister(s: Shop, name: string) {
  const r = await createRegister(s.id, { locationId: s.locationId, name });
  const { token } = await pairRegister(s.id, r.id);
  const block = await inShop(s.id, (tx) => allocateBlock(tx, s.id, r.id));
  const { code } = await inShop(s.id, (tx) => tx.register.findFirstOrThrow({ where: { id: r.id }, select: { code: true } }));
  let next = block.start;
  return { id: r.id, token, code, receipt: () => next++ };
}

function sale(item: Item, receipt: number, staffId: string, over: Partial<RegisterSaleInput> = {}): RegisterSaleInput {
  return {
    clientRef: randomUUID(),
    receipt,
    soldAt: new Date().toISOString(),
    staffId,
    total: item.price,
    items: [{ variantId: item.variantId, quantity: 1, unitPrice: item.price, taxClass: "standard", sku: item.sku, title: "Item" }],
    ...over,
  };
}

type Outcome = { status: string; orderNumber: number | null; error?: string };
async function sync(r: Register, s: RegisterSaleInput) {
  const res = await server.call("till.sync", { sales: [s] }, { register: r.token });
  expect(res.status).toBe(200);
  return (res.body.result!.data as { results: Outcome[] }).results[0]!;
}

/** A cash sale of one item at the register, then its return kept as an exchange credit, approved by the manager's PIN. */
async function creditFrom(r: Register, item: Item) {
  const receipt = r.receipt();
  expect((await sync(r, sale(item, receipt, cashier.id, { cashTendered: item.price }))).status).toBe("applied");
  const label = `${r.code}-${String(receipt).padStart(6, "0")}`;
  const found = (await server.call("till.findSale", { receipt: label }, { register: r.token, type: "query" })).body.result!.data as {
    orderId: string;
    lines: { lineId: string }[];
  };
  const res = await server.call(
    "till.returnSale",
    {
      orderId: found.orderId,
      lines: [{ lineId: found.lines[0]!.lineId, quantity: 1 }],
      tender: "exchange",
      staffId: cashier.id,
      approval: { userId: manager.id, pin: "7391" },
    },
    { register: r.token },
  );
  expect(res.status).toBe(200);
  const credit = res.body.result!.data as { refundId: string; amount: number; kind: string };
  return { ...credit, orderId: found.orderId, label };
}

const paymentsOf = (number: number) =>
  inShop(shop.id, (tx) =>
    tx.payment.findMany({ where: { order: { number } }, orderBy: { kind: "asc" }, select: { kind: true, amount: true, refundId: true } }),
  );
const refundsOf = (orderId: string) =>
  inShop(shop.id, (tx) => tx.refund.findMany({ where: { orderId }, orderBy: { kind: "asc" }, select: { kind: true, amount: true, registerId: true } }));
const stockOf = (variantId: string) =>
  inShop(shop.id, async (tx) => (await tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: shop.locationId }, select: { onHand: true } })).onHand);

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop({ name: "Exchange Shop" });
  other = await createShop({ name: "Other Exchange Shop" });
  cashier = await createUser({ name: "Cass Cashier" });
  manager = await createUser({ name: "Mia Manager" });
  otherManager = await createUser({ name: "Oto Manager" });
  await addMember(shop.id, cashier.id, "cashier");
  await addMember(shop.id, manager.id, "manager");
  await addMember(other.id, cashier.id, "cashier");
  await addMember(other.id, otherManager.id, "manager");
  await setPin(shop.id, manager.id, "7391");
  await setPin(other.id, otherManager.id, "7391");
});
afterAll(() => server.close());

describe("an exchange at the register", () => {
  it("keeps the return as a credit (no cash out), the new sale spends it once and the customer pays only the difference in cash", async () => {
    const r = await pairedRegister(shop, "Exchange desk");
    const jam = await product(shop, 5, 650);
    const honey = await product(shop, 5, 1000);
    const credit = await creditFrom(r, jam);
    expect(credit).toMatchObject({ amount: 650, kind: "exchange" });
    expect(await stockOf(jam.variantId)).toBe(5);
    // No money left the drawer for the return.
    expect(await cashUpPreview(shop.id, shop.locationId, r.id)).toMatchObject({ cashSales: 650, cashRefunds: 0 });

    const swap = sale(honey, r.receipt(), cashier.id, { cashTendered: 500, exchange: { refundId: credit.refundId, amount: 650 } });
    const applied = await sync(r, swap);
    expect(applied.status).toBe("applied");
    expect(await paymentsOf(applied.orderNumber!)).toEqual([
      { kind: "cash", amount: 350, refundId: null },
      { kind: "exchange", amount: 650, refundId: credit.refundId },
    ]);
    const order = await inShop(shop.id, (tx) =>
      tx.order.findFirstOrThrow({ where: { number: applied.orderNumber! }, select: { total: true, paid: true, events: { select: { note: true } } } }),
    );
    expect(order).toMatchObject({ total: 1000, paid: 1000 });
    expect(order.events.map((e) => e.note).join(" ")).toContain(`exchange for the return on receipt ${credit.label}`);
    expect(await stockOf(honey.variantId)).toBe(4);
    // Only the difference moved cash: 650 for the jam, then 350 for the honey.
    expect(await cashUpPreview(shop.id, shop.locationId, r.id)).toMatchObject({ cashSales: 1000, cashRefunds: 0, cardSales: 0 });
    const counted = await cashUp(shop.id, { userId: manager.id, label: "Mia" }, { locationId: shop.locationId, registerId: r.id, float: 2000, counted: 3000 });
    expect(counted).toMatchObject({ cashSales: 1000, cashRefunds: 0, expected: 3000, difference: 0 });

    // A second use (a resend under another reference) is refused by name, and writes nothing.
    const again = await sync(r, sale(honey, r.receipt(), cashier.id, { exchange: { refundId: credit.refundId, amount: 650 }, cashTendered: 350 }));
    expect(again).toMatchObject({
      status: "refused",
      error: `Exchange credit: the credit from receipt ${credit.label} has already been used, on sale #${applied.orderNumber}`,
    });
    expect(await stockOf(honey.variantId)).toBe(4);
    // The same sale sent again answers what it made, once.
    expect(await sync(r, swap)).toMatchObject({ status: "applied", orderNumber: applied.orderNumber });
    expect(await inShop(shop.id, (tx) => tx.payment.count({ where: { refundId: credit.refundId } }))).toBe(1);
  });

  it("when the new item costs less, the rest of the credit goes back in cash from this drawer, and the cash-up counts only that", async () => {
    const r = await pairedRegister(shop, "Small swap");
    const coat = await product(shop, 3, 1500);
    const hat = await product(shop, 3, 650);
    const credit = await creditFrom(r, coat);
    const applied = await sync(r, sale(hat, r.receipt(), cashier.id, { exchange: { refundId: credit.refundId, amount: 1500 } }));
    expect(applied.status).toBe("applied");
    expect(await paymentsOf(applied.orderNumber!)).toEqual([{ kind: "exchange", amount: 650, refundId: credit.refundId }]);
    // The original sale's refunds: 650 kept as credit and spent, 850 in cash from this register; 1500 in all, as returned.
    expect(await refundsOf(credit.orderId)).toEqual([
      { kind: "cash", amount: 850, registerId: r.id },
      { kind: "exchange", amount: 650, registerId: r.id },
    ]);
    expect(await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: credit.orderId }, select: { refunded: true, status: true } }))).toEqual({
      refunded: 1500,
      status: "refunded",
    });
    expect(await cashUpPreview(shop.id, shop.locationId, r.id)).toMatchObject({ cashSales: 1500, cashRefunds: 850 });
  });

  it("refuses more than the credit, a refund paid in cash, another shop's credit and a credit of no sale, each with a clear message", async () => {
    const r = await pairedRegister(shop, "Careful desk");
    const bread = await product(shop, 10, 400);
    const credit = await creditFrom(r, bread);
    const use = (exchange: { refundId: string; amount: number }, reg = r, staffId = cashier.id) =>
      sync(reg, sale(bread, reg.receipt(), staffId, { exchange, cashTendered: 1000 }));

    expect(await use({ refundId: credit.refundId, amount: 900 })).toMatchObject({
      status: "refused",
      error: `Exchange credit: the credit from receipt ${credit.label} is €4.00, not €9.00`,
    });
    // A refund paid back in cash is not a credit.
    const cashSale = await creditFromCash(r, bread);
    expect(await use({ refundId: cashSale, amount: 400 })).toMatchObject({
      status: "refused",
      error: expect.stringMatching(/was paid back, not kept as an exchange credit/),
    });
    expect(await use({ refundId: randomUUID(), amount: 400 })).toMatchObject({
      status: "refused",
      error: expect.stringMatching(/no such credit in this shop/),
    });

    // Shop B's register cannot spend shop A's credit, not even knowing its id.
    const elsewhere = await pairedRegister(other, "Other desk");
    const otherBread = await product(other, 5, 400);
    const res = await server.call(
      "till.sync",
      { sales: [sale(otherBread, elsewhere.receipt(), cashier.id, { exchange: { refundId: credit.refundId, amount: 400 } })] },
      { register: elsewhere.token },
    );
    expect((res.body.result!.data as { results: Outcome[] }).results[0]).toMatchObject({
      status: "refused",
      error: expect.stringMatching(/no such credit in this shop/),
    });
    // Nothing of it was spent: it still works here, once.
    expect((await use({ refundId: credit.refundId, amount: 400 })).status).toBe("applied");
    // 10, one sold and returned to stock twice, one sold with the credit.
    expect(await stockOf(bread.variantId)).toBe(9);
  });

  it("answers hostile exchange input with 400 naming the field, writing nothing", async () => {
    const r = await pairedRegister(shop, "Hostile desk");
    const item = await product(shop, 2, 300);
    const bad = [
      { refundId: "__proto__", amount: 300 },
      { refundId: "constructor", amount: 300 },
      { refundId: "018f0000-0000-7000-8000-00000000\u0000001", amount: 300 },
      { refundId: randomUUID(), amount: 2 ** 40 },
      { refundId: randomUUID(), amount: 0 },
      { refundId: randomUUID(), amount: "300" },
    ];
    for (const exchange of bad) {
      const res = await server.call("till.sync", { sales: [{ ...sale(item, r.receipt(), cashier.id), exchange }] }, { register: r.token });
      expect(res.status, JSON.stringify(exchange)).toBe(400);
      expect(JSON.stringify(res.body.error?.data.fieldErrors)).toMatch(/exchange|Exchange credit/i);
    }
    const proto = await server.call(
      "till.sync",
      { sales: [{ ...sale(item, r.receipt(), cashier.id), exchange: JSON.parse('{"__proto__": {"amount": 1}}') }] },
      { register: r.token },
    );
    expect(proto.status).toBe(400);
    for (const tender of ["__proto__", "store_credit", "stripe"]) {
      const res = await server.call(
        "till.returnSale",
        { orderId: randomUUID(), lines: [{ lineId: randomUUID(), quantity: 1 }], tender, staffId: cashier.id, approval: { userId: manager.id, pin: "7391" } },
        { register: r.token },
      );
      expect([res.status, res.body.error?.data.fieldErrors?.tender]).toEqual([400, expect.stringMatching(/exchange credit/)]);
    }
    expect(await inShop(shop.id, (tx) => tx.order.count({ where: { registerId: r.id } }))).toBe(0);
  });
});

describe("an exchange at /pos, started from the order page's refund", () => {
  const at = () => ({ userId: cashier.id, label: "Cass Cashier", role: "cashier" as const });
  const sell = (s: Shop, item: Item, over: Partial<Parameters<typeof posSale>[2]> = {}) =>
    posSale(s.id, at(), { clientRef: randomUUID(), locationId: s.locationId, items: [{ variantId: item.variantId, quantity: 1 }], ...over });

  it("keeps the refund as a credit, reads it for the till, spends it once on a sale, and the location's cash-up counts only the difference", async () => {
    const mug = await product(shop, 4, 1200);
    const cup = await product(shop, 4, 2000);
    const first = await sell(shop, mug, { cashTendered: 1200 });
    const lineId = (await inShop(shop.id, (tx) => tx.orderLine.findFirstOrThrow({ where: { orderId: first.orderId }, select: { id: true } }))).id;
    // From here on, only the exchange: the mug was paid in cash before.
    const before = await cashUpPreview(shop.id, shop.locationId);
    const refund = await refundOrder(shop.id, at(), { orderId: first.orderId, lines: [{ lineId, quantity: 1 }], restock: true, tender: "exchange" });
    expect(refund).toMatchObject({ kind: "exchange", amount: 1200, status: "refunded" });
    expect(await exchangeCredit(shop.id, refund.refundId)).toEqual({ refundId: refund.refundId, amount: 1200, currency: "EUR", label: `#${first.number}` });
    // Not another shop's to read.
    await expect(exchangeCredit(other.id, refund.refundId)).rejects.toThrow(/Exchange credit not found/);
    expect((await cashUpPreview(shop.id, shop.locationId)).cashRefunds).toBe(before.cashRefunds);

    const otherCup = await product(other, 2, 2000);
    await expect(sell(other, otherCup, { exchange: { refundId: refund.refundId, amount: 1200 }, cashTendered: 800 })).rejects.toThrow(
      /no such credit in this shop/,
    );
    await expect(sell(shop, cup, { exchange: { refundId: refund.refundId, amount: 1500 }, cashTendered: 500 })).rejects.toThrow(
      `Exchange credit: the credit from order #${first.number} is €12.00, not €15.00`,
    );
    await expect(sell(shop, cup, { exchange: { refundId: refund.refundId, amount: 1200 }, card: { amount: 900 } })).rejects.toThrow(
      "The card amount is more than what is left to pay (€8.00)",
    );
    const swap = await sell(shop, cup, { exchange: { refundId: refund.refundId, amount: 1200 }, cashTendered: 1000 });
    expect(swap).toMatchObject({ total: 2000, change: 200 });
    expect(await paymentsOf(swap.number)).toEqual([
      { kind: "cash", amount: 800, refundId: null },
      { kind: "exchange", amount: 1200, refundId: refund.refundId },
    ]);
    const now = await cashUpPreview(shop.id, shop.locationId);
    expect([now.cashSales - before.cashSales, now.cashRefunds - before.cashRefunds]).toEqual([800, 0]);
    await expect(exchangeCredit(shop.id, refund.refundId)).rejects.toThrow(`the credit from #${first.number} has already been used, on sale #${swap.number}`);
    await expect(sell(shop, cup, { exchange: { refundId: refund.refundId, amount: 1200 }, cashTendered: 2000 })).rejects.toThrow(/already been used/);
    expect(await stockOf(cup.variantId)).toBe(3);
  });

  it("a cash refund's id is no credit to read; hostile ids answer 400 naming the field, another shop's credit 404", async () => {
    const item = await product(shop, 2, 500);
    const sold = await sell(shop, item, { cashTendered: 500 });
    const refund = await refundOrder(shop.id, at(), { orderId: sold.orderId, amount: 500, lines: [], restock: false, tender: "cash" });
    await expect(exchangeCredit(shop.id, refund.refundId)).rejects.toThrow(/Exchange credit not found/);
    const cookie = await server.cookieFor(cashier.id);
    for (const refundId of ["__proto__", "constructor", "018f0000-0000-7000-8000-00000000\u0000001", 2 ** 40]) {
      const res = await server.call("pos.exchangeCredit", { shopSlug: shop.slug, refundId }, { type: "query", cookie });
      expect([res.status, res.body.error?.data.fieldErrors?.refundId]).toEqual([400, expect.any(String)]);
    }
    // Another shop's credit, through its own cashier's session: not found.
    const credit = await refundOrder(shop.id, at(), {
      orderId: (await sell(shop, item, { cashTendered: 500 })).orderId,
      amount: 500,
      lines: [],
      restock: false,
      tender: "exchange",
    });
    const theirs = await server.call("pos.exchangeCredit", { shopSlug: other.slug, refundId: credit.refundId }, { type: "query", cookie });
    expect([theirs.status, theirs.body.error?.message]).toEqual([404, "Exchange credit not found"]);
    const ours = await server.call("pos.exchangeCredit", { shopSlug: shop.slug, refundId: credit.refundId }, { type: "query", cookie });
    expect(ours.body.result?.data).toMatchObject({ amount: 500 });
  });
});

/** A cash sale returned for cash: its refund's id. */
async function creditFromCash(r: Register, item: Item) {
  const receipt = r.receipt();
  await sync(r, sale(item, receipt, cashier.id, { cashTendered: item.price }));
  const found = (await server.call("till.findSale", { receipt: `${r.code}-${receipt}` }, { register: r.token, type: "query" })).body.result!.data as {
    orderId: string;
    lines: { lineId: string }[];
  };
  const res = await server.call(
    "till.returnSale",
    {
      orderId: found.orderId,
      lines: [{ lineId: found.lines[0]!.lineId, quantity: 1 }],
      tender: "cash",
      staffId: cashier.id,
      approval: { userId: manager.id, pin: "7391" },
    },
    { register: r.token },
  );
  expect(res.status).toBe(200);
  return (res.body.result!.data as { refundId: string }).refundId;
}
