// Issue 25, item 6: SMS about orders through Twilio (its local stand-in):
// signed webhooks, STOP and START, the monthly cap, one SMS per event, opt-in checks.
import { APP_PORT, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, TWILIO_STANDIN_PORT } from "./support/twilio-env";
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb, inShop } from "../server/db/client.server";
import { createShop, productInput } from "../server/db/factories";
import { createApp, serve } from "../server/app";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { transitionOrder } from "../server/services/orders/transitions";
import { getOrder } from "../server/services/orders/read";
import { handleNotification } from "../jobs/notifications";
import { startTwilioStandin, twilioSignature } from "../scripts/twilio-standin";
import { eraseCustomer } from "../server/services/privacy/customers";
import { chunkedPost } from "./support/pages";

const APP = `http://127.0.0.1:${APP_PORT}`;
const PHONE = "06 12 34 56 78";
const E164 = "+33612345678";
let standin: Awaited<ReturnType<typeof startTwilioStandin>>;
let server: Server;
let shop: Awaited<ReturnType<typeof createShop>>;
let variantId: string;

const place = (over: Record<string, unknown> = {}) =>
  placeOrder(shop.slug, null, {
    clientRef: randomUUID(),
    items: [{ variantId, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Sam Sms",
    email: `sam-${randomUUID().slice(0, 8)}@example.test`,
    phone: PHONE,
    smsOptIn: true,
    ...over,
  });

/** Staff mark the order ready; the worker's job for that event runs (twice when asked: a retry). */
async function ready(orderId: string, runs = 1) {
  await transitionOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId, to: "preparing" });
  await transitionOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId, to: "ready_for_pickup" });
  const event = await baseDb.outboxEvent.findFirstOrThrow({
    where: { type: "order.ready_for_pickup", payload: { path: ["orderId"], equals: orderId } },
    select: { id: true, shopId: true, payload: true },
  });
  for (let i = 0; i < runs; i++) await handleNotification("order.ready_for_pickup", { eventId: event.id, shopId: event.shopId, payload: event.payload });
  return getOrder(shop.id, { orderId });
}

const post = (path: string, params: Record<string, string>, signature?: string) =>
  fetch(`${APP}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature ? { "x-twilio-signature": signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });

beforeAll(async () => {
  standin = await startTwilioStandin({
    port: TWILIO_STANDIN_PORT,
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    from: [TWILIO_FROM],
    inboundUrl: `${APP}/webhooks/twilio/inbound`,
    callbackDelayMs: 10,
  });
  server = await new Promise((resolve) => {
    const s = serve(
      createApp(async () => {
        throw new Error("no pages here");
      }),
      APP_PORT,
      "127.0.0.1",
      () => resolve(s),
    );
  });
  shop = await createShop({ name: "Text Bakery", timezone: "Europe/Paris", language: "en" });
  const p = await createProduct(
    shop.id,
    productInput({ variants: [{ optionValues: [], sku: `S-${randomUUID().slice(0, 8)}`, price: 250, taxClass: "standard" }] }),
  );
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 100 });
});
afterAll(async () => {
  await standin?.close();
  await new Promise((r) => server?.close(r));
});

describe("opting in at checkout", () => {
  it("asks for a phone, and a mobile one read in the shop's country; hostile strings are a field error", async () => {
    for (const phone of [undefined, "01 23 45 67 89", "__proto__", "constructor", "+33 6\u0000 12", "9".repeat(19), "+1 (555) 0"]) {
      await expect(place({ phone }), String(phone)).rejects.toMatchObject({ fieldErrors: { phone: expect.stringMatching(/mobile number/) } });
    }
    const { orderId } = await place();
    expect((await getOrder(shop.id, { orderId })).contactPhone).toBe(E164);
  });
});

describe("sending", () => {
  it("texts the order's number and link once, however often the job runs, and records Twilio's delivery status", async () => {
    const before = standin.messages.length;
    const { orderId, number } = await place();
    await ready(orderId, 2);
    const mine = standin.messages.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ to: E164, from: TWILIO_FROM, statusCallback: `${APP}/webhooks/twilio/status` });
    expect(mine[0]?.body).toContain(`order #${number} is ready`);
    expect(mine[0]?.body).toContain(`/orders/${orderId}?key=`);
    await expect.poll(async () => (await getOrder(shop.id, { orderId })).sms[0]?.status, { timeout: 5000 }).toBe("delivered");
    expect(mine[0]?.callbacks.map((c) => c.httpStatus)).toEqual([200, 200, 200]);
  });

  it("sends nothing to a customer who did not opt in", async () => {
    const before = standin.messages.length;
    const { orderId } = await place({ smsOptIn: false });
    expect((await ready(orderId)).sms).toEqual([]);
    expect(standin.messages.length).toBe(before);
  });
});

describe("webhooks", () => {
  it("refuse an unsigned or wrongly signed request with 403 and accept Twilio's signature", async () => {
    const params = { MessageSid: `SM${"0".repeat(32)}`, MessageStatus: "delivered" };
    const url = `${APP}/webhooks/twilio/status`;
    expect((await post("/webhooks/twilio/status", params)).status).toBe(403);
    expect((await post("/webhooks/twilio/status", params, twilioSignature("wrong-token-000000", url, params))).status).toBe(403);
    expect((await post("/webhooks/twilio/status", { ...params, MessageStatus: "sent" }, twilioSignature(TWILIO_AUTH_TOKEN, url, params))).status).toBe(403);
    const ok = await post("/webhooks/twilio/status", params, twilioSignature(TWILIO_AUTH_TOKEN, url, params));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<Response></Response>");
  });

  it("honour STOP (no more texts, the staff see why) and START", async () => {
    expect(await standin.deliverInbound(E164, " stop ")).toBe(200);
    const before = standin.messages.length;
    const a = await place();
    expect((await ready(a.orderId)).sms[0]?.status).toBe("opted_out");
    expect(standin.messages.length).toBe(before);
    expect(await standin.deliverInbound(E164, "START")).toBe(200);
    const b = await place();
    await ready(b.orderId);
    expect(standin.messages.length).toBe(before + 1);
  });
});

describe("the monthly cap", () => {
  it("sends up to the cap, then keeps texts back and tells the managers once", async () => {
    const used = await inShop(shop.id, (tx) => tx.smsMessage.count({ where: { status: { notIn: ["capped", "opted_out"] } } }));
    await baseDb.shop.update({ where: { id: shop.id }, data: { smsMonthlyCap: used + 1 }, select: { id: true } });
    const before = standin.messages.length;
    const last = await place();
    expect((await ready(last.orderId)).sms[0]?.status).not.toBe("capped");
    const over = await place();
    expect((await ready(over.orderId)).sms[0]?.status).toBe("capped");
    const again = await place();
    expect((await ready(again.orderId)).sms[0]?.status).toBe("capped");
    expect(standin.messages.length).toBe(before + 1);
    const notices = await inShop(shop.id, (tx) => tx.notification.findMany({ where: { type: "sms-cap" }, select: { userId: true, title: true } }));
    expect(notices.length).toBeGreaterThan(0);
    expect(new Set(notices.map((n) => n.userId)).size).toBe(notices.length);
  });
});

describe("the stand-in is as strict as Twilio", () => {
  const create = (body: Record<string, string>, token = TWILIO_AUTH_TOKEN) =>
    fetch(`${standin.url}/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages.json`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${token}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(body).toString(),
    });
  it("answers wrong credentials with 401 code 20003, an unknown parameter or a bad To with 400 and a code", async () => {
    expect(await (await create({ To: E164, From: TWILIO_FROM, Body: "x" }, "nope-nope-nope-nope")).json()).toMatchObject({ status: 401, code: 20003 });
    expect(await (await create({ To: E164, From: TWILIO_FROM, Body: "x", Colour: "red" })).json()).toMatchObject({ status: 400, code: 20001 });
    expect(await (await create({ To: "0612345678", From: TWILIO_FROM, Body: "x" })).json()).toMatchObject({ status: 400, code: 21211 });
  });
});

describe("erasure (decision 0024) reaches the texts", () => {
  it("a shop's erasure of a customer replaces their number and the texts about their orders; other customers' stay", async () => {
    const phone = "06 98 76 54 32";
    const erased = await place({ phone, name: "Ezra Erase" });
    const kept = await place();
    await ready(erased.orderId);
    await ready(kept.orderId);
    const rows = () =>
      inShop(shop.id, (tx) =>
        tx.smsMessage.findMany({ where: { orderId: { in: [erased.orderId, kept.orderId] } }, select: { orderId: true, to: true, body: true } }),
      );
    expect((await rows()).find((r) => r.orderId === erased.orderId)?.to).toBe("+33698765432");
    const { customerId } = await getOrder(shop.id, { orderId: erased.orderId });
    await eraseCustomer(shop.id, customerId!);
    const after = await rows();
    expect(after.find((r) => r.orderId === erased.orderId)).toMatchObject({ to: "erased", body: "Erased customer" });
    expect(after.find((r) => r.orderId === kept.orderId)).toMatchObject({ to: E164, body: expect.stringContaining(`/orders/${kept.orderId}`) });
    const anywhere = await baseDb.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM sms_messages WHERE "to" = '+33698765432' OR body LIKE ${`%${erased.orderId}%`}`;
    expect(anywhere[0]?.n).toBe(0);
  });
});

describe("webhooks under hostile input", () => {
  const STATUS = "/webhooks/twilio/status";
  const INBOUND = "/webhooks/twilio/inbound";
  const signed = (p: string, params: Record<string, string>) => post(p, params, twilioSignature(TWILIO_AUTH_TOKEN, `${APP}${p}`, params));
  const sid = `SM${"1".repeat(32)}`;

  it("answer a signed request with a missing, hostile or oversized field with a 400 that names it, and keep serving", async () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      [STATUS, { MessageStatus: "delivered" }, /MessageSid/],
      [STATUS, { MessageSid: sid }, /MessageStatus/],
      [STATUS, { MessageSid: sid, MessageStatus: "exploded" }, /MessageStatus/],
      [STATUS, { MessageSid: `SM\u00001`, MessageStatus: "delivered" }, /MessageSid: contains a NUL/],
      [STATUS, { MessageSid: "x".repeat(5000), MessageStatus: "delivered" }, /MessageSid/],
      [STATUS, { MessageSid: sid, MessageStatus: "delivered", ErrorCode: "__proto__" }, /ErrorCode/],
      [
        STATUS,
        JSON.parse(`{"MessageSid":"${sid}","MessageStatus":"delivered","__proto__":"x"}`) as Record<string, string>,
        /"__proto__" is not one Twilio sends/,
      ],
      [STATUS, { MessageSid: sid, MessageStatus: "delivered", constructor: "x" }, /"constructor" is not one Twilio sends/],
      [INBOUND, { Body: "STOP" }, /From/],
      [INBOUND, { From: E164 }, /Body/],
      [INBOUND, { From: E164, Body: "S".repeat(5000) }, /Body/],
      [INBOUND, { From: `+336\u000012345678`, Body: "STOP" }, /From: contains a NUL/],
      [INBOUND, { From: "constructor", Body: "STOP" }, /From/],
    ];
    for (const [p, params, message] of cases) {
      const r = await signed(p, params);
      const what = `${p} ${JSON.stringify(params).slice(0, 80)}`;
      expect(r.status, what).toBe(400);
      expect(await r.text(), what).toMatch(message);
    }
    expect(await baseDb.smsOptOut.count({ where: { phone: { not: { startsWith: "+" } } } })).toBe(0);
    expect((await signed(STATUS, { MessageSid: sid, MessageStatus: "delivered" })).status).toBe(200);
  });

  it("refuse unsigned hostile bodies with 403, and a body past the limit (chunked too) with 413, never a 500", async () => {
    for (const body of ["__proto__[x]=1", "constructor=1&MessageSid=a", "MessageSid=%00", "a=1&a=2", "%E0%A4%A", "x".repeat(50_000)]) {
      const r = await fetch(`${APP}${STATUS}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
      expect(r.status, body.slice(0, 30)).toBe(403);
    }
    const big = await fetch(`${APP}${INBOUND}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `Body=${"x".repeat(200_000)}`,
    });
    expect(big.status).toBe(413);
    const chunked = await chunkedPost(
      APP,
      INBOUND,
      function* () {
        for (let i = 0; i < 200; i++) yield Buffer.from(`Body=${"y".repeat(1024)}`);
      },
      { "content-type": "application/x-www-form-urlencoded" },
    );
    expect(chunked.status).toBe(413);
    const json = await fetch(`${APP}${STATUS}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"__proto__":{"x":1}}' });
    expect(json.status).toBe(403);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect((await fetch(`${APP}/healthz`)).status).toBe(200);
  });
});
