// Issue 17, item 5: limits per person and per shop, not only per IP. Every
// procedure call (from a page or over /api/trpc) spends from the caller's
// budget and, in the back office, from the shop's; a write costs four
// reads. Past either, 429 with Retry-After and a message a person can act on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser } from "../server/db/factories";
import { baseDb } from "../server/db/client.server";
import { CALL_RULES, SHOP_PUBLIC_RULE, spendCall, spendShopCall, spendShopPublic, WRITE_POINTS } from "../server/auth/rate-limit.server";
import { startTestServer } from "./support/http";
import { page, postForms } from "./support/pages";

const SCALE = Number(process.env.RATE_LIMIT_SCALE ?? 1);
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
});
afterAll(() => server.close());

const footerOf = async (shopId: string) => (await baseDb.shop.findUniqueOrThrow({ where: { id: shopId }, select: { receiptFooter: true } })).receiptFooter;
const saveFooter = (cookie: string, shopSlug: string, receiptFooter: string) =>
  server.call("shops.updateReceipt", { shopSlug, vatNumber: "FR40123456789", receiptFooter }, { cookie });

describe("a shop's budget (all its staff together)", () => {
  it("refuses the shop's members with 429 and Retry-After once it is spent, and leaves another shop alone", async () => {
    const a = await createShop();
    const cashier = await createUser({ name: "Cashier A" });
    await addMember(a.id, cashier.id, "cashier");
    const b = await createShop();
    const [ownerA, cashierA, ownerB] = await Promise.all([server.cookieFor(a.ownerId), server.cookieFor(cashier.id), server.cookieFor(b.ownerId)]);

    // Other members' work has used all but two writes of the minute.
    await spendShopCall(a.id, CALL_RULES.shop.points * SCALE - 2 * WRITE_POINTS);
    expect((await saveFooter(ownerA, a.slug, "First")).status).toBe(200);
    expect((await saveFooter(ownerA, a.slug, "Second")).status).toBe(200);
    const refused = await saveFooter(ownerA, a.slug, "Third");
    expect(refused.status).toBe(429);
    expect(refused.body.error?.data.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.body.error?.message).toMatch(/^Your shop is sending more requests than we allow for one shop\. Wait \d+ seconds?, then try again/);
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(await footerOf(a.id)).toBe("Second");

    // The budget is the shop's: its cashier is refused too, even a read...
    const cashierCall = await server.call("shops.current", { shopSlug: a.slug }, { cookie: cashierA, type: "query" });
    expect(cashierCall.status).toBe(429);
    // ...while another shop works as usual.
    expect((await saveFooter(ownerB, b.slug, "Shop B works")).status).toBe(200);
    expect(await footerOf(b.id)).toBe("Shop B works");
  });
});

describe("a person's budget", () => {
  it(`refuses a back-office write past ${CALL_RULES.user.points / WRITE_POINTS} a minute from one person, not their colleague`, async () => {
    const shop = await createShop();
    const manager = await createUser({ name: "Manager" });
    await addMember(shop.id, manager.id, "manager");
    const [owner, colleague] = await Promise.all([server.cookieFor(shop.ownerId), server.cookieFor(manager.id)]);
    const allowed = (CALL_RULES.user.points * SCALE) / WRITE_POINTS;

    let statuses: number[] = [];
    for (let i = 1; i <= allowed; i++) statuses.push((await saveFooter(owner, shop.slug, `Footer ${i}`)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const refused = await saveFooter(owner, shop.slug, "One too many");
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toMatch(
      /^You are working faster than we allow for one person\. Wait \d+ seconds?, then try again: nothing of the last step was saved\.$/,
    );
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await footerOf(shop.id)).toBe(`Footer ${allowed}`);

    // The colleague in the same shop still works: the limit was the person's, not the shop's.
    statuses = [(await saveFooter(colleague, shop.slug, "Colleague")).status];
    expect(statuses).toEqual([200]);
    expect(await footerOf(shop.id)).toBe("Colleague");
  });
});

describe("a form post past the budget", () => {
  it("answers 429 with Retry-After and the page shows what to do; nothing is saved", async () => {
    const shop = await createShop({ name: "Calm Bakery" });
    const owner = await server.cookieFor(shop.ownerId);
    const url = `/shop/${shop.slug}/settings`;
    const html = (await page(server.base, url, { cookie: owner })).text;
    const form = postForms(html, url).find((f) => f.fields.some(([k, v]) => k === "intent" && v === "shop"));
    expect(form).toBeTruthy();
    // The person has spent the minute's budget (a script, another tab); the
    // page read above spent a little already, so this overshoots and is refused itself.
    await expect(spendCall({ userId: shop.ownerId }, CALL_RULES.user.points * SCALE)).rejects.toMatchObject({ code: "rate_limited" });

    const body = new URLSearchParams(form!.fields.map(([k, v]) => [k, k === "name" ? "Hurried Bakery" : v]));
    const r = await page(server.base, form!.action, { cookie: owner, body });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(r.text).toMatch(/You are working faster than we allow for one person\. Wait \d+ seconds?, then try again: nothing of the last step was saved\./);
    expect((await baseDb.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { name: true } })).name).toBe("Calm Bakery");
  });
});

describe("strangers", () => {
  it("a network's calls are counted from the pages too, and another network is not affected", async () => {
    const shop = await createShop();
    await spendCall({ ip: "203.0.113.7" }, CALL_RULES.ip.points * SCALE);
    await expect(spendCall({ ip: "203.0.113.7" }, 1)).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/^Too many requests from your network/),
    });
    await expect(spendCall({ ip: "203.0.113.8" }, 1)).resolves.toBeUndefined();
    // Over HTTP from this test's own address, a stranger's storefront read answers as usual.
    const r = await server.call("checkout.cart", { shopSlug: shop.slug, items: [] }, { type: "query" });
    expect(r.status).toBe(200);
  });
});

describe("a shop's public ceiling", () => {
  it("counts a signed-in customer's cart calls too, not a staff member's back office", async () => {
    const shop = await createShop();
    const customer = await server.cookieFor((await createUser({ name: "Signed-in shopper" })).id);
    const owner = await server.cookieFor(shop.ownerId);
    // Every visitor together has used all but one call of the shop's minute.
    await spendShopPublic(shop.slug, SHOP_PUBLIC_RULE.points * SCALE - 1);
    expect((await server.call("checkout.cart", { shopSlug: shop.slug, items: [] }, { cookie: customer, type: "query" })).status).toBe(200);
    const refused = await server.call("checkout.cart", { shopSlug: shop.slug, items: [] }, { cookie: customer, type: "query" });
    expect([refused.status, refused.body.error?.message]).toEqual([429, expect.stringMatching(/^This shop is very busy right now/)]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // The shop's staff are on their own budget: the back office still answers.
    expect((await server.call("shops.current", { shopSlug: shop.slug }, { cookie: owner, type: "query" })).status).toBe(200);
  });
});
