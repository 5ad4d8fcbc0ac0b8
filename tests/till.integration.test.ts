import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { addMember, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
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

const as = (user: User) => createCaller({ user: { ...user, isPlatformAdmin: false }, sessionId: "s", ip: `192.0.2.${Math.floor(Math.random() * 200)}` });

async function productWithStock(s: Shop, quantity: number, price = 1000) {
  const p = await createProduct(s.id, productInput({ variants: [{ optionValues: [], sku: `T-${randomUUID().slice(0, 8)}`, price, taxClass: "standard" }] }));
  const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  if (quantity) await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity });
  return v.id;
}

const orderOf = (orderId: string) =>
  inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: orderId }, select: { discount: true, total: true, discountApprovedBy: true, events: { select: { note: true } } } }));
const orderCount = () => inShop(shop.id, (tx) => tx.order.count());

/** The procedure's refusal as the page gets it: a 4xx with a message per field. */
async function refusal(p: Promise<unknown>) {
  const error = await p.then(() => null, (e: unknown) => e);
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
      shopSlug: shop.slug, clientRef: randomUUID(), locationId: shop.locationId, items: [{ variantId, quantity: 1 }],
      discount: { kind: "percent", basisPoints: 2500 }, cashTendered: 750, ...over,
    });

  it("asks for a manager as a field error on 'approval', then goes through with a manager's sign-in, naming them", async () => {
    const variantId = await productWithStock(shop, 5);
    const asked = await refusal(sale(variantId));
    expect(asked.code).toBe("BAD_REQUEST");
    expect(asked.fields.approval).toMatch(/manager or owner must approve it/);
    const done = await sale(variantId, { approval: { email: manager.email, password: PASSWORD } });
    expect(await orderOf(done.orderId)).toMatchObject({ discount: 250, total: 750, discountApprovedBy: manager.id, events: [{ note: "Discount approved by Mia Manager" }] });
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
