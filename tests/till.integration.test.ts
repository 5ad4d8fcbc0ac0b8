import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { adjustStock, receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { transitionOrder } from "../server/services/orders/transitions";
import { createCaller } from "../server/trpc/root";
import { fieldErrorsOf } from "../server/trpc/errors";

type Shop = Awaited<ReturnType<typeof createShop>>;
type User = Awaited<ReturnType<typeof createUser>>;

let shop: Shop;
let other: Shop;
let manager: User;
let cashier: User;
let otherManager: User;
const PASSWORD = "staff password here";

const as = (user: User) =>
  createCaller({ user: { ...user, isPlatformAdmin: false, locale: null }, sessionId: "s", ip: `192.0.2.${Math.floor(Math.random() * 200)}` });

async function productWithStock(s: Shop, quantity: number, price = 1000) {
  const p = await createProduct(s.id, productInput({ variants: [{ optionValues: [], sku: `T-${randomUUID().slice(0, 8)}`, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  if (quantity) await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity });
  return v.id;
}

const orderOf = (orderId: string) =>
  inShop(shop.id, (tx) =>
    tx.order.findFirstOrThrow({
      where: { id: orderId },
      select: { discount: true, total: true, discountApprovedBy: true, events: { select: { note: true } } },
    }),
  );
const orderCount = () => inShop(shop.id, (tx) => tx.order.count());

/** The procedure's refusal as the page gets it: a 4xx with a message per field. */
async function refusal(p: Promise<unknown>) {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  return { code: e.code, message: e.message, fields: fieldErrorsOf(e.cause) ?? {} };
}

beforeAll(async () => {
  shop = await createShop({ name: "Till Shop" });
  other = await createShop({ name: "Other Shop" });
  manager = await createUser({ name: "Mia Manager", password: PASSWORD });
  cashier = await createUser({ name: "Cass Cashier", password: PASSWORD });
  otherManager = await createUser({ name: "Olga Elsewhere", password: PASSWORD });
  await addMember(shop.id, manager.id, "manager");
  await addMember(shop.id, cashier.id, "cashier");
  await addMember(other.id, otherManager.id, "manager");
});

describe("a cashier's discount above the limit", () => {
  const sale = (variantId: string, over: object = {}) =>
    as(cashier).pos.sale({
      shopSlug: shop.slug,
      clientRef: randomUUID(),
      locationId: shop.locationId,
      items: [{ variantId, quantity: 1 }],
      discount: { kind: "percent", basisPoints: 2500 },
      cashTendered: 750,
      ...over,
    });

  it("asks for a manager as a field error on 'approval', then goes through with a manager's sign-in, naming them", async () => {
    const variantId = await productWithStock(shop, 5);
    const asked = await refusal(sale(variantId));
    expect(asked.code).toBe("BAD_REQUEST");
    expect(asked.fields.approval).toMatch(/manager or owner must approve it/);
    const done = await sale(variantId, { approval: { email: manager.email, password: PASSWORD } });
    expect(await orderOf(done.orderId)).toMatchObject({
      discount: 250,
      total: 750,
      discountApprovedBy: manager.id,
      events: [{ note: "Discount approved by Mia Manager" }],
    });
  });

  it("refuses a wrong password, the cashier's own sign-in, another shop's manager and an unknown email, writing nothing", async () => {
    const variantId = await productWithStock(shop, 5);
    const before = await orderCount();
    const wrong = "That is not the email and password of a manager or owner of this shop";
    for (const approval of [
      { email: manager.email, password: "not the password" },
      { email: otherManager.email, password: PASSWORD },
      { email: "nobody-here@example.test", password: PASSWORD },
    ]) {
      const r = await refusal(sale(variantId, { approval }));
      expect(r).toMatchObject({ code: "BAD_REQUEST", fields: { approval: wrong } });
    }
    const own = await refusal(sale(variantId, { approval: { email: cashier.email, password: PASSWORD } }));
    expect(own.fields.approval).toMatch(/Your own sign-in cannot approve this/);
    expect(await orderCount()).toBe(before);
  });

  it("answers strings where ids go and a malformed sign-in with 400 naming the field", async () => {
    const variantId = await productWithStock(shop, 5);
    const bad = await refusal(sale(variantId, { locationId: "the shop floor", approval: { email: "not an email", password: "" } }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.fields).sort()).toEqual(expect.arrayContaining(["approval.email", "approval.password", "locationId"]));
    const ids = await refusal(sale(variantId, { items: [{ variantId: "1; DROP TABLE orders", quantity: 1 }] }));
    expect(ids.code).toBe("BAD_REQUEST");
    expect(Object.keys(ids.fields)).toContain("items.0.variantId");
  });
});

describe("field errors across module copies", () => {
  it("reads a field error made by another copy of the errors module (the Remix build bundles its own)", () => {
    const foreign = Object.assign(new Error("Field errors"), { [Symbol.for("nearshop.fieldErrors")]: true, fieldErrors: { approval: "ask a manager" } });
    expect(fieldErrorsOf(foreign)).toEqual({ approval: "ask a manager" });
    expect(fieldErrorsOf(new Error("plain"))).toBeUndefined();
  });
});

describe("selling below the recorded stock at the till", () => {
  const level = (variantId: string) =>
    inShop(shop.id, (tx) => tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: shop.locationId }, select: { onHand: true, reserved: true } }));
  /** The ledger's invariant: a level is the sum of its movements. */
  const ledgerSum = (variantId: string) =>
    inShop(shop.id, async (tx) => {
      const sum = await tx.stockMovement.aggregate({ where: { variantId, locationId: shop.locationId }, _sum: { onHandDelta: true, reservedDelta: true } });
      return { onHand: sum._sum.onHandDelta ?? 0, reserved: sum._sum.reservedDelta ?? 0 };
    });
  const tillSale = (variantId: string, quantity: number, over: object = {}) =>
    as(cashier).pos.sale({
      shopSlug: shop.slug,
      clientRef: randomUUID(),
      locationId: shop.locationId,
      items: [{ variantId, quantity }],
      cashTendered: 100_000,
      ...over,
    });
  const setBelowStock = (on: boolean) =>
    as(manager).orders.updateSellingSettings({
      shopSlug: shop.slug,
      taxInclusive: true,
      taxStandard: 2000,
      taxReduced: 550,
      discountLimit: 1000,
      deliveryRadiusKm: 0,
      deliveryFee: 0,
      unpaidOrderMinutes: 30,
      pickupHoldHours: 48,
      tillSellsBelowStock: on,
    });

  it("is on by default: the sale goes through, the ledger row says how many units were not recorded, the level goes below zero and still sums", async () => {
    expect(await as(cashier).pos.settings({ shopSlug: shop.slug })).toMatchObject({ tillSellsBelowStock: true });
    const variantId = await productWithStock(shop, 1);
    const clientRef = randomUUID();
    const sale = await tillSale(variantId, 3, { clientRef });
    expect(sale.belowStock).toEqual([{ sku: expect.stringMatching(/^T-/), quantity: 2 }]);
    expect(await level(variantId)).toEqual({ onHand: -2, reserved: 0 });
    expect(await ledgerSum(variantId)).toEqual({ onHand: -2, reserved: 0 });
    const rows = await inShop(shop.id, (tx) =>
      tx.stockMovement.findMany({ where: { variantId, kind: "sold" }, select: { onHandDelta: true, beyondStock: true, reference: true } }),
    );
    expect(rows).toEqual([{ onHandDelta: -3, beyondStock: 2, reference: `order:${sale.orderId}` }]);
    // A retried submit answers the same sale, with the same mark.
    expect(await tillSale(variantId, 3, { clientRef })).toMatchObject({ orderId: sale.orderId, repeated: true, belowStock: sale.belowStock });

    // Listed for managers, with the sale and who made it; not for cashiers.
    const list = await as(manager).inventory.soldBeyondStock({ shopSlug: shop.slug, locationId: shop.locationId });
    expect(list.items[0]).toMatchObject({ variantId, sold: 3, beyondStock: 2, orderNumber: sale.number, staffName: "Cass Cashier", onHandNow: -2 });
    expect((await refusal(as(cashier).inventory.soldBeyondStock({ shopSlug: shop.slug }))).code).toBe("FORBIDDEN");
    expect((await refusal(as(otherManager).inventory.soldBeyondStock({ shopSlug: shop.slug }))).code).toBe("FORBIDDEN");
    expect((await refusal(as(manager).inventory.soldBeyondStock({ shopSlug: shop.slug, locationId: other.locationId }))).code).toBe("NOT_FOUND");
    const strings = await refusal(as(manager).inventory.soldBeyondStock({ shopSlug: shop.slug, locationId: "shop floor", cursor: "latest" }));
    expect(strings.code).toBe("BAD_REQUEST");
    expect(Object.keys(strings.fields).sort()).toEqual(["cursor", "locationId"]);

    // Goods in bring it back up; a count that would take it further below is refused whole.
    await receiveStock(shop.id, manager.id, { variantId, locationId: shop.locationId, quantity: 1 });
    expect(await level(variantId)).toEqual({ onHand: -1, reserved: 0 });
    await expect(adjustStock(shop.id, manager.id, { variantId, locationId: shop.locationId, delta: -1, reason: "Damaged" })).rejects.toThrow(
      /Not enough stock/,
    );
    await adjustStock(shop.id, manager.id, { variantId, locationId: shop.locationId, delta: 4, reason: "Stock count correction" });
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect(await ledgerSum(variantId)).toEqual(await level(variantId));
  });

  it("an item never stocked here sells too, and an item in stock is not marked", async () => {
    const never = await productWithStock(shop, 0);
    const stocked = await productWithStock(shop, 5);
    const sale = await as(cashier).pos.sale({
      shopSlug: shop.slug,
      clientRef: randomUUID(),
      locationId: shop.locationId,
      cashTendered: 100_000,
      items: [
        { variantId: never, quantity: 1 },
        { variantId: stocked, quantity: 2 },
      ],
    });
    expect(sale.belowStock.map((b) => b.quantity)).toEqual([1]);
    expect(await level(never)).toEqual({ onHand: -1, reserved: 0 });
    expect(await level(stocked)).toEqual({ onHand: 3, reserved: 0 });
    expect(await ledgerSum(never)).toEqual({ onHand: -1, reserved: 0 });
  });

  it("sells units reserved for an online order; the order is still collected, and the level still sums", async () => {
    const variantId = await productWithStock(shop, 1);
    const online = await placeOrder(shop.slug, null, {
      clientRef: randomUUID(),
      items: [{ variantId, quantity: 1 }],
      fulfilment: "pickup",
      locationId: shop.locationId,
      payment: "pay_at_pickup",
      name: "Cleo Customer",
      email: "cleo@example.test",
    });
    expect((await tillSale(variantId, 1)).belowStock).toHaveLength(1);
    expect(await level(variantId)).toEqual({ onHand: 0, reserved: 1 });
    const staff = { userId: manager.id, label: "Mia (manager)" };
    for (const to of ["preparing", "ready_for_pickup"] as const) await transitionOrder(shop.id, staff, { orderId: online.orderId, to });
    await transitionOrder(shop.id, staff, { orderId: online.orderId, to: "completed", tender: "cash" });
    expect(await level(variantId)).toEqual({ onHand: -1, reserved: 0 });
    expect(await ledgerSum(variantId)).toEqual({ onHand: -1, reserved: 0 });
  });

  it("with the setting off, the till refuses a short item and writes nothing", async () => {
    await setBelowStock(false);
    try {
      const variantId = await productWithStock(shop, 1);
      const before = await orderCount();
      const r = await refusal(tillSale(variantId, 2));
      expect(r.code).toBe("BAD_REQUEST");
      expect(r.message).toMatch(/Not enough stock of T-.* at .*: 1 on hand, 1 available/);
      expect(await orderCount()).toBe(before);
      expect(await level(variantId)).toEqual({ onHand: 1, reserved: 0 });
      expect(await ledgerSum(variantId)).toEqual({ onHand: 1, reserved: 0 });
    } finally {
      await setBelowStock(true);
    }
  });

  it("online orders still refuse when the stock is short, with the till's setting on", async () => {
    const variantId = await productWithStock(shop, 1);
    await expect(
      placeOrder(shop.slug, null, {
        clientRef: randomUUID(),
        items: [{ variantId, quantity: 2 }],
        fulfilment: "pickup",
        locationId: shop.locationId,
        payment: "pay_at_pickup",
        name: "Cleo Customer",
        email: "cleo@example.test",
      }),
    ).rejects.toThrow(/Not enough stock|only 1|short/i);
    expect(await level(variantId)).toEqual({ onHand: 1, reserved: 0 });
    expect(await ledgerSum(variantId)).toEqual({ onHand: 1, reserved: 0 });
  });

  it("a manager's settings form takes the setting; a cashier cannot change it", async () => {
    expect(
      (
        await refusal(
          as(cashier).orders.updateSellingSettings({
            shopSlug: shop.slug,
            taxInclusive: true,
            taxStandard: 2000,
            taxReduced: 550,
            discountLimit: 1000,
            deliveryRadiusKm: 0,
            deliveryFee: 0,
            unpaidOrderMinutes: 30,
            pickupHoldHours: 48,
            tillSellsBelowStock: false,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const bad = await refusal(
      as(manager).orders.updateSellingSettings({
        shopSlug: shop.slug,
        taxInclusive: true,
        taxStandard: 2000,
        taxReduced: 550,
        discountLimit: 1000,
        deliveryRadiusKm: 0,
        deliveryFee: 0,
        unpaidOrderMinutes: 30,
        pickupHoldHours: 48,
        tillSellsBelowStock: "yes" as unknown as boolean,
      }),
    );
    expect(bad.fields).toEqual({ tillSellsBelowStock: "Selling below recorded stock at the till: on or off" });
  });
});

describe("a cashier's return, approved by a manager", () => {
  async function paidSale(quantity = 2) {
    const variantId = await productWithStock(shop, 5);
    const sale = await as(manager).pos.sale({
      shopSlug: shop.slug,
      clientRef: randomUUID(),
      locationId: shop.locationId,
      items: [{ variantId, quantity }],
      cashTendered: 100_000,
    });
    const lines = await inShop(shop.id, (tx) => tx.orderLine.findMany({ where: { orderId: sale.orderId }, select: { id: true } }));
    return { orderId: sale.orderId, lineId: lines[0]!.id, variantId };
  }
  const refunds = (orderId: string) => inShop(shop.id, (tx) => tx.refund.count({ where: { orderId } }));
  const history = (orderId: string) =>
    inShop(shop.id, (tx) => tx.orderEvent.findMany({ where: { orderId }, orderBy: { createdAt: "asc" }, select: { toStatus: true, actor: true, note: true } }));

  it("refuses a cashier alone with 403 saying a manager is needed, and writes nothing", async () => {
    const { orderId, lineId } = await paidSale();
    const r = await refusal(as(cashier).orders.refund({ shopSlug: shop.slug, orderId, lines: [{ lineId, quantity: 1 }], restock: true }));
    expect(r).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/needs a manager: ask a manager or owner to approve it/) });
    expect(await refunds(orderId)).toBe(0);
  });

  it("refuses a wrong password, the cashier's own sign-in, another shop's manager and another cashier, writing nothing", async () => {
    const { orderId, lineId, variantId } = await paidSale();
    const otherCashier = await createUser({ name: "Cleo Cashier", password: PASSWORD });
    await addMember(shop.id, otherCashier.id, "cashier");
    const stock = () =>
      inShop(shop.id, (tx) => tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: shop.locationId }, select: { onHand: true } }));
    const before = await stock();
    const refund = (approval: { email: string; password: string }) =>
      refusal(as(cashier).orders.refund({ shopSlug: shop.slug, orderId, lines: [{ lineId, quantity: 1 }], restock: true, approval }));
    for (const approval of [
      { email: manager.email, password: "not the password" },
      { email: otherManager.email, password: PASSWORD },
      { email: otherCashier.email, password: PASSWORD },
    ]) {
      expect(await refund(approval)).toMatchObject({
        code: "BAD_REQUEST",
        fields: { approval: "That is not the email and password of a manager or owner of this shop" },
      });
    }
    expect((await refund({ email: cashier.email, password: PASSWORD })).fields.approval).toMatch(/Your own sign-in cannot approve this/);
    expect(await refunds(orderId)).toBe(0);
    expect(await stock()).toEqual(before);
  });

  it("goes through with a manager's sign-in, restocks, and the history names the cashier and the manager", async () => {
    const { orderId, lineId } = await paidSale();
    const done = await as(cashier).orders.refund({
      shopSlug: shop.slug,
      orderId,
      lines: [{ lineId, quantity: 1 }],
      restock: true,
      reason: "too big",
      approval: { email: manager.email, password: PASSWORD },
    });
    expect(done).toMatchObject({ amount: 1000, status: "partially_refunded", kind: "cash" });
    expect((await history(orderId)).at(-1)).toMatchObject({
      toStatus: "partially_refunded",
      actor: "Cass Cashier (cashier), approved by Mia Manager",
      note: "€10.00 refunded (cash): too big",
    });
    // A manager refunds on their own, as before; a sign-in they send is not needed.
    expect(await as(manager).orders.refund({ shopSlug: shop.slug, orderId, amount: 500, lines: [] })).toMatchObject({ amount: 500 });
  });

  it("answers strings where ids go and a malformed sign-in with 400 naming each field", async () => {
    const { orderId } = await paidSale();
    const r = await refusal(
      as(cashier).orders.refund({
        shopSlug: shop.slug,
        orderId: "receipt 12",
        lines: [{ lineId: "first line", quantity: 1 }],
        restock: true,
        approval: { email: "the manager", password: "" },
      }),
    );
    expect(r.code).toBe("BAD_REQUEST");
    expect(Object.keys(r.fields).sort()).toEqual(["approval.email", "approval.password", "lines.0.lineId", "orderId"]);
    expect(await refunds(orderId)).toBe(0);
  });
});
