// A request id, end to end: from the web request (X-Request-Id honoured when
// sane) into the outbox event it records, the job that follows, and every log
// line of both.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

process.env.LOG_LEVEL = "info";
const { startTestServer } = await import("./support/http");
const { startWorker } = await import("../jobs/worker");
const { db } = await import("../server/db/client.server");
const { shopDetails } = await import("../server/db/factories");
const { env } = await import("../server/env.server");

let server: Awaited<ReturnType<typeof startTestServer>>;
const lines: string[] = [];
const capture = (stream: NodeJS.WriteStream) =>
  vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });

beforeAll(async () => {
  server = await startTestServer();
  capture(process.stdout);
  capture(process.stderr);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const logged = () => lines.flatMap((l) => l.split("\n")).flatMap((l) => (l.startsWith("{") ? [JSON.parse(l) as Record<string, unknown>] : []));

function signUp(email: string, headers: Record<string, string>) {
  return fetch(`${server.base}/api/trpc/auth.signUp`, {
    method: "POST",
    headers: { Origin: server.base, "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ name: "Rae", email, password: "long enough pw", shop: shopDetails() }),
  });
}

/** A request as bytes, for header values fetch itself refuses to send. */
function rawRequest(headerLine: string): Promise<string> {
  const { port } = new URL(server.base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (d) => (answer += d.toString("latin1")));
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.write(
      Buffer.concat([
        Buffer.from("GET /healthz HTTP/1.1\r\nHost: x\r\n", "latin1"),
        Buffer.from(headerLine, "latin1"),
        Buffer.from("\r\nConnection: close\r\n\r\n"),
      ]),
    );
  });
}

describe("request id", () => {
  it("follows a sign-up into its outbox event, the welcome-email job and every log line of both", async () => {
    const requestId = `req-${randomBytes(8).toString("hex")}`;
    const email = `rid-${requestId}@example.test`;
    // Signed up from an English page: the account keeps English, and so does its welcome email.
    const res = await signUp(email, { "X-Request-Id": requestId, "Accept-Language": "en-GB,en;q=0.9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe(requestId);

    const event = await db.outboxEvent.findFirstOrThrow({ where: { type: "account.welcome" }, select: { id: true, requestId: true } });
    expect(event.requestId).toBe(requestId);

    const stop = await startWorker();
    try {
      await expect.poll(() => db.emailDelivery.count({ where: { eventId: event.id } }), { timeout: 20_000, interval: 200 }).toBe(1);
      await expect.poll(() => logged().some((l) => l.msg === "job done" && l.job === event.id), { timeout: 10_000 }).toBe(true);
    } finally {
      await stop();
    }
    const mail = logged().find((l) => l.msg === "email written to outbox folder (no SMTP_URL)" && l.to === email);
    expect(mail).toMatchObject({ level: "info", requestId, subject: "Confirm your email for Nearshop" });
    expect(fs.existsSync(path.resolve(String(mail?.path)))).toBe(true);
    expect(logged().find((l) => l.msg === "job done" && l.job === event.id)).toMatchObject({ requestId, queue: "notifications", name: "account.welcome" });
    // Every line about this sign-up (its email, its event) carries the id.
    const about = logged().filter((l) => JSON.stringify(l).includes(email) || JSON.stringify(l).includes(event.id));
    expect(about.length).toBeGreaterThanOrEqual(2);
    expect(about.every((l) => l.requestId === requestId)).toBe(true);
    expect(env.MAIL_OUTBOX_DIR).toContain("test-outbox");
  }, 40_000);

  it("a back-office write's events written in SQL (a stock movement) carry the id too", async () => {
    const { createShop, productInput } = await import("../server/db/factories");
    const { createProduct } = await import("../server/services/catalog/products");
    const { shopDb } = await import("../server/db/client.server");
    const shop = await createShop();
    await createProduct(shop.id, productInput({ title: "Lampe" }));
    const variant = await shopDb(shop.id).variant.findFirstOrThrow({ select: { id: true } });
    const requestId = `stock-${randomBytes(6).toString("hex")}`;
    const res = await fetch(`${server.base}/api/trpc/inventory.adjust`, {
      method: "POST",
      headers: {
        Origin: server.base,
        "Content-Type": "application/json",
        Cookie: (await server.cookieFor(shop.ownerId)).split(";")[0]!,
        "X-Request-Id": requestId,
      },
      body: JSON.stringify({ shopSlug: shop.slug, variantId: variant.id, locationId: shop.locationId, delta: 5, reason: "count" }),
    });
    expect(res.status).toBe(200);
    const events = await db.outboxEvent.findMany({ where: { type: "stock.changed", shopId: shop.id }, select: { requestId: true, payload: true } });
    expect(events.map((e) => [e.requestId, (e.payload as { available: number }).available])).toEqual([[requestId, 5]]);
  });

  it("without X-Request-Id, each request gets its own id, and its event carries it", async () => {
    const email = `rid-none-${randomBytes(4).toString("hex")}@example.test`;
    const res = await signUp(email, {});
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    const events = await db.outboxEvent.findMany({ where: { type: "account.welcome" }, select: { requestId: true, payload: true } });
    expect(events.find((e) => (e.payload as { userId?: string }).userId === user.id)?.requestId).toBe(id);
    const again = await fetch(`${server.base}/healthz`);
    expect(again.headers.get("x-request-id")).not.toBe(id);
  });

  it.each([
    ["too short", "abc"],
    ["too long", "a".repeat(129)],
    ["spaces", "one two three"],
    ["__proto__", "__proto__"],
    ["JSON", '{"a":1}'],
    ["a line break inside JSON", "abc\\ndef-12345"],
  ])("a request id that is not sane (%s) is replaced by a fresh one", async (_what, value) => {
    const res = await fetch(`${server.base}/healthz`, { headers: { "X-Request-Id": value } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["constructor", "constructor"],
    ["a number past 32 bits", "98765432109876543210"],
    ["a UUID", "5f0c5a8e-2b55-4c1e-9d7a-1e2f3a4b5c6d"],
  ])("a sane id (%s) is kept as given", async (_what, value) => {
    const res = await fetch(`${server.base}/healthz`, { headers: { "X-Request-Id": value } });
    expect(res.headers.get("x-request-id")).toBe(value);
  });

  it.each([
    ["a NUL byte", "X-Request-Id: abcd\u0000efgh1234"],
    ["Latin-1 bytes", "X-Request-Id: caf\u00e9-caf\u00e9-1234"],
  ])("%s in X-Request-Id: a clear answer, never a crash", async (_what, line) => {
    const answer = await rawRequest(line);
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    expect([200, 400]).toContain(status);
    if (status === 200) expect(answer).toMatch(/x-request-id: [0-9a-f-]{36}\r\n/i);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});
