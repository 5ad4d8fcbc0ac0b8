import { standinOptions } from "./support/stripe-env";
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { addMember, connectShopAccount, createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { refundOrder } from "../server/services/orders/refunds";
import { transitionOrder } from "../server/services/orders/transitions";
import { checkoutUrl, handleStripeEvent, sendStripeRefund } from "../server/services/payments/stripe";
import { startStripeStandin, type StripeStandin } from "../scripts/stripe-standin";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

// Issue 19 over HTTP against the production build of the pages: the payout
// CSV (one row per balance transaction, amounts, spreadsheet-safe) and the
// platform admin's Payments page (what it shows, its forms' refusals).
let server: Awaited<ReturnType<typeof startTestServer>>;
let stripe: StripeStandin;
let shop: Awaited<ReturnType<typeof createShop>>;
let account: string;
let owner: string;
let admin: string;
const back = { success: "http://localhost/ok", cancel: "http://localhost/cancel" };
const FORMULA = '=HYPERLINK("http://evil.test","x")';

async function paidOrder(price: number) {
  const p = await createProduct(shop.id, productInput({ variants: [{ optionValues: [], sku: `P-${randomUUID().slice(0, 8)}`, price, taxClass: "standard" }] }));
  const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
  await receiveStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, quantity: 3 });
  const placed = await placeOrder(shop.slug, null, {
    clientRef: randomUUID(),
    items: [{ variantId: v.id, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "card_online",
    name: "Cleo",
    email: "cleo@example.test",
  });
  const url = await checkoutUrl(shop.id, placed.orderId, back);
  await handleStripeEvent((await stripe.payAndNotify(url.split("/pay/")[1]!)).id);
  return inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: placed.orderId }, select: { id: true, number: true, stripePaymentId: true } }));
}

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  stripe = await startStripeStandin(standinOptions(server.base));
  shop = await createShop({ name: "Payout Shop" });
  account = (await stripe.connectedAccount()).id as string;
  await connectShopAccount(shop.id, account);
  owner = await server.cookieFor(shop.ownerId);
  admin = await server.cookieFor((await createUser({ platformAdmin: true })).id);
});
afterAll(async () => {
  await stripe.close();
  await server.close();
});

describe("payout CSV", () => {
  it("has one row per balance transaction the payout settled, with the order, amounts in the currency's decimals, and no cell a spreadsheet would run", async () => {
    const a = await paidOrder(2000);
    const b = await paidOrder(1250);
    for (const to of ["preparing", "ready_for_pickup", "completed"] as const) {
      await transitionOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId: b.id, to });
    }
    const part = await refundOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId: b.id, amount: 500, lines: [], restock: false });
    await sendStripeRefund(shop.id, part.refundId);
    // A description Stripe would show as the shop typed it in its dashboard: here a formula.
    const chargeTx = [...stripe.transactions.values()].find(
      (t) => t.type === "charge" && (t.source as string) === stripe.intents.get(a.stripePaymentId!)!.latest_charge,
    )!;
    chargeTx.description = FORMULA;
    stripe.settle(account);
    const po = await stripe.payout(account);
    // One the payout did not settle: money after the payout.
    await paidOrder(900);

    const r = await page(server.base, `/shop/${shop.slug}/payments/payouts/${String(po.id)}.csv`, { cookie: owner });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("content-disposition")).toBe(`attachment; filename="payout-${String(po.id)}.csv"`);
    const [header, ...rows] = parse(r.text) as string[][];
    expect(header).toEqual(["date", "kind", "order", "currency", "amount", "fees", "net", "description", "stripe_transaction"]);
    // In the person's language, as the reports' CSVs: a French browser gets French column names over the same rows.
    const fr = await page(server.base, `/shop/${shop.slug}/payments/payouts/${String(po.id)}.csv`, {
      cookie: owner,
      headers: { "Accept-Language": "fr-FR,fr;q=0.9" },
    });
    const [frHeader, ...frRows] = parse(fr.text) as string[][];
    expect(frHeader).toEqual(["date et heure", "type", "commande", "devise", "montant", "frais", "montant net", "libellé", "transaction_stripe"]);
    expect(frRows).toEqual(rows);
    const settled = [...stripe.transactions.values()].filter((t) => t.type !== "payout" && rows.some((row) => row[8] === t.id));
    expect(rows).toHaveLength(3); // two charges and the refund; not the payout itself, not the later payment
    expect(settled).toHaveLength(3);
    const byOrderKind = rows.map((row) => [row[1], row[2], row[3], row[4], row[5], row[6]]);
    // Fees on a direct charge: Stripe's (1.5 % + 0.25 in the stand-in) and Nearshop's commission (2.5 % + 0.25);
    // the partial refund gives back its share of the commission (56 × 500 / 1250 = 22), not Stripe's fee.
    expect(byOrderKind).toEqual(
      expect.arrayContaining([
        ["charge", String(a.number), "EUR", "20.00", "1.30", "18.70"],
        ["charge", String(b.number), "EUR", "12.50", "1.00", "11.50"],
        ["refund", String(b.number), "EUR", "-5.00", "-0.22", "-4.78"],
      ]),
    );
    // The refund's minus signs are a number's, not escaped into text; the formula is.
    expect(r.text).toMatch(/,refund,\d+,EUR,-5\.00,-0\.22,-4\.78,/);
    expect(rows.flat().filter((cell) => /^[=+@\t\r]/.test(cell))).toEqual([]);
    expect(rows.find((row) => row[2] === String(a.number))![7]).toBe(`'${FORMULA}`);
    // The net of the rows is what was paid out.
    expect(rows.reduce((sum, row) => sum + Math.round(Number(row[6]) * 100), 0)).toBe(Number(po.amount));
  });

  it("is the shop's managers' only: a cashier, another shop's owner and a made-up payout id get no rows", async () => {
    stripe.settle(account);
    const po = await stripe.payout(account);
    const cashier = await createUser();
    await addMember(shop.id, cashier.id, "cashier");
    const other = await createShop({ name: "Other Payout Shop" });
    await connectShopAccount(other.id, (await stripe.connectedAccount()).id as string);
    const asCashier = await page(server.base, `/shop/${shop.slug}/payments/payouts/${String(po.id)}.csv`, { cookie: await server.cookieFor(cashier.id) });
    expect(asCashier.status).toBe(403);
    const otherOwner = await server.cookieFor(other.ownerId);
    const theirs = await page(server.base, `/shop/${other.slug}/payments/payouts/${String(po.id)}.csv`, { cookie: otherOwner });
    expect(theirs.status).toBeGreaterThanOrEqual(400);
    expect(theirs.text).not.toContain("charge,");
    const mine = await page(server.base, `/shop/${shop.slug}/payments/payouts/${String(po.id)}.csv`, { cookie: otherOwner });
    expect(mine.status).toBe(403);
    expect(mine.text).not.toContain("charge,");
    for (const bad of ["po_x%00y", "__proto__", "po_" + "a".repeat(200), "018f0000-0000-7000-8000-000000000001"]) {
      const r = await page(server.base, `/shop/${shop.slug}/payments/payouts/${bad}.csv`, { cookie: owner });
      expect([400, 404], bad).toContain(r.status);
    }
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});

describe("the platform admin's Payments page", () => {
  it("is a 404 for anyone but a platform admin", async () => {
    expect((await page(server.base, "/admin/payments", { cookie: owner })).status).toBe(404);
    expect((await page(server.base, "/admin/payments")).status).toBe(404);
  });

  it("shows commission per shop per month, restricted accounts with what Stripe needs, and open disputes with the order", async () => {
    const o = await paidOrder(4000);
    await handleStripeEvent((await stripe.openDispute(o.stripePaymentId!, { dueInDays: 5 })).id);
    const restricted = await createShop({ name: "Restricted Shop" });
    const acct = (await stripe.connectedAccount()).id as string;
    await connectShopAccount(restricted.id, acct);
    await handleStripeEvent((await stripe.restrictAccount(acct, ["individual.verification.document", "external_account"], 4)).id);

    const r = await page(server.base, "/admin/payments?months=1", { cookie: admin });
    expect(r.status).toBe(200);
    const text = r.text.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'");
    // 2.5 % + €0.25 on €20.00, €12.50, €9.00 and €40.00 (0.75 + 0.56 + 0.48 + 1.25), less €0.22 given back with the €5.00 refund.
    expect(text).toContain("Payout Shop");
    expect(text).toContain("€2.82 earned after refunds");
    expect(text).toContain("Restricted Shop");
    expect(text).toContain("an identity document, a bank account for payouts");
    expect(text).toContain(`#${o.number}`);
    expect(text).toContain("€40.00");
    expect(text).toContain("fraudulent");
  });

  it("sets the platform default and a shop's plan from the forms, clears the plan, and refuses bad input by the field", async () => {
    const post = (body: Record<string, string>) => page(server.base, "/admin/payments", { cookie: admin, body: new URLSearchParams(body) });
    expect((await post({ intent: "rate", currency: "gbp", percentBp: "3", fixed: "0.20" })).status).toBe(302);
    expect(await baseDb.commissionRate.findUnique({ where: { currency: "GBP" }, select: { percentBp: true, fixed: true } })).toEqual({
      percentBp: 300,
      fixed: 20,
    });
    expect((await post({ intent: "plan", shopId: shop.id, percentBp: "1.5", fixed: "0,10", note: "launch offer" })).status).toBe(302);
    expect(
      await inShop(shop.id, (tx) => tx.shopCommissionPlan.findFirst({ select: { percentBp: true, fixed: true, refundsReturnFee: true, note: true } })),
    ).toEqual({
      percentBp: 150,
      fixed: 10,
      refundsReturnFee: false, // the box was not sent
      note: "launch offer",
    });
    const shown = (await page(server.base, `/shop/${shop.slug}/payments`, { cookie: owner })).text.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'");
    expect(shown).toContain("1.5 % + €0.10 of each card payment (your shop's own plan)");
    expect(shown).toContain("Refunds do not return the commission.");

    // Each refusal sits by its field (the input's id), or at the form's top for the hidden shop id.
    const plan = `/admin/payments?plan=${shop.id}`;
    const refusals: [Record<string, string>, string | null, RegExp][] = [
      [{ intent: "rate", currency: "XYZ", percentBp: "2", fixed: "0.25" }, "f-rate-currency", /currency code such as EUR/],
      [{ intent: "rate", currency: "EUR", percentBp: "51", fixed: "0.25" }, "f-rate-percent", /At most 50 %/],
      [{ intent: "rate", currency: "EUR", percentBp: "2", fixed: "99999999999" }, "f-rate-fixed", /not an amount like 0.25/],
      [{ intent: "rate", currency: "EUR", percentBp: "2", fixed: "-1" }, "f-rate-fixed", /not an amount/],
      [{ intent: "rate", currency: "EUR", percentBp: "4294967297", fixed: "1" }, "f-rate-percent", /At most 50 %/],
      [{ intent: "plan", shopId: shop.id, percentBp: "abc", fixed: "1" }, "f-plan-percent", /a percentage like 20 or 5.5/],
      [{ intent: "plan", shopId: shop.id, percentBp: "1", fixed: "1", note: "n".repeat(100_000) }, "f-plan-note", /500 characters at most/],
      [{ intent: "plan", shopId: "__proto__", percentBp: "1", fixed: "1" }, null, /Not a valid id/],
      [{ intent: "clear-plan", shopId: "constructor" }, null, /Not a valid id/],
    ];
    for (const [body, id, message] of refusals) {
      const r = await page(server.base, body.intent === "plan" ? plan : "/admin/payments", { cookie: admin, body: new URLSearchParams(body) });
      const html = r.text.replace(/&#x27;/g, "'");
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      if (id) expect(html, id).toMatch(new RegExp(`id="${id}-error" role="alert">[^<]*${message.source}`));
      else expect(html).toMatch(new RegExp(`class="form-error" role="alert">[^<]*${message.source}`));
    }
    // A shop that does not exist, a NUL byte, a prototype key as a field name, an unknown intent.
    expect((await post({ intent: "plan", shopId: "018f0000-0000-7000-8000-000000000099", percentBp: "1", fixed: "1" })).status).toBe(404);
    expect((await post({ intent: "rate", currency: "EUR\0", percentBp: "1", fixed: "1" })).status).toBe(400);
    expect((await post({ intent: "rate", "__proto__.x": "1", currency: "EUR", percentBp: "1", fixed: "1" })).status).toBe(400);
    const unknown = await post({ intent: "nothing" });
    expect(unknown.status).toBe(400);
    expect(unknown.text, unknown.text.slice(unknown.text.indexOf("<main"), unknown.text.indexOf("<main") + 600)).toContain("Unknown action");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await baseDb.commissionRate.findUnique({ where: { currency: "EUR" }, select: { percentBp: true, fixed: true } })).toEqual({
      percentBp: 250,
      fixed: 25,
    });

    // An owner cannot post to it.
    expect((await page(server.base, "/admin/payments", { cookie: owner, body: new URLSearchParams({ intent: "clear-plan", shopId: shop.id }) })).status).toBe(
      404,
    );
    expect((await post({ intent: "clear-plan", shopId: shop.id })).status).toBe(302);
    expect(await inShop(shop.id, (tx) => tx.shopCommissionPlan.count())).toBe(0);
    const after = (await page(server.base, `/shop/${shop.slug}/payments`, { cookie: owner })).text.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'");
    expect(after).toContain("2.5 % + €0.25 of each card payment (the platform's standard rate)");
  });
});
