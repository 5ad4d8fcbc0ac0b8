import pg from "pg";
import { STRIPE_CONNECT_WEBHOOK_SECRET, standinOptions } from "./support/stripe-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { baseDb, inShop } from "../server/db/client.server";
import { addMember, connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { createLocation } from "../server/services/inventory/locations";
import { placeOrder } from "../server/services/orders/place";
import { posSale } from "../server/services/orders/pos";
import { refundOrder, repayFailedRefund } from "../server/services/orders/refunds";
import { cashUp, cashUpPreview } from "../server/services/orders/cashup";
import { createCustomer } from "../server/services/customers/customers";
import { expireOrder, transitionOrder } from "../server/services/orders/transitions";
import { sweepOverdueOrders } from "../jobs/orders";
import { handleNotification } from "../jobs/notifications";
import { closeLive, subscribeOrders, type OrderChange } from "../server/services/orders/live";
import { checkoutUrl, handleStripeEvent, reconciliation, sendStripeRefund } from "../server/services/payments/stripe";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { startTestServer } from "./support/http";
import type { PlaceOrderInput } from "../server/schemas/orders";

let shop: Awaited<ReturnType<typeof createShop>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
let stripe: StripeStandin;
const owner = () => ({ userId: shop.ownerId, label: "Owner (owner)" });

async function productWithStock(quantity: number, price = 1000) {
  const p = await createProduct(shop.id, productInput({ variants: [{ optionValues: [], sku: `S-${randomUUID().slice(0, 8)}`, price, taxClass: "standard" }] }));
  const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  if (quantity) await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity });
  return v.id;
}

const level = (variantId: string) =>
  inShop(shop.id, (tx) => tx.stockLevel.findFirstOrThrow({ where: { variantId, locationId: shop.locationId }, select: { onHand: true, reserved: true } }));

const order = (orderId: string) =>
  inShop(shop.id, (tx) =>
    tx.order.findFirstOrThrow({ where: { id: orderId }, include: { events: { orderBy: { createdAt: "asc" } }, payments: true, refunds: true, lines: true } }),
  );

const checkout = (variantId: string, over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  clientRef: randomUUID(),
  items: [{ variantId, quantity: 1 }],
  fulfilment: "pickup",
  locationId: shop.locationId,
  payment: "pay_at_pickup",
  name: "Cleo Customer",
  email: "cleo@example.test",
  ...over,
});

const outbox = (type: string) => baseDb.outboxEvent.findMany({ where: { type }, select: { payload: true } });

beforeAll(async () => {
  shop = await createShop({ name: "Selling Shop" });
  server = await startTestServer();
  stripe = await startStripeStandin(standinOptions(server.base));
  // Card payments are direct charges on the shop's own account (issue 19).
  await connectShopAccount(shop.id, (await stripe.connectedAccount()).id as string);
});
afterAll(async () => {
  await stripe.close();
  await server.close();
});

describe("online orders", () => {
  it("walks a pickup order from placed to completed, reserving then selling its stock, recording who did each step", async () => {
    const variantId = await productWithStock(5);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { items: [{ variantId, quantity: 2 }] }));
    expect(placed.status).toBe("confirmed");
    expect(await level(variantId)).toEqual({ onHand: 5, reserved: 2 });
    for (const to of ["preparing", "ready_for_pickup"] as const) await transitionOrder(shop.id, owner(), { orderId: placed.orderId, to });
    await expect(transitionOrder(shop.id, owner(), { orderId: placed.orderId, to: "completed" })).rejects.toThrow(/not paid yet/);
    await transitionOrder(shop.id, owner(), { orderId: placed.orderId, to: "completed", tender: "cash" });
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 0 });
    const o = await order(placed.orderId);
    expect(o.status).toBe("completed");
    expect(o.paid).toBe(2000);
    expect(o.events.map((e) => [e.fromStatus, e.toStatus, e.actor])).toEqual([
      [null, "confirmed", "Cleo Customer (guest)"],
      ["confirmed", "preparing", "Owner (owner)"],
      ["preparing", "ready_for_pickup", "Owner (owner)"],
      ["ready_for_pickup", "completed", "Owner (owner)"],
    ]);
    expect((await outbox("order.ready_for_pickup")).map((e) => e.payload)).toContainEqual({ orderId: placed.orderId });
    expect((await outbox("order.placed")).map((e) => e.payload)).toContainEqual({ orderId: placed.orderId });
  });

  it("refuses an illegal transition with a clear error and changes nothing", async () => {
    const variantId = await productWithStock(1);
    const placed = await placeOrder(shop.slug, null, checkout(variantId));
    await expect(transitionOrder(shop.id, owner(), { orderId: placed.orderId, to: "completed" })).rejects.toThrow(
      "An order that is confirmed (pay at pickup) cannot become completed; it can become: preparing, cancelled",
    );
    await expect(transitionOrder(shop.id, owner(), { orderId: placed.orderId, to: "out_for_delivery" })).rejects.toThrow(/cannot become out for delivery/);
    const o = await order(placed.orderId);
    expect(o.status).toBe("confirmed");
    expect(o.events).toHaveLength(1);
    expect(await level(variantId)).toEqual({ onHand: 1, reserved: 1 });
  });

  it("cancelling releases the reservation", async () => {
    const variantId = await productWithStock(3);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { items: [{ variantId, quantity: 3 }] }));
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 3 });
    await transitionOrder(shop.id, owner(), { orderId: placed.orderId, to: "cancelled", note: "customer called" });
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 0 });
  });

  it("50 customers ordering the last 10 units at once make exactly 10 orders", async () => {
    const variantId = await productWithStock(10);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => placeOrder(shop.slug, null, checkout(variantId, { email: `racer${i}@example.test` }))),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused)
      expect(String(r.reason.message)).toMatch(/has just sold out at Selling Shop: remove it from your cart\.$|^Only \d+ × .* left at Selling Shop/);
    expect(await level(variantId)).toEqual({ onHand: 10, reserved: 10 });
    const orders = await inShop(shop.id, (tx) => tx.orderLine.count({ where: { variantId } }));
    expect(orders).toBe(10);
  });

  it("a repeated submit returns the first order instead of making a second", async () => {
    const variantId = await productWithStock(5);
    const input = checkout(variantId);
    const [a, b] = await Promise.all([placeOrder(shop.slug, null, input), placeOrder(shop.slug, null, input)]);
    expect(a.orderId).toBe(b.orderId);
    expect(await level(variantId)).toEqual({ onHand: 5, reserved: 1 });
  });

  it("refuses delivery beyond the shop's radius and prices delivery within it", async () => {
    const variantId = await productWithStock(5);
    await baseDb.shop.update({ where: { id: shop.id }, data: { deliveryRadiusKm: 5, deliveryFee: 350 } });
    const far = checkout(variantId, {
      fulfilment: "delivery",
      payment: "card_online",
      deliveryAddress: "1 Far Road",
      deliveryPoint: { lat: 48.95, lng: 2.33 },
    });
    await expect(placeOrder(shop.slug, null, far)).rejects.toThrow(/delivers within 5 km; this address is 9\.\d km away/);
    const near = await placeOrder(shop.slug, null, { ...far, clientRef: randomUUID(), deliveryPoint: { lat: 48.87, lng: 2.34 } });
    const o = await order(near.orderId);
    expect(o.deliveryFee).toBe(350);
    expect(o.total).toBe(1350);
    // Prices include tax here: the fee's 20 % is inside it, added to the goods' tax.
    expect(o.tax).toBe(Math.round((1000 * 2000) / 12000) + Math.round((350 * 2000) / 12000));
    expect(o.status).toBe("pending_payment");
  });

  it("sends a delivery from the nearest location that has everything, else from the nearest", async () => {
    const variantId = await productWithStock(3);
    await baseDb.shop.update({ where: { id: shop.id }, data: { deliveryRadiusKm: 10, deliveryFee: 0 } });
    // A depot right by the customer, empty at first.
    const depot = await createLocation(shop.id, {
      name: `Depot ${randomUUID().slice(0, 6)}`,
      addressLine1: "2 Rue du Nord",
      city: "Paris",
      postalCode: "75018",
      country: "FR",
      latitude: 48.892,
      longitude: 2.344,
    });
    const deliver = (quantity: number) =>
      placeOrder(
        shop.slug,
        null,
        checkout(variantId, {
          items: [{ variantId, quantity }],
          fulfilment: "delivery",
          payment: "pay_at_pickup",
          deliveryAddress: "9 Rue Ordener",
          deliveryPoint: { lat: 48.893, lng: 2.345 },
        }),
      );
    const fromShop = await order((await deliver(1)).orderId);
    expect(fromShop.locationId).toBe(shop.locationId);
    await receiveStock(shop.id, shop.ownerId, { variantId, locationId: depot.id, quantity: 2 });
    const fromDepot = await order((await deliver(2)).orderId);
    expect(fromDepot.locationId).toBe(depot.id);
    // Three more: the depot has none left and the shop two: the nearest is tried and says what is short.
    await expect(deliver(3)).rejects.toThrow(/Not enough .* left at Selling Shop to deliver 3 \(0 at the location nearest you\)/);
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 1 });
  });
});

describe("the live board's fan-out", () => {
  it("hears each change of the shop's orders through Redis with its number, and is ended on shutdown", async () => {
    const variantId = await productWithStock(2);
    const heard: OrderChange[] = [];
    let closed = false;
    await subscribeOrders(shop.id, {
      onChange: (c) => heard.push(c),
      onClose: () => {
        closed = true;
      },
    });
    const placed = await placeOrder(shop.slug, null, checkout(variantId));
    await transitionOrder(shop.id, owner(), { orderId: placed.orderId, to: "preparing" });
    await expect.poll(() => heard.length).toBe(2);
    expect(heard).toEqual([
      { orderId: placed.orderId, number: placed.number, status: "confirmed", isNew: true },
      { orderId: placed.orderId, number: placed.number, status: "preparing", isNew: false },
    ]);
    closeLive();
    expect(closed).toBe(true);
  });
});

describe("unpaid card orders expire", () => {
  it("releases the reservation when the payment time has passed, and not before", async () => {
    const variantId = await productWithStock(2);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online", items: [{ variantId, quantity: 2 }] }));
    expect(placed.status).toBe("pending_payment");
    const [event] = (await outbox("order.expire")).filter((e) => (e.payload as { orderId: string }).orderId === placed.orderId);
    expect(Date.parse((event!.payload as { runAt: string }).runAt)).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(await expireOrder(shop.id, placed.orderId)).toBe("not due");
    expect(await level(variantId)).toEqual({ onHand: 2, reserved: 2 });
    expect(await expireOrder(shop.id, placed.orderId, new Date(Date.now() + 31 * 60_000))).toBe("expired");
    expect(await level(variantId)).toEqual({ onHand: 2, reserved: 0 });
    const o = await order(placed.orderId);
    expect(o.status).toBe("cancelled");
    expect(o.events.at(-1)).toMatchObject({ actor: "system", note: "Not paid in time: stock released" });
    expect(await expireOrder(shop.id, placed.orderId, new Date(Date.now() + 31 * 60_000))).toBe("nothing to do");
  });

  it("the sweep expires overdue orders whose job went missing", async () => {
    const variantId = await productWithStock(1);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online" }));
    await inShop(shop.id, (tx) => tx.order.updateMany({ where: { id: placed.orderId }, data: { expiresAt: new Date(Date.now() - 1000) } }));
    expect(await sweepOverdueOrders()).toMatch(/^[1-9]\d* of [1-9]\d* overdue orders expired$/);
    expect((await order(placed.orderId)).status).toBe("cancelled");
    expect(await level(variantId)).toEqual({ onHand: 1, reserved: 0 });
  });
});

describe("the till", () => {
  it("sells with cash and change, takes stock off at once, and numbers the receipt", async () => {
    const variantId = await productWithStock(5, 450);
    const sale = await posSale(
      shop.id,
      { ...owner(), role: "cashier" },
      {
        clientRef: randomUUID(),
        locationId: shop.locationId,
        items: [{ variantId, quantity: 2 }],
        cashTendered: 1000,
      },
    );
    expect(sale).toMatchObject({ total: 900, change: 100, repeated: false });
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 0 });
    const o = await order(sale.orderId);
    expect(o).toMatchObject({ status: "completed", channel: "pos", paid: 900, tax: 150 });
    expect(o.payments.map((p) => [p.kind, p.amount, p.tendered, p.change])).toEqual([["cash", 900, 1000, 100]]);
    const movements = await inShop(shop.id, (tx) => tx.stockMovement.findMany({ where: { reference: `order:${sale.orderId}` } }));
    expect(movements.map((m) => [m.kind, m.onHandDelta])).toEqual([["sold", -2]]);
  });

  it("splits between card and cash, refuses short cash, and replays a retried sale", async () => {
    const variantId = await productWithStock(5, 1000);
    const base = { clientRef: randomUUID(), locationId: shop.locationId, items: [{ variantId, quantity: 1 }] };
    await expect(posSale(shop.id, { ...owner(), role: "owner" }, { ...base, card: { amount: 600 }, cashTendered: 300 })).rejects.toThrow(
      /Cash is short by €1\.00/,
    );
    const sale = await posSale(shop.id, { ...owner(), role: "owner" }, { ...base, card: { amount: 600, reference: "AUTH1" }, cashTendered: 500 });
    expect(sale.change).toBe(100);
    const again = await posSale(shop.id, { ...owner(), role: "owner" }, { ...base, card: { amount: 600, reference: "AUTH1" }, cashTendered: 500 });
    expect(again).toMatchObject({ orderId: sale.orderId, repeated: true, change: 100 });
    expect(await level(variantId)).toEqual({ onHand: 4, reserved: 0 });
  });

  it("replays a retried sale that sold the last unit, without skipping a receipt number", async () => {
    const variantId = await productWithStock(1, 300);
    const till = { ...owner(), role: "cashier" as const };
    const input = { clientRef: randomUUID(), locationId: shop.locationId, items: [{ variantId, quantity: 1 }], cashTendered: 500 };
    const first = await posSale(shop.id, till, input);
    // The retry fails on the stock the first one sold, then finds that sale.
    const again = await posSale(shop.id, till, input);
    expect(again).toMatchObject({ orderId: first.orderId, number: first.number, repeated: true, change: 200 });
    expect(await level(variantId)).toEqual({ onHand: 0, reserved: 0 });
    const next = await posSale(shop.id, till, { ...input, clientRef: randomUUID(), items: [{ variantId: await productWithStock(1, 300), quantity: 1 }] });
    expect(next.number).toBe(first.number + 1);
  });

  it("counts a sale towards the shop's customer, and refuses another shop's customer, writing nothing", async () => {
    const variantId = await productWithStock(3, 400);
    const till = { ...owner(), role: "cashier" as const };
    const regular = await createCustomer(shop.id, { name: "Regular Rita", notes: "", marketingConsent: false });
    const sale = await posSale(shop.id, till, {
      clientRef: randomUUID(),
      locationId: shop.locationId,
      items: [{ variantId, quantity: 1 }],
      cashTendered: 400,
      customerId: regular!.id,
    });
    expect((await order(sale.orderId)).customerId).toBe(regular!.id);
    const rita = await inShop(shop.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: regular!.id }, select: { orderCount: true, totalSpent: true } }));
    expect(rita).toEqual({ orderCount: 1, totalSpent: 400 });
    const elsewhere = await createShop({ name: "Customer Elsewhere" });
    const stranger = await createCustomer(elsewhere.id, { name: "Stranger Sam", notes: "", marketingConsent: false });
    await expect(
      posSale(shop.id, till, {
        clientRef: randomUUID(),
        locationId: shop.locationId,
        items: [{ variantId, quantity: 1 }],
        cashTendered: 400,
        customerId: stranger!.id,
      }),
    ).rejects.toThrow("Customer not found");
    expect(await level(variantId)).toEqual({ onHand: 2, reserved: 0 });
  });

  it("needs a manager's approval for a cashier's discount above the shop's limit", async () => {
    const variantId = await productWithStock(5, 1000);
    const manager = await createUser({ email: `mgr-${randomUUID().slice(0, 6)}@example.test`, password: "manager password" });
    await addMember(shop.id, manager.id, "manager");
    const cashier = { userId: null, label: "Cass (cashier)", role: "cashier" as const };
    const sale = (over: object) =>
      posSale(shop.id, cashier, {
        clientRef: randomUUID(),
        locationId: shop.locationId,
        items: [{ variantId, quantity: 1 }],
        discount: { kind: "percent", basisPoints: 2500 },
        cashTendered: 750,
        ...over,
      });
    await expect(sale({})).rejects.toThrow(/a manager or owner must approve it/);
    await expect(sale({ approval: { email: manager.email, password: "wrong password" } })).rejects.toThrow(/not the email and password of a manager/);
    const ok = await sale({ approval: { email: manager.email, password: "manager password" } });
    const o = await order(ok.orderId);
    expect(o).toMatchObject({ discount: 250, total: 750, discountApprovedBy: manager.id });
    // Within the limit (10 %), no approval is asked.
    await expect(sale({ discount: { kind: "percent", basisPoints: 1000 }, cashTendered: 900 })).resolves.toMatchObject({ total: 900 });
  });
});

describe("refunds", () => {
  it("refunds in part then in full, refuses more than was paid, and restocks returned items when asked", async () => {
    const variantId = await productWithStock(5, 1000);
    const sale = await posSale(
      shop.id,
      { ...owner(), role: "owner" },
      { clientRef: randomUUID(), locationId: shop.locationId, items: [{ variantId, quantity: 3 }], cashTendered: 3000 },
    );
    const o = await order(sale.orderId);
    const lineId = o.lines[0]!.id;
    const part = await refundOrder(shop.id, owner(), { orderId: sale.orderId, lines: [{ lineId, quantity: 1 }], restock: true, reason: "faulty" });
    expect(part).toMatchObject({ amount: 1000, status: "partially_refunded", kind: "cash" });
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 0 });
    await expect(refundOrder(shop.id, owner(), { orderId: sale.orderId, amount: 2001, lines: [], restock: false })).rejects.toThrow(
      /At most €20\.00 can be refunded/,
    );
    await expect(refundOrder(shop.id, owner(), { orderId: sale.orderId, lines: [{ lineId, quantity: 3 }], restock: false })).rejects.toThrow(/Only 2 of/);
    const rest = await refundOrder(shop.id, owner(), { orderId: sale.orderId, amount: 2000, lines: [], restock: false });
    expect(rest.status).toBe("refunded");
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 0 });
    const after = await order(sale.orderId);
    expect(after).toMatchObject({ paid: 3000, refunded: 3000, status: "refunded" });
    expect(after.lines[0]!.returnedQuantity).toBe(1);
    await expect(refundOrder(shop.id, owner(), { orderId: sale.orderId, amount: 1, lines: [], restock: false })).rejects.toThrow(/At most €0\.00/);
  });

  it("refuses to refund an unpaid order; before completion only a full refund, which releases the reservation", async () => {
    const variantId = await productWithStock(2, 1000);
    const unpaid = await placeOrder(shop.slug, null, checkout(variantId));
    await transitionOrder(shop.id, owner(), { orderId: unpaid.orderId, to: "preparing" });
    await expect(refundOrder(shop.id, owner(), { orderId: unpaid.orderId, amount: 100, lines: [], restock: false })).rejects.toThrow(
      "This order has not been paid: cancel it instead",
    );
    const card = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online" }));
    const url = await checkoutUrl(shop.id, card.orderId, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
    await handleStripeEvent((await stripe.payAndNotify(url.split("/pay/")[1]!)).id);
    expect(await level(variantId)).toEqual({ onHand: 2, reserved: 2 });
    await expect(refundOrder(shop.id, owner(), { orderId: card.orderId, amount: 100, lines: [], restock: false })).rejects.toThrow(
      "Until the order is completed, only a full refund is possible",
    );
    await expect(refundOrder(shop.id, owner(), { orderId: card.orderId, amount: 1000, lines: [], restock: false })).resolves.toMatchObject({
      status: "refunded",
      kind: "stripe",
    });
    expect(await level(variantId)).toEqual({ onHand: 2, reserved: 1 });
  });
});

describe("cash-up", () => {
  it("expects the float plus cash taken minus cash refunded since the last cash-up", async () => {
    const other = await createShop({ name: "Cash Shop" });
    const p = await createProduct(other.id, productInput({ variants: [{ optionValues: [], sku: "CASH-1", price: 500, taxClass: "standard" }] }));
    const v = await inShop(other.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
    await receiveStock(other.id, other.ownerId, { variantId: v.id, locationId: other.locationId, quantity: 20 });
    const sell = (n: number, over: object = {}) =>
      posSale(
        other.id,
        { userId: other.ownerId, label: "O", role: "owner" },
        { clientRef: randomUUID(), locationId: other.locationId, items: [{ variantId: v.id, quantity: n }], cashTendered: 5000, ...over },
      );
    await sell(2); // 1000 cash
    await sell(1, { card: { amount: 500 }, cashTendered: undefined }); // card only
    const refunded = await sell(3); // 1500 cash
    await refundOrder(other.id, { userId: other.ownerId, label: "O" }, { orderId: refunded.orderId, amount: 400, lines: [], restock: false });
    const preview = await cashUpPreview(other.id, other.locationId);
    expect(preview).toMatchObject({ cashSales: 2500, cardSales: 500, cashRefunds: 400, sales: 3 });
    const done = await cashUp(other.id, { userId: other.ownerId, label: "O" }, { locationId: other.locationId, float: 10000, counted: 12050 });
    expect(done).toMatchObject({ expected: 12100, counted: 12050, difference: -50 });
    // The next period starts empty.
    expect(await cashUpPreview(other.id, other.locationId)).toMatchObject({ cashSales: 0, cashRefunds: 0 });

    // A sale still committing while the till is counted: stamped before the
    // cash-up, visible only after it. The next cash-up counts it.
    const late = new pg.Client({ connectionString: process.env.APP_DATABASE_URL });
    await late.connect();
    try {
      await late.query("BEGIN");
      await late.query("SELECT set_config('app.shop_id', $1, true)", [other.id]);
      await late.query(
        `INSERT INTO payments (shop_id, id, order_id, kind, amount, location_id, created_at) VALUES ($1, gen_random_uuid(), $2, 'cash', 700, $3, now() - interval '1 second')`,
        [other.id, refunded.orderId, other.locationId],
      );
      const during = await cashUp(other.id, { userId: other.ownerId, label: "O" }, { locationId: other.locationId, float: 0, counted: 0 });
      expect(during.cashSales).toBe(0);
      await late.query("COMMIT");
    } finally {
      await late.end();
    }
    expect(await cashUpPreview(other.id, other.locationId)).toMatchObject({ cashSales: 700, sales: 1 });
    expect(await cashUp(other.id, { userId: other.ownerId, label: "O" }, { locationId: other.locationId, float: 0, counted: 700 })).toMatchObject({
      cashSales: 700,
      expected: 700,
      difference: 0,
    });
    expect(await cashUpPreview(other.id, other.locationId)).toMatchObject({ cashSales: 0, sales: 0 });
  });
});

describe("Stripe", () => {
  it("pays a card order through Checkout and a signed webhook, once, however often the event comes", async () => {
    const variantId = await productWithStock(3, 1250);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online" }));
    const url = await checkoutUrl(shop.id, placed.orderId, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
    const sessionId = url.split("/pay/")[1]!;
    expect(stripe.sessions.get(sessionId)).toMatchObject({ amount_total: 1250, metadata: { orderId: placed.orderId, shopId: shop.id } });
    const event = await stripe.payAndNotify(sessionId);
    expect(stripe.delivered.at(-1)).toMatchObject({ type: "checkout.session.completed", status: 200 });
    expect(await handleStripeEvent(event.id)).toBe("paid");
    expect(await handleStripeEvent(event.id)).toBe("already processed: paid");
    // The same event delivered again is stored once and queued once.
    const payload = JSON.stringify(event);
    const again = await fetch(`${server.base}/webhooks/stripe-connect`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": stripe.signed(payload, STRIPE_CONNECT_WEBHOOK_SECRET) },
      body: payload,
    });
    expect(await again.json()).toEqual({ received: true, duplicate: true });
    expect(await baseDb.outboxEvent.count({ where: { type: "stripe.event", payload: { path: ["stripeEventId"], equals: event.id } } })).toBe(1);
    const o = await order(placed.orderId);
    expect(o).toMatchObject({ status: "paid", paid: 1250 });
    expect(o.payments.map((p) => p.kind)).toEqual(["stripe"]);
    expect(await level(variantId)).toEqual({ onHand: 3, reserved: 1 });
  });

  /** A card order paid through Stripe, completed, and 800 of it refunded through Stripe. */
  async function refundedCardOrder() {
    const variantId = await productWithStock(1, 1800);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online" }));
    const url = await checkoutUrl(shop.id, placed.orderId, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
    await handleStripeEvent((await stripe.payAndNotify(url.split("/pay/")[1]!)).id);
    for (const to of ["preparing", "ready_for_pickup", "completed"] as const) await transitionOrder(shop.id, owner(), { orderId: placed.orderId, to });
    const refund = await refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 800, lines: [], restock: false });
    const sent = await sendStripeRefund(shop.id, refund.refundId);
    return { placed, refund, sent };
  }

  it("hears through refund.updated that a card refund failed: the refund is marked failed, the order's history and the managers say so, once", async () => {
    const { placed, sent } = await refundedCardOrder();
    expect(sent).toMatch(/: succeeded$/);
    const heard: OrderChange[] = [];
    const unsubscribe = await subscribeOrders(shop.id, { onChange: (c) => heard.push(c), onClose: () => {} });
    const event = await stripe.failRefund(sent.split(":")[0]!);
    expect(stripe.delivered.at(-1)).toMatchObject({ type: "refund.updated", status: 200 });
    expect(await handleStripeEvent(event.id)).toBe("refund failed: Stripe says failed");
    // Open order boards hear of it.
    await expect.poll(() => heard).toContainEqual({ orderId: placed.orderId, number: placed.number, status: "refund", isNew: false });
    await unsubscribe();
    expect(await handleStripeEvent(event.id)).toBe("already processed: refund failed: Stripe says failed");
    const o = await order(placed.orderId);
    expect(o.refunds.map((r) => [r.amount, r.status])).toEqual([[800, "failed"]]);
    expect(o.events.at(-1)).toMatchObject({ actor: "Stripe", fromStatus: "partially_refunded", toStatus: "partially_refunded" });
    expect(o.events.at(-1)?.note).toBe(
      "The card refund of €8.00 failed at Stripe (expired_or_canceled_card): the customer has not been paid back. Pay them another way.",
    );
    // A "succeeded" arriving late (events come in any order) does not undo it.
    const late = await stripe.deliver("refund.updated", { ...stripe.refunds.get(sent.split(":")[0]!)!, status: "succeeded" });
    expect(await handleStripeEvent(late.id)).toBe("refund failed (unchanged): Stripe says succeeded");
    // The managers hear of it in the app (and by email), once per person.
    const notice = (await baseDb.outboxEvent.findMany({ where: { type: "refund.failed", shopId: shop.id } })).find(
      (e) => (e.payload as { orderId: string }).orderId === placed.orderId,
    )!;
    const job = { eventId: notice.id, shopId: shop.id, payload: notice.payload };
    await handleNotification("refund.failed", job);
    await handleNotification("refund.failed", job);
    const managers = await inShop(shop.id, (tx) => tx.membership.findMany({ where: { role: { in: ["owner", "manager"] } }, select: { userId: true } }));
    const inApp = await inShop(shop.id, (tx) => tx.notification.findMany({ where: { eventId: notice.id }, select: { userId: true, title: true, link: true } }));
    expect(inApp.map((n) => n.userId).sort()).toEqual(managers.map((m) => m.userId).sort());
    expect(inApp.map((n) => n.userId)).toContain(shop.ownerId);
    // Nobody here chose a language: the shop's (French).
    expect(inApp[0]).toMatchObject({
      title: `Échec du remboursement par carte de la commande n° ${o.number}`,
      link: `/shop/${shop.slug}/orders/${placed.orderId}`,
    });
    expect(await baseDb.emailDelivery.count({ where: { eventId: notice.id } })).toBe(managers.length);
    // Stripe now holds the money again: the reconciliation view lists the order.
    const listed = (await reconciliation(shop.id)).mismatches.find((m) => m.id === placed.orderId);
    expect(listed?.problems).toEqual(["Stripe refunded 0, Nearshop recorded 800"]);
  });

  it("records a failed card refund paid back at the counter: once, in the till's cash, in the history", async () => {
    const { placed, refund, sent } = await refundedCardOrder();
    const repay = (input: { refundId: string; tender: "cash" | "card_terminal"; note?: string }) =>
      repayFailedRefund(shop.id, owner(), { orderId: placed.orderId, note: "", ...input });
    // Not failed (yet): nothing to pay back.
    await expect(repay({ refundId: refund.refundId, tender: "cash" })).rejects.toThrow("Only a refund that failed can be paid back another way");
    await handleStripeEvent((await stripe.failRefund(sent.split(":")[0]!)).id);
    const cashBefore = (await cashUpPreview(shop.id, shop.locationId)).cashRefunds;

    const done = await repay({ refundId: refund.refundId, tender: "cash", note: "Came back to the shop" });
    expect(done).toMatchObject({ amount: 800, kind: "cash", status: "partially_refunded" });
    const o = await order(placed.orderId);
    // The order still counts 800 refunded once: the failed refund and its repayment are one debt.
    expect(o.refunded).toBe(800);
    expect(o.refunds.map((r) => [r.kind, r.amount, r.status, r.repaysId]).sort()).toEqual([
      ["cash", 800, "succeeded", refund.refundId],
      ["stripe", 800, "failed", null],
    ]);
    expect(o.events.at(-1)?.note).toBe("€8.00 paid back (cash) for the card refund that failed: Came back to the shop");
    // The cash left this till: the next cash-up counts it.
    expect((await cashUpPreview(shop.id, shop.locationId)).cashRefunds).toBe(cashBefore + 800);
    // Once only, however it is asked.
    await expect(repay({ refundId: refund.refundId, tender: "card_terminal" })).rejects.toThrow("This failed refund has already been paid back");
    await expect(repay({ refundId: done.refundId, tender: "cash" })).rejects.toThrow("Only a refund that failed can be paid back another way");
    expect((await order(placed.orderId)).refunds).toHaveLength(2);
  });

  it("refuses a webhook with a bad or missing signature, storing nothing", async () => {
    const payload = JSON.stringify({ id: "evt_forged", object: "event", type: "checkout.session.completed", data: { object: {} } });
    const before = await baseDb.stripeEvent.count();
    const forged = await fetch(`${server.base}/webhooks/stripe`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` },
      body: payload,
    });
    expect(forged.status).toBe(400);
    const unsigned = await fetch(`${server.base}/webhooks/stripe`, { method: "POST", headers: { "Content-Type": "application/json" }, body: payload });
    expect(unsigned.status).toBe(400);
    // Signed for another body: the signature covers every byte.
    const tampered = await fetch(`${server.base}/webhooks/stripe`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": stripe.signed(payload) },
      body: payload.replace("forged", "forgee"),
    });
    expect(tampered.status).toBe(400);
    expect(await baseDb.stripeEvent.count()).toBe(before);
  });

  it("refunds card orders through Stripe, in part and in full, and reconciles", async () => {
    const variantId = await productWithStock(2, 2000);
    const placed = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online" }));
    const url = await checkoutUrl(shop.id, placed.orderId, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
    const event = await stripe.payAndNotify(url.split("/pay/")[1]!);
    await handleStripeEvent(event.id);
    for (const to of ["preparing", "ready_for_pickup", "completed"] as const) await transitionOrder(shop.id, owner(), { orderId: placed.orderId, to });
    const part = await refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 500, lines: [], restock: false });
    expect(part.kind).toBe("stripe");
    expect(await sendStripeRefund(shop.id, part.refundId)).toMatch(/^re_test_\w+: succeeded$/);
    expect(await sendStripeRefund(shop.id, part.refundId)).toMatch(/^already sent/);
    const rest = await refundOrder(shop.id, owner(), { orderId: placed.orderId, amount: 1500, lines: [], restock: false });
    await sendStripeRefund(shop.id, rest.refundId);
    const refunds = [...stripe.refunds.values()].filter((r) => (r.metadata as { orderId?: string }).orderId === placed.orderId);
    expect(refunds.map((r) => r.amount)).toEqual([500, 1500]);
    const o = await order(placed.orderId);
    expect(o.refunds.map((r) => [r.amount, r.status])).toEqual([
      [500, "succeeded"],
      [1500, "succeeded"],
    ]);
    const rec = await reconciliation(shop.id);
    expect(rec.mismatches.find((m) => m.id === placed.orderId)).toBeUndefined();
    // Our records say unpaid, Stripe has the money: listed.
    const unpaid = await placeOrder(shop.slug, null, checkout(variantId, { payment: "card_online" }));
    const u = await checkoutUrl(shop.id, unpaid.orderId, { success: "http://localhost/ok", cancel: "http://localhost/cancel" });
    await stripe.payAndNotify(u.split("/pay/")[1]!); // the event is stored but its job has not run
    const listed = (await reconciliation(shop.id)).mismatches.find((m) => m.id === unpaid.orderId);
    expect(listed?.problems).toEqual(["Stripe received 2000, Nearshop recorded 0 paid"]);
  });
});
