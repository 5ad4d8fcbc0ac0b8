// Issue 25, item 5: the customer's order page follows the order by itself.
process.env.BOARD_PING_MS = "400";
process.env.ORDER_STREAMS_MAX = "8";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inShop } from "../server/db/client.server";
import { createShop, createUser, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { receiveStock } from "../server/services/inventory/ledger";
import { placeOrder } from "../server/services/orders/place";
import { transitionOrder } from "../server/services/orders/transitions";
import { publishOrderChange } from "../server/services/orders/live";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let variantId: string;

async function until(fn: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens the stream as the browser's EventSource does; collects what arrives. */
async function openStream(path: string, cookie?: string) {
  const res = await fetch(`${server.base}${path}`, { headers: { Accept: "text/event-stream", ...(cookie ? { Cookie: cookie.split(";")[0]! } : {}) } });
  let text = "";
  let ended = false;
  if (res.status !== 200) return { status: res.status, text: () => text, ended: () => true, close: async () => undefined };
  const reader = res.body!.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      text += decoder.decode(value);
    }
    ended = true;
  })();
  await until(() => text.includes(": connected"));
  return { status: res.status, text: () => text, ended: () => ended, close: () => reader.cancel().catch(() => undefined) };
}

const guestOrder = (userId: string | null = null) =>
  placeOrder(shop.slug, userId, {
    clientRef: randomUUID(),
    items: [{ variantId, quantity: 1 }],
    fulfilment: "pickup",
    locationId: shop.locationId,
    payment: "pay_at_pickup",
    name: "Lou Live",
    email: `lou-${randomUUID().slice(0, 8)}@example.test`,
  });

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  shop = await createShop({ name: "Live Shop" });
  const p = await createProduct(
    shop.id,
    productInput({ variants: [{ optionValues: [], sku: `L-${randomUUID().slice(0, 8)}`, price: 300, taxClass: "standard" }] }),
  );
  variantId = (await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }))).id;
  await receiveStock(shop.id, shop.ownerId, { variantId, locationId: shop.locationId, quantity: 100 });
});
afterAll(() => server.close());

describe("the customer's live order stream", () => {
  it("tells the guest with the link when the shop moves their order on, and nothing about other orders", async () => {
    const mine = await guestOrder();
    const other = await guestOrder();
    const stream = await openStream(`/orders/${mine.orderId}/events?key=${mine.accessKey}`);
    expect(stream.status).toBe(200);
    await transitionOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId: other.orderId, to: "preparing" });
    await transitionOrder(shop.id, { userId: shop.ownerId, label: "Owner" }, { orderId: mine.orderId, to: "preparing" });
    await until(() => stream.text().includes('"status":"preparing"'));
    // Only the status: no id, number or name of anything.
    expect(stream.text()).not.toContain(other.orderId);
    expect(stream.text()).not.toContain(String(other.number));
    expect(stream.text().match(/event: order/g)).toHaveLength(1);
    await stream.close();
  });

  it("is refused without the key, with a wrong key, with another order's key, and to another signed-in person", async () => {
    const mine = await guestOrder();
    const other = await guestOrder();
    for (const path of [
      `/orders/${mine.orderId}/events`,
      `/orders/${mine.orderId}/events?key=${"a".repeat(43)}`,
      `/orders/${mine.orderId}/events?key=${other.accessKey}`,
      `/orders/not-an-id/events?key=${mine.accessKey}`,
      `/orders/${mine.orderId}/events?key=%00${mine.accessKey}`,
    ]) {
      const r = await fetch(`${server.base}${path}`);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      await r.body?.cancel();
    }
    const stranger = await server.cookieFor((await createUser()).id);
    const r = await fetch(`${server.base}/orders/${mine.orderId}/events`, { headers: { Cookie: stranger.split(";")[0]! } });
    expect(r.status).toBe(404);
    await r.body?.cancel();
  });

  it("follows a signed-in customer's own order without a key", async () => {
    const user = await createUser();
    const mine = await guestOrder(user.id);
    const stream = await openStream(`/orders/${mine.orderId}/events`, await server.cookieFor(user.id));
    await publishOrderChange(shop.id, { orderId: mine.orderId, number: mine.number, status: "ready_for_pickup", isNew: false });
    await until(() => stream.text().includes('"status":"ready_for_pickup"'));
    await stream.close();
  });

  it("caps the streams per order and per process, and frees a place when one closes", async () => {
    const mine = await guestOrder();
    const path = `/orders/${mine.orderId}/events?key=${mine.accessKey}`;
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await openStream(path));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const sixth = await fetch(`${server.base}${path}`);
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("retry-after")).toBe("60");
    await sixth.body?.cancel();
    // Three more orders' streams reach the process-wide cap of 8.
    const more = [];
    for (let i = 0; i < 3; i++) {
      const o = await guestOrder();
      more.push(await openStream(`/orders/${o.orderId}/events?key=${o.accessKey}`));
    }
    const o = await guestOrder();
    const refused = await fetch(`${server.base}/orders/${o.orderId}/events?key=${o.accessKey}`);
    expect(refused.status).toBe(429);
    await refused.body?.cancel();
    await streams[0]!.close();
    // The server hears of the closed connection a moment later (longer on a loaded machine): a place frees within seconds.
    let again = await openStream(path);
    for (let tries = 0; again.status === 429 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await openStream(path);
    }
    expect(again.status).toBe(200);
    for (const s of [...streams.slice(1), ...more, again]) await s.close();
  });
});
