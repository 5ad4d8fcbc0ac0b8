// Issue 17, broken today 8: a removed staff member's open order-board stream
// kept receiving the shop's orders. Now it ends when their membership or
// role changes, and at the next check once their session ends.
process.env.BOARD_PING_MS = "400";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser } from "../server/db/factories";
import { publishOrderChange } from "../server/services/orders/live";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let owner: string;

/** Opens the board stream as the browser's EventSource does; collects what arrives until it ends. */
async function openBoard(cookie: string) {
  const res = await fetch(`${server.base}/shop/${shop.slug}/orders/events`, { headers: { Cookie: cookie.split(";")[0]!, Accept: "text/event-stream" } });
  expect(res.status).toBe(200);
  let text = "";
  let ended = false;
  const reader = res.body!.getReader();
  const done = (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done: d } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (d) break;
      text += decoder.decode(value);
    }
    ended = true;
  })();
  await until(() => text.includes(": connected"));
  return { text: () => text, ended: () => ended, done, close: () => reader.cancel().catch(() => undefined) };
}
async function until(fn: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  shop = await createShop();
  owner = await server.cookieFor(shop.ownerId);
});
afterAll(() => server.close());

describe("the order board's stream", () => {
  it("ends for a staff member the moment they are removed, and gets no order after", async () => {
    const user = await createUser();
    const membership = await addMember(shop.id, user.id, "cashier");
    const board = await openBoard(await server.cookieFor(user.id));
    const ownerBoard = await openBoard(owner);
    await publishOrderChange(shop.id, { orderId: crypto.randomUUID(), number: 1, status: "confirmed", isNew: true });
    await until(() => board.text().includes('"number":1'));
    const r = await server.call("staff.remove", { shopSlug: shop.slug, membershipId: membership.id }, { cookie: owner });
    expect(r.status).toBe(200);
    await until(board.ended, 3_000);
    await publishOrderChange(shop.id, { orderId: crypto.randomUUID(), number: 2, status: "confirmed", isNew: true });
    await until(() => ownerBoard.text().includes('"number":2'));
    expect(board.text()).not.toContain('"number":2');
    expect(ownerBoard.ended()).toBe(false); // others' streams go on
    // Reconnecting is refused.
    const again = await fetch(`${server.base}/shop/${shop.slug}/orders/events`, { headers: { Cookie: (await server.cookieFor(user.id)).split(";")[0]! } });
    expect(again.status).toBeGreaterThanOrEqual(400);
    await ownerBoard.close();
  });

  it("ends when a staff member's role changes (the browser reconnects with the new role)", async () => {
    const user = await createUser();
    const membership = await addMember(shop.id, user.id, "manager");
    const board = await openBoard(await server.cookieFor(user.id));
    expect((await server.call("staff.changeRole", { shopSlug: shop.slug, membershipId: membership.id, role: "cashier" }, { cookie: owner })).status).toBe(200);
    await until(board.ended, 3_000);
  });

  it("ends at the next check once the session is ended elsewhere", async () => {
    const user = await createUser();
    await addMember(shop.id, user.id, "cashier");
    const cookie = await server.cookieFor(user.id);
    const board = await openBoard(cookie);
    expect((await server.call("auth.logOut", {}, { cookie })).status).toBe(200);
    await until(board.ended, 3_000);
  });
});
