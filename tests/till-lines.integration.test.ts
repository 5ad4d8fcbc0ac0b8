import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { allocateBlock, createRegister, pairRegister } from "../server/services/registers/registers";
import { localDay, rollupDay } from "../server/services/reports/rollup";
import { startTestServer } from "./support/http";

/**
 * Issue 18: a custom amount (an item without a barcode: no product, no
 * stock) and a line's own discount and note, at the online till and at a
 * register. The server prices them again, refuses a line discount larger
 * than its line, and sends a discount above the shop's limit to a manager.
 */
type Shop = Awaited<ReturnType<typeof createShop>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Shop;
let cookie: string;
let cashierId: string;
const PASSWORD = "staff password here";
let managerEmail: string;
let register: { token: string; start: number };
let item: { variantId: string; sku: string; price: number };

async function product(s: Shop, price = 1000) {
  const sku = `L-${randomUUID().slice(0, 8)}`;
  const p = await createProduct(s.id, productInput({ title: `Loaf ${sku}`, variants: [{ optionValues: [], sku, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity: 50 });
  return { variantId: v.id, sku, price };
}
const onHand = (variantId: string) =>
  inShop(shop.id, async (tx) => (await tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: shop.locationId }, select: { onHand: true } })).onHand);
const linesOf = (number: number) =>
  inShop(shop.id, async (tx) => {
    const o = await tx.order.findFirstOrThrow({
      where: { number },
      select: {
        subtotal: true,
        discount: true,
        total: true,
        discountApprovedBy: true,
        lines: {
          orderBy: { position: "asc" },
          select: {
            title: true,
            sku: true,
            variantId: true,
            productId: true,
            unitPrice: true,
            quantity: true,
            lineDiscount: true,
            discount: true,
            taxRate: true,
            note: true,
            total: true,
          },
        },
      },
    });
    return o;
  });
const sale = (over: Record<string, unknown>) =>
  server.call("pos.sale", { shopSlug: shop.slug, clientRef: randomUUID(), locationId: shop.locationId, cashTendered: 100_000, ...over }, { cookie });
const numberOf = (r: { body: { result?: { data: unknown } } }) => (r.body.result?.data as { number: number }).number;

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop({ name: "Boulangerie" });
  const cashier = await createUser({ name: "Cass Cashier", password: PASSWORD });
  const manager = await createUser({ name: "Mia Manager", password: PASSWORD });
  cashierId = cashier.id;
  managerEmail = manager.email;
  await addMember(shop.id, cashier.id, "cashier");
  await addMember(shop.id, manager.id, "manager");
  cookie = await server.cookieFor(cashier.id);
  item = await product(shop);
  const r = await createRegister(shop.id, { locationId: shop.locationId, name: "Counter" });
  const { token } = await pairRegister(shop.id, r.id);
  register = { token, start: (await inShop(shop.id, (tx) => allocateBlock(tx, shop.id, r.id))).start };
});
afterAll(() => server.close());

describe("a custom amount at the online till", () => {
  it("is recorded as a line without a product, at the price and VAT rate typed, and moves no stock", async () => {
    const before = await onHand(item.variantId);
    const res = await sale({
      items: [
        { variantId: item.variantId, quantity: 1 },
        { custom: { description: "Gift wrapping", unitPrice: 350, taxClass: "reduced" }, quantity: 2, note: "Blue paper" },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const order = await linesOf(numberOf(res));
    expect(order.lines[1]).toMatchObject({
      title: "Gift wrapping",
      sku: "",
      variantId: null,
      productId: null,
      unitPrice: 350,
      quantity: 2,
      note: "Blue paper",
    });
    const rates = await inShop(shop.id, (tx) => tx.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { taxReduced: true, taxStandard: true } }));
    expect(rates.taxReduced).not.toBe(rates.taxStandard);
    expect(order.lines.map((l) => l.taxRate)).toEqual([rates.taxStandard, rates.taxReduced]);
    expect(order.total).toBe(1000 + 700);
    expect(await onHand(item.variantId)).toBe(before - 1);
    // The day's report counts the custom amount in its sales, and lists only real products.
    const tz = await inShop(shop.id, (tx) => tx.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { timezone: true } }));
    const day = localDay(new Date(), tz.timezone);
    await rollupDay(shop.id, day);
    const products = await inShop(shop.id, (tx) => tx.reportProducts.findMany({ select: { productId: true, title: true } }));
    expect(products.map((p) => p.title)).not.toContain("Gift wrapping");
    const sales = await inShop(shop.id, (tx) => tx.reportSales.aggregate({ _sum: { revenue: true } }));
    expect(Number(sales._sum.revenue)).toBeGreaterThanOrEqual(1700);
  });

  it("refuses a custom line that is not one, each with a clear 400", async () => {
    const bad = [
      { custom: { description: "", unitPrice: 100, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: 0, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: -5, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: 4294967297, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: 1.5, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: "100", taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: 100, taxClass: "luxury" }, quantity: 1 },
      { custom: { description: "Re\u0000pair", unitPrice: 100, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "x".repeat(121), unitPrice: 100, taxClass: "standard" }, quantity: 1 },
      { custom: { description: "Repair", unitPrice: 100, taxClass: "standard" }, variantId: item.variantId, quantity: 1 },
      { quantity: 1 },
      { variantId: "constructor", quantity: 1 },
      { custom: "__proto__", quantity: 1 },
    ];
    const count = await inShop(shop.id, (tx) => tx.order.count());
    for (const line of bad) {
      const r = await sale({ items: [line] });
      expect(r.status, JSON.stringify(line)).toBe(400);
      expect(r.body.error?.message).toBeTruthy();
    }
    const proto = await sale({ items: [JSON.parse('{"quantity":1,"__proto__":{"custom":{"description":"x","unitPrice":100,"taxClass":"standard"}}}')] });
    expect(proto.status).toBe(400);
    expect(await inShop(shop.id, (tx) => tx.order.count())).toBe(count);
  });
});

describe("a line's own discount and note at the online till", () => {
  it("comes off its line before the order's discount; the server's totals are the till's", async () => {
    const res = await sale({
      items: [
        { variantId: item.variantId, quantity: 2, discount: { kind: "amount", amount: 100 }, note: "Day-old" },
        { custom: { description: "Bag", unitPrice: 100, taxClass: "standard" }, quantity: 1 },
      ],
      discount: { kind: "percent", basisPoints: 200 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const order = await linesOf(numberOf(res));
    // 2000 − 100 = 1900 and 100: 2 % of 2000 is 40, shared 38 / 2.
    expect(order.lines.map((l) => [l.lineDiscount, l.discount, l.note])).toEqual([
      [100, 138, "Day-old"],
      [0, 2, ""],
    ]);
    expect([order.subtotal, order.discount, order.total]).toEqual([2100, 140, 1960]);
  });

  it("a line discount larger than the line is refused, and so is one that is not a discount", async () => {
    const over = await sale({ items: [{ variantId: item.variantId, quantity: 1, discount: { kind: "amount", amount: 1001 } }] });
    expect(over.status).toBe(400);
    expect(over.body.error?.data.fieldErrors?.items).toMatch(/Line 1 \(Loaf .*\): the discount is more than the line \(€10\.00\)/);
    for (const discount of [
      { kind: "percent", basisPoints: 10_001 },
      { kind: "amount", amount: -1 },
      { kind: "amount", amount: 4294967297 },
      { kind: "free" },
      "10%",
    ]) {
      const r = await sale({ items: [{ variantId: item.variantId, quantity: 1, discount }] });
      expect(r.status, JSON.stringify(discount)).toBe(400);
    }
    expect((await sale({ items: [{ variantId: item.variantId, quantity: 1, note: "x".repeat(201) }] })).status).toBe(400);
  });

  it("above the shop's limit, a cashier's line discount needs a manager's sign-in, as the order's does", async () => {
    const line = { variantId: item.variantId, quantity: 1, discount: { kind: "percent", basisPoints: 5000 } };
    const asked = await sale({ items: [line] });
    expect(asked.status).toBe(400);
    expect(asked.body.error?.data.fieldErrors?.approval).toMatch(/manager or owner must approve it/);
    const approved = await sale({ items: [line], approval: { email: managerEmail, password: PASSWORD } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const order = await linesOf(numberOf(approved));
    expect(order.discountApprovedBy).not.toBeNull();
    expect(order.total).toBe(500);
  });
});

describe("at a register", () => {
  it("a custom amount and a line discount sync as made: no stock moved for the custom line, totals as charged", async () => {
    const before = await onHand(item.variantId);
    const res = await server.call(
      "till.sync",
      {
        sales: [
          {
            clientRef: randomUUID(),
            receipt: register.start,
            soldAt: new Date().toISOString(),
            staffId: cashierId,
            items: [
              {
                variantId: item.variantId,
                quantity: 1,
                unitPrice: 1000,
                taxClass: "standard",
                sku: item.sku,
                title: "Loaf",
                discount: { kind: "amount", amount: 50 },
              },
              { quantity: 1, unitPrice: 250, taxClass: "zero", sku: "", title: "Key cutting", note: "Two keys" },
            ],
            total: 1200,
            cashTendered: 1200,
          },
        ],
      },
      { register: register.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [outcome] = (res.body.result?.data as { results: { status: string; orderNumber: number }[] }).results;
    expect(outcome).toMatchObject({ status: "applied" });
    const order = await linesOf(outcome!.orderNumber);
    expect(order.lines.map((l) => [l.title, l.variantId === null, l.lineDiscount, l.note, l.total])).toEqual([
      ["Loaf", false, 50, "", 950],
      ["Key cutting", true, 0, "Two keys", 250],
    ]);
    expect(await onHand(item.variantId)).toBe(before - 1);
    // A catalog line still needs its SKU; a custom one past the price ceiling is refused.
    const base = { clientRef: randomUUID(), receipt: register.start + 1, soldAt: new Date().toISOString(), staffId: cashierId, total: 100, cashTendered: 100 };
    for (const line of [
      { variantId: item.variantId, quantity: 1, unitPrice: 100, taxClass: "standard", sku: "", title: "Loaf" },
      { quantity: 1, unitPrice: 4294967297, taxClass: "standard", sku: "", title: "Too much" },
    ]) {
      const r = await server.call("till.sync", { sales: [{ ...base, items: [line] }] }, { register: register.token });
      expect(r.status, JSON.stringify(line)).toBe(400);
    }
  });
});

describe("product tiles", () => {
  it("list the shop's active items with price, stock here and category; another shop's location or a bad id is refused", async () => {
    const res = await server.call("pos.tiles", { shopSlug: shop.slug, locationId: shop.locationId }, { cookie, type: "query" });
    expect(res.status).toBe(200);
    const tiles = res.body.result?.data as { variantId: string; title: string; price: number; available: number; category: string | null }[];
    expect(tiles.find((t) => t.variantId === item.variantId)).toMatchObject({ title: expect.stringMatching(/^Loaf /), price: 1000 });
    const other = await createShop({ name: "Elsewhere tiles" });
    const foreign = await server.call("pos.tiles", { shopSlug: shop.slug, locationId: other.locationId }, { cookie, type: "query" });
    expect(foreign.status).toBe(404);
    for (const bad of ["__proto__", "constructor", 4294967297, "a\u0000b"]) {
      const r = await server.call("pos.tiles", { shopSlug: shop.slug, locationId: bad }, { cookie, type: "query" });
      expect(r.status, String(bad)).toBe(400);
    }
  });

  it("a register's catalog feed carries each item's category for its tiles", async () => {
    const feed = await server.call("till.feed", { cursor: "0", limit: 100 }, { register: register.token, type: "query" });
    expect(feed.status).toBe(200);
    const changed = (feed.body.result?.data as { changed: { variantId: string; category: string | null }[] }).changed;
    expect(changed.find((v) => v.variantId === item.variantId)).toHaveProperty("category");
  });
});
