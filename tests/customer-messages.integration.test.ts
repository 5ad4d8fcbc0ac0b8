// Issue 26 item 3 and issue 25 items 1 and 6: what a customer reads, in the
// shop's language (SMS and order emails), and the unsubscribe link that works
// without signing in (its page, the one-click POST, hostile tokens).
import { APP_PORT, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_STANDIN_PORT } from "./support/twilio-env";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { createShop, productInput } from "../server/db/factories";
import { createApp, serve } from "../server/app";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { transitionOrder } from "../server/services/orders/transitions";
import { delayOrder } from "../server/services/orders/delay";
import { handleNotification } from "../jobs/notifications";
import { unsubscribeToken } from "../server/services/customers/unsubscribe";
import { startTwilioStandin } from "../scripts/twilio-standin";
import { page } from "./support/pages";

const APP = `http://127.0.0.1:${APP_PORT}`;
let standin: Awaited<ReturnType<typeof startTwilioStandin>>;
let server: Server;
type Shop = Awaited<ReturnType<typeof createShop>> & { variantId: string };
let fr: Shop;
let en: Shop;

async function shopWithBread(name: string, language: "fr" | "en"): Promise<Shop> {
  const shop = await createShop({ name, timezone: "Europe/Paris", language, addressLine1: "12 rue Oberkampf", city: "Paris" });
  await baseDb.shop.update({ where: { id: shop.id }, data: { deliveryRadiusKm: 10, deliveryFee: 250 }, select: { id: true } });
  const p = await createProduct(
    shop.id,
    productInput({ title: "Baguette", variants: [{ optionValues: [], sku: `B-${randomUUID().slice(0, 8)}`, price: 140, taxClass: "standard" }] }),
  );
  const variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 100 });
  return { ...shop, variantId };
}

const place = (shop: Shop, over: Record<string, unknown> = {}) =>
  placeOrder(shop.slug, null, {
    clientRef: randomUUID(),
    items: [{ variantId: shop.variantId, quantity: 2 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Camille Client",
    email: `camille-${randomUUID().slice(0, 8)}@example.test`,
    phone: "06 12 34 56 78",
    smsOptIn: true,
    ...over,
  });

/** Runs the worker's job for the order's latest event of that type; returns the email (parts, headers, raw) it wrote, if any. */
async function runEvent(type: string, orderId: string) {
  const event = await baseDb.outboxEvent.findFirstOrThrow({
    where: { type, payload: { path: ["orderId"], equals: orderId } },
    orderBy: { createdAt: "desc" },
    select: { id: true, shopId: true, payload: true },
  });
  const where = await handleNotification(type, { eventId: event.id, shopId: event.shopId, payload: event.payload });
  const file = where.split(", ")[0]!;
  if (!file.endsWith(".eml")) return null;
  const parts = JSON.parse(await fs.readFile(file.replace(/\.eml$/, ".json"), "utf8")) as { subject: string; text: string; html: string };
  // Long header lines are folded (RFC 5322): unfolded, as a mail client reads them.
  return { ...parts, eml: (await fs.readFile(file, "utf8")).replace(/\r?\n[ \t]+/g, " ") };
}

const owner = (shop: Shop) => ({ userId: shop.ownerId, label: "Owner" });
const textsTo = (orderId: string) => standin.messages.filter((m) => m.body.includes(orderId));
const customerOf = (shop: Shop, orderId: string) =>
  inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: orderId }, select: { customerId: true } })).then((o) => o.customerId!);

beforeAll(async () => {
  standin = await startTwilioStandin({
    port: TWILIO_STANDIN_PORT,
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    from: [TWILIO_FROM],
    inboundUrl: `${APP}/webhooks/twilio/inbound`,
    callbackDelayMs: 10,
  });
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  server = await new Promise((resolve) => {
    const s = serve(createApp(build), APP_PORT, "127.0.0.1", () => resolve(s));
  });
  fr = await shopWithBread("Boulangerie Martin", "fr");
  en = await shopWithBread("Corner Bakery", "en");
});
afterAll(async () => {
  await standin?.close();
  await new Promise((r) => server?.close(r));
});

describe("SMS in the shop's language", () => {
  it("a French shop's customer reads a French text when the order is ready; an English shop's an English one", async () => {
    const a = await place(fr);
    await transitionOrder(fr.id, owner(fr), { orderId: a.orderId, to: "preparing" });
    await transitionOrder(fr.id, owner(fr), { orderId: a.orderId, to: "ready_for_pickup" });
    await runEvent("order.ready_for_pickup", a.orderId);
    const [french] = textsTo(a.orderId);
    expect(french?.body).toMatch(
      new RegExp(
        `^Votre commande ${a.number} chez Boulangerie Martin est disponible\\. Retrait : 12 rue Oberkampf, Paris\\. ` +
          `Suivi : ${APP}/orders/${a.orderId}\\?key=[A-Za-z0-9_-]{43} STOP pour ne plus recevoir de SMS\\.$`,
      ),
    );

    const b = await place(en);
    await transitionOrder(en.id, owner(en), { orderId: b.orderId, to: "preparing" });
    await transitionOrder(en.id, owner(en), { orderId: b.orderId, to: "ready_for_pickup" });
    await runEvent("order.ready_for_pickup", b.orderId);
    expect(textsTo(b.orderId)[0]?.body).toMatch(
      new RegExp(
        `^Corner Bakery: your order #${b.number} is ready\\. Pick it up at 12 rue Oberkampf, Paris\\. ${APP}/orders/${b.orderId}\\?key=\\S+ Reply STOP to stop texts\\.$`,
      ),
    );
  });

  it("texts 'out for delivery' once the order leaves, in each language", async () => {
    const deliveryTo = { fulfilment: "delivery", deliveryAddress: "9 Rue Ordener", deliveryPoint: { lat: 48.87, lng: 2.34 } };
    for (const [shop, expected] of [
      [fr, (n: number) => `Votre commande ${n} chez Boulangerie Martin est en cours de livraison. Suivi : `],
      [en, (n: number) => `Corner Bakery: your order #${n} is on its way. `],
    ] as const) {
      const o = await place(shop, deliveryTo);
      await transitionOrder(shop.id, owner(shop), { orderId: o.orderId, to: "preparing" });
      expect(textsTo(o.orderId)).toEqual([]);
      await transitionOrder(shop.id, owner(shop), { orderId: o.orderId, to: "out_for_delivery" });
      const mail = await runEvent("order.out_for_delivery", o.orderId);
      const texts = textsTo(o.orderId);
      expect(texts).toHaveLength(1);
      expect(texts[0]?.body.startsWith(expected(o.number))).toBe(true);
      expect(texts[0]?.to).toBe("+33612345678");
      expect(mail?.subject).toBe(shop === fr ? `Votre commande n° ${o.number} est en route` : `Your order #${o.number} is on its way`);
    }
  });

  it("says a delay with the new time in the shop's zone and the reason as staff typed it, in French", async () => {
    const o = await place(fr);
    const r = await delayOrder(fr.id, owner(fr), { orderId: o.orderId, minutes: 20, reason: "four en panne" });
    expect(r.note).toContain("four en panne");
    await runEvent("order.delayed", o.orderId);
    const readyAt = (await inShop(fr.id, (tx) => tx.order.findFirstOrThrow({ where: { id: o.orderId }, select: { readyAt: true } }))).readyAt!;
    const at = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" }).format(readyAt);
    expect(textsTo(o.orderId)[0]?.body).toMatch(
      new RegExp(
        `^Votre commande ${o.number} chez Boulangerie Martin a du retard \\(four en panne\\), toutes nos excuses\\. Elle sera disponible vers ${at}\\. Suivi : `,
      ),
    );
  });
});

describe("the customer's own language", () => {
  it("is taken from the browser at checkout (both checkouts) and wins over the shop's: an English browser at a French shop reads English", async () => {
    const checkout = async (path: string, input: Record<string, unknown>, language: string) => {
      const r = await fetch(`${APP}/api/trpc/${path}`, {
        method: "POST",
        headers: { Origin: APP, "Content-Type": "application/json", "Accept-Language": language },
        body: JSON.stringify(input),
      });
      const body = (await r.json()) as { result?: { data: { orderId?: string; orders?: { orderId: string }[] } }; error?: unknown };
      expect(r.status, JSON.stringify(body.error)).toBe(200);
      return body.result!.data;
    };
    const who = { name: "Alex Visitor", phone: "06 12 34 56 78", smsOptIn: true, payment: "pay_at_pickup", clientRef: randomUUID() };
    const one = await checkout(
      "checkout.place",
      {
        ...who,
        shopSlug: fr.slug,
        email: `alex-${randomUUID().slice(0, 8)}@example.test`,
        items: [{ variantId: fr.variantId, quantity: 1 }],
        fulfilment: "pickup",
        locationId: fr.locationId,
      },
      "en-GB,en;q=0.9,fr;q=0.5",
    );
    const cart = await checkout(
      "checkout.placeCart",
      {
        ...who,
        clientRef: randomUUID(),
        email: `alex-${randomUUID().slice(0, 8)}@example.test`,
        orders: [{ shopSlug: en.slug, items: [{ variantId: en.variantId, quantity: 1 }], fulfilment: "pickup", locationId: en.locationId }],
      },
      "fr-FR,fr;q=0.9",
    );
    const orders = [
      { shop: fr, orderId: one.orderId!, locale: "en", starts: "Boulangerie Martin: your order #" },
      { shop: en, orderId: cart.orders![0]!.orderId, locale: "fr", starts: "Votre commande " },
    ];
    for (const o of orders) {
      const row = await inShop(o.shop.id, (tx) => tx.order.findFirstOrThrow({ where: { id: o.orderId }, select: { locale: true } }));
      expect(row.locale).toBe(o.locale);
      await transitionOrder(o.shop.id, owner(o.shop), { orderId: o.orderId, to: "preparing" });
      await transitionOrder(o.shop.id, owner(o.shop), { orderId: o.orderId, to: "ready_for_pickup" });
      const mail = await runEvent("order.ready_for_pickup", o.orderId);
      expect(textsTo(o.orderId)[0]?.body.startsWith(o.starts), textsTo(o.orderId)[0]?.body).toBe(true);
      expect(mail?.subject).toMatch(o.locale === "en" ? /^Your order #\d+ is ready for pickup$/ : /^Votre commande n° \d+ est prête$/);
    }
  });
});

describe("order emails in the shop's language", () => {
  it("confirms an order in French: subject, heading, sentences, money as '2,80 €', lang attribute", async () => {
    const o = await place(fr);
    const mail = await runEvent("order.placed", o.orderId);
    expect(mail?.subject).toBe(`Votre commande n° ${o.number} chez Boulangerie Martin`);
    const text = mail!.text.replace(/\u202f|\u00a0/g, " ");
    expect(text).toContain("MERCI POUR VOTRE COMMANDE");
    expect(text).toContain(`Boulangerie Martin a bien reçu votre commande n° ${o.number}, à retirer à`);
    expect(text).toContain("Nous vous écrirons dès qu'elle sera prête.");
    expect(text).toContain("2 articles");
    expect(text).toContain("2 × Baguette : 2,80 €");
    expect(text).toContain("Total : 2,80 €");
    expect(text).toContain("Voir votre commande");
    expect(mail!.html).toContain('lang="fr"');
  });

  it("confirms an order in English for an English shop", async () => {
    const o = await place(en);
    const mail = await runEvent("order.placed", o.orderId);
    expect(mail?.subject).toBe(`Your order #${o.number} at Corner Bakery`);
    expect(mail!.text).toContain(`Corner Bakery has your order #${o.number} for pickup at`);
    expect(mail!.text).toContain("You pay at");
    expect(mail!.text).toContain("2 × Baguette: €2.80");
    expect(mail!.text).toContain("Total: €2.80");
    expect(mail!.html).toContain('lang="en"');
  });

  it("says when an order is ready, in French", async () => {
    const o = await place(fr, { smsOptIn: false });
    await transitionOrder(fr.id, owner(fr), { orderId: o.orderId, to: "preparing" });
    await transitionOrder(fr.id, owner(fr), { orderId: o.orderId, to: "ready_for_pickup" });
    const mail = await runEvent("order.ready_for_pickup", o.orderId);
    expect(mail?.subject).toBe(`Votre commande n° ${o.number} est prête`);
    expect(mail!.text).toContain(`Votre commande n° ${o.number} est prête. Retrait :`);
  });
});

describe("a receipt by email", () => {
  it("is in the shop's language with the date in its zone", async () => {
    const o = await place(fr);
    const email = `receipt-${randomUUID().slice(0, 8)}@example.test`;
    const where = await handleNotification("receipt.requested", { eventId: randomUUID(), shopId: fr.id, payload: { orderId: o.orderId, email } });
    const mail = JSON.parse(await fs.readFile(where.replace(/\.eml$/, ".json"), "utf8")) as { subject: string; text: string };
    const createdAt = (await inShop(fr.id, (tx) => tx.order.findFirstOrThrow({ where: { id: o.orderId }, select: { createdAt: true } }))).createdAt;
    const date = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", dateStyle: "long", timeStyle: "short" }).format(createdAt);
    expect(date).toMatch(/^\d{1,2} \S+ \d{4} à \d\d:\d\d$/);
    expect(mail.subject).toBe(`Votre ticket de caisse chez Boulangerie Martin (n° ${o.number})`);
    expect(mail.text).toContain(`TICKET N° ${o.number}`);
    expect(mail.text).toContain(`Merci de votre visite chez Boulangerie Martin le ${date}.`);
  });
});

describe("the unsubscribe link", () => {
  it("is in the footer and the one-click headers only of emails to a customer who gets the shop's news", async () => {
    const quiet = await runEvent("order.placed", (await place(en)).orderId);
    expect(quiet!.text).not.toContain("Unsubscribe");
    expect(quiet!.eml).not.toMatch(/^List-Unsubscribe/m);

    const o = await place(fr);
    const customerId = await customerOf(fr, o.orderId);
    await inShop(fr.id, (tx) => tx.customer.updateMany({ where: { id: customerId }, data: { marketingConsent: true, consentAt: new Date() } }));
    const mail = await runEvent("order.placed", o.orderId);
    const url = `${APP}/unsubscribe/${unsubscribeToken(fr.id, customerId)}`;
    expect(mail!.text).toContain("Vous recevez les nouveautés et offres de Boulangerie Martin.");
    expect(mail!.text).toContain(`Se désabonner ${url}`);
    expect(mail!.eml).toContain(`List-Unsubscribe: <${url}>`);
    expect(mail!.eml).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("asks first (a GET changes nothing), then stops the news on the button and says so; the shop's log records it", async () => {
    const o = await place(en);
    const customerId = await customerOf(en, o.orderId);
    await inShop(en.id, (tx) => tx.customer.updateMany({ where: { id: customerId }, data: { marketingConsent: true, consentAt: new Date() } }));
    const url = `/unsubscribe/${unsubscribeToken(en.id, customerId)}`;
    const asked = await page(APP, url);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("Stop news and offers from Corner Bakery?");
    expect(asked.text).toContain("Stop news and offers</button>");
    const consent = () => inShop(en.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: customerId }, select: { marketingConsent: true } }));
    expect((await consent()).marketingConsent).toBe(true);

    const done = await page(APP, url, { body: new URLSearchParams() });
    expect(done.status).toBe(200);
    expect(done.text).toContain("You will no longer get news and offers from Corner Bakery");
    expect((await consent()).marketingConsent).toBe(false);
    const logged = await inShop(en.id, (tx) =>
      tx.auditEvent.findMany({ where: { recordId: customerId }, select: { kind: true, recordLabel: true, source: true } }),
    );
    expect(logged).toEqual([{ kind: "customers.update", recordLabel: "News and offers stopped by the email's unsubscribe link", source: "account" }]);

    // Again (a second click, a mail client's retry): the same answer, nothing more written.
    expect((await page(APP, url, { body: new URLSearchParams() })).text).toContain("You will no longer get news and offers");
    expect(await inShop(en.id, (tx) => tx.auditEvent.count({ where: { recordId: customerId } }))).toBe(1);
    expect((await page(APP, url)).text).toContain("You do not get news and offers from Corner Bakery</h1>");
  });

  it("takes a mail client's RFC 8058 one-click POST (no Origin, no cookie), in French for a French shop", async () => {
    const o = await place(fr);
    const customerId = await customerOf(fr, o.orderId);
    await inShop(fr.id, (tx) => tx.customer.updateMany({ where: { id: customerId }, data: { marketingConsent: true, consentAt: new Date() } }));
    const r = await fetch(`${APP}/unsubscribe/${unsubscribeToken(fr.id, customerId)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain("Vous ne recevrez plus les nouveautés et offres de Boulangerie Martin");
    const after = await inShop(fr.id, (tx) => tx.customer.findFirstOrThrow({ where: { id: customerId }, select: { marketingConsent: true } }));
    expect(after.marketingConsent).toBe(false);
  });

  it("answers a tampered, cut, hostile or borrowed token with the 'not valid' page (404), never a change or a crash", async () => {
    const a = await place(fr);
    const b = await place(en);
    const customerA = await customerOf(fr, a.orderId);
    const customerB = await customerOf(en, b.orderId);
    for (const [shop, id] of [
      [fr, customerA],
      [en, customerB],
    ] as const)
      await inShop(shop.id, (tx) => tx.customer.updateMany({ where: { id }, data: { marketingConsent: true, consentAt: new Date() } }));
    const good = unsubscribeToken(fr.id, customerA);
    const raw = Buffer.from(good, "base64url");
    // A's signature on B's ids (another shop's customer), and one flipped bit.
    const borrowed = Buffer.concat([Buffer.from(en.id.replace(/-/g, ""), "hex"), Buffer.from(customerB.replace(/-/g, ""), "hex"), raw.subarray(32)]).toString(
      "base64url",
    );
    const flipped = Buffer.from(raw);
    flipped[47] = flipped[47]! ^ 1;
    const bad = [
      borrowed,
      flipped.toString("base64url"),
      good.slice(0, 63),
      `${good}A`,
      "__proto__",
      "constructor",
      "%00",
      `${good.slice(0, 10)}%00${good.slice(13)}`,
      "x".repeat(5000),
      encodeURIComponent(unsubscribeToken(fr.id, randomUUID())),
    ];
    for (const token of bad) {
      for (const body of [undefined, new URLSearchParams(), new URLSearchParams("List-Unsubscribe=One-Click")]) {
        const r = await page(APP, `/unsubscribe/${token}`, body ? { body } : {});
        expect(r.status, `${token.slice(0, 40)} ${body ? "POST" : "GET"}`).toBe(404);
        expect(r.text).toMatch(/This unsubscribe link is not valid|Ce lien de désabonnement n'est pas valide|nothing at this address/);
      }
    }
    // Hostile forms on a real token: refused with a 400 naming the field, nothing changed.
    const url = `/unsubscribe/${good}`;
    for (const body of [
      new URLSearchParams([["__proto__.x", "1"]]),
      new URLSearchParams([["constructor.prototype.x", "1"]]),
      new URLSearchParams([["List-Unsubscribe", "One-Click\u0000"]]),
      new URLSearchParams([["List-Unsubscribe", "x".repeat(100_000)]]),
    ]) {
      const r = await page(APP, url, { body });
      expect(r.status, [...body.keys()].join()).toBe(400);
    }
    for (const [shop, id] of [
      [fr, customerA],
      [en, customerB],
    ] as const) {
      const c = await inShop(shop.id, (tx) => tx.customer.findFirstOrThrow({ where: { id }, select: { marketingConsent: true } }));
      expect(c.marketingConsent, shop.name).toBe(true);
    }
    expect((await fetch(`${APP}/healthz`)).status).toBe(200);
  });
});
