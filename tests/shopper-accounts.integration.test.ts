import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { baseDb, db, inShop } from "../server/db/client.server";
import { createShop, createUser, productInput } from "../server/db/factories";
import { createCaller } from "../server/trpc/root";
import { lucia } from "../server/auth/lucia.server";
import { mintAuthToken } from "../server/services/accounts/tokens";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";

const ip = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const anon = () => createCaller({ user: null, sessionId: null, ip: ip(), setCookie: () => undefined });
async function as(userId: string) {
  const session = await lucia.createSession(userId, {});
  const { user } = await lucia.validateSession(session.id);
  return createCaller({ user: user!, sessionId: session.id, ip: ip(), setCookie: () => undefined });
}

type Shop = Awaited<ReturnType<typeof createShop>>;
let bakery: Shop;
let books: Shop;
const stock = new Map<string, string>();

async function sellable(shop: Shop) {
  const p = await createProduct(
    shop.id,
    productInput({ variants: [{ optionValues: [], sku: `G-${randomUUID().slice(0, 8)}`, price: 450, taxClass: "standard" }] }),
  );
  const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity: 50 });
  stock.set(shop.id, v.id);
}

const guestOrder = (shop: Shop, email: string, name = "Gaby Guest") =>
  placeOrder(shop.slug, null, {
    clientRef: randomUUID(),
    items: [{ variantId: stock.get(shop.id)!, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name,
    email,
  });

const myOrderNumbers = async (userId: string) => (await (await as(userId)).checkout.myOrders({})).items.map((o) => `${o.shop.name} #${o.number}`).sort();

beforeAll(async () => {
  bakery = await createShop({ name: "Guest Bakery" });
  books = await createShop({ name: "Guest Books" });
  await sellable(bakery);
  await sellable(books);
});

describe("a customer's account", () => {
  it("signs up with no shop, and is told to check the inbox", async () => {
    const email = `shopper-${randomUUID().slice(0, 8)}@example.test`;
    const r = await anon().auth.signUpShopper({ name: "Sam Shopper", email: email.toUpperCase(), password: "long enough pw" });
    expect(r).toEqual({ checkInbox: true });
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(await (await as(user.id)).auth.myShops()).toEqual([]);
    const welcome = await db.outboxEvent.findMany({ where: { type: "account.welcome" }, select: { payload: true, shopId: true } });
    expect(welcome).toContainEqual({ payload: { userId: user.id }, shopId: null });
  });

  it("answers a registered email like a new one, and creates nothing", async () => {
    const existing = await createUser();
    const users = await db.user.count();
    expect(await anon().auth.signUpShopper({ name: "Again", email: existing.email, password: "another long pw" })).toEqual({ checkInbox: true });
    expect(await db.user.count()).toBe(users);
    const note = await db.outboxEvent.findFirst({ where: { type: "account.exists" }, orderBy: { createdAt: "desc" }, select: { payload: true } });
    expect(note?.payload).toEqual({ userId: existing.id });
  });

  it("refuses bad input with the field to fix", async () => {
    const bad = await anon()
      .auth.signUpShopper({ name: "", email: "not an email", password: "short" })
      .catch((e: { code: string; cause: { issues: { path: string[] }[] } }) => e);
    expect(bad).toMatchObject({ code: "BAD_REQUEST" });
    expect((bad as { cause: { issues: { path: string[] }[] } }).cause.issues.map((i) => i.path.join(".")).sort()).toEqual(["email", "name", "password"]);
    await expect(anon().auth.signUpShopper({ name: "Nul\u0000Byte", email: "nul@example.test", password: "long enough pw" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await db.user.findUnique({ where: { email: "nul@example.test" } })).toBeNull();
  });
});

describe("guest orders join the account with the same confirmed email", () => {
  it("attaches orders from every shop once the email is confirmed, not before, and never someone else's", async () => {
    const email = `gaby-${randomUUID().slice(0, 8)}@example.test`;
    const a = await guestOrder(bakery, email);
    const b = await guestOrder(books, email.toUpperCase());
    const other = await guestOrder(books, `someone-else-${randomUUID().slice(0, 8)}@example.test`);
    await anon().auth.signUpShopper({ name: "Gaby", email, password: "long enough pw" });
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });

    // Not confirmed: nothing is attached, even if asked directly.
    const unconfirmed = await baseDb.$queryRaw<{ n: number }[]>`SELECT claim_guest_orders(${user.id}::uuid) AS n`;
    expect(unconfirmed[0]?.n).toBe(0);
    expect(await myOrderNumbers(user.id)).toEqual([]);

    const token = await mintAuthToken(user.id, "email_verification");
    await anon().auth.verifyEmail({ token });
    expect(await myOrderNumbers(user.id)).toEqual([`Guest Bakery #${a.number}`, `Guest Books #${b.number}`]);
    expect(await myOrderNumbers(user.id)).not.toContain(`Guest Books #${other.number}`);

    // The shops' customer records of that email are the account's now: the next order lands on them.
    for (const shop of [bakery, books]) {
      const c = await inShop(shop.id, (tx) =>
        tx.customer.findFirstOrThrow({ where: { email: { equals: email, mode: "insensitive" } }, select: { userId: true } }),
      );
      expect(c.userId).toBe(user.id);
    }
    // And the customer can open them without the guest link's key.
    const page = await (await as(user.id)).checkout.order({ orderId: b.orderId });
    expect(page.number).toBe(b.number);
  });

  it("a guest order placed later, signed out, joins at the next sign-in", async () => {
    const email = `later-${randomUUID().slice(0, 8)}@example.test`;
    const user = await createUser({ email, password: "right password here" });
    expect(await myOrderNumbers(user.id)).toEqual([]);
    const later = await guestOrder(bakery, email);
    await anon().auth.logIn({ email, password: "right password here" });
    expect(await myOrderNumbers(user.id)).toEqual([`Guest Bakery #${later.number}`]);
  });

  it("an order placed signed in stays with the account that placed it, whatever email it names", async () => {
    const email = `shared-${randomUUID().slice(0, 8)}@example.test`;
    const first = await createUser({ email: `first-${randomUUID().slice(0, 8)}@example.test`, password: "right password here" });
    const theirs = await placeOrder(books.slug, first.id, {
      clientRef: randomUUID(),
      items: [{ variantId: stock.get(books.id)!, quantity: 1 }],
      fulfilment: "pickup",
      locationId: books.locationId,
      payment: "pay_at_pickup",
      name: "First",
      email,
    });
    const user = await createUser({ email, password: "right password here" });
    await anon().auth.logIn({ email, password: "right password here" });
    expect(await myOrderNumbers(user.id)).toEqual([]);
    expect(await myOrderNumbers(first.id)).toEqual([`Guest Books #${theirs.number}`]);
    const record = await inShop(books.id, (tx) =>
      tx.customer.findFirstOrThrow({ where: { email: { equals: email, mode: "insensitive" } }, select: { userId: true } }),
    );
    expect(record.userId).toBe(first.id);
  });
});
