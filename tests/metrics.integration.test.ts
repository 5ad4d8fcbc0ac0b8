// Issue 20, item 4 (and issue 17, item 5: limits visible in metrics):
// /metrics in Prometheus's format, for whoever holds METRICS_TOKEN, with
// requests labelled by route (never by a raw URL or an id), procedure
// durations and rate-limit rejections by rule.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const TOKEN = vi.hoisted(() => {
  const token = "test-metrics-token-0123456789abcdef";
  process.env.METRICS_TOKEN = token;
  return token;
});

import { createShop } from "../server/db/factories";
import { CALL_RULES, spendCall } from "../server/auth/rate-limit.server";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

const SCALE = Number(process.env.RATE_LIMIT_SCALE ?? 1);
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
});
afterAll(() => server.close());

const scrape = (authorization?: string) => fetch(`${server.base}/metrics`, { headers: authorization === undefined ? {} : { Authorization: authorization } });
const metricsText = async () => {
  const r = await scrape(`Bearer ${TOKEN}`);
  expect(r.status).toBe(200);
  return r.text();
};
/** The samples of a metric whose labels include all of `labels`. */
const samples = (text: string, name: string, labels: Record<string, string> = {}) =>
  text
    .split("\n")
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));

describe("who may read /metrics", () => {
  it("refuses a request without the token and with a wrong one, answers with it", async () => {
    for (const auth of [undefined, "Bearer wrong-token", `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`, `Bearer ${TOKEN}x`, `bearer`]) {
      const r = await scrape(auth);
      expect(r.status, String(auth)).toBe(401);
      expect(r.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await r.text()).not.toContain("nearshop_");
    }
    const ok = await scrape(`Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await ok.text();
    // Default process metrics, and the pool's counts.
    expect(samples(text, "process_cpu_user_seconds_total")).toHaveLength(1);
    expect(samples(text, "nearshop_db_pool_max")).toEqual(["nearshop_db_pool_max 5"]);
    expect(samples(text, "nearshop_db_pool_connections", { state: "idle" })).toHaveLength(1);
  });

  it("answers a huge or odd Authorization header with 401 or 431, and keeps answering", async () => {
    for (const auth of [`Bearer ${"A".repeat(30_000)}`, `Bearer ${TOKEN}${"="}`, "Bearer __proto__", "Bearer constructor", `Bearer ${TOKEN} ${TOKEN}`]) {
      expect((await scrape(auth)).status).toBe(401);
    }
    // Past Node's header limit (32 KB here): refused before the app, the process unharmed.
    expect((await scrape(`Bearer ${"A".repeat(40_000)}`)).status).toBe(431);
    // Bytes fetch will not send (a NUL, a line break), written on the socket as an attacker would.
    const port = Number(new URL(server.base).port);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () =>
        socket.end(`GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\u0000\r\nConnection: close\r\n\r\n`),
      );
      let out = "";
      socket.on("data", (d) => (out += d.toString("latin1")));
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
  });
});

describe("what it shows", () => {
  it("counts a rate-limit rejection by its rule once one happened", async () => {
    const shop = await createShop();
    const owner = await server.cookieFor(shop.ownerId);
    expect(samples(await metricsText(), "nearshop_rate_limit_rejections_total", { rule: "calls:user" })).toEqual([]);
    await spendCall({ userId: shop.ownerId }, CALL_RULES.user.points * SCALE);
    const refused = await server.call("shops.current", { shopSlug: shop.slug }, { cookie: owner, type: "query" });
    expect(refused.status).toBe(429);
    const text = await metricsText();
    expect(samples(text, "nearshop_rate_limit_rejections_total", { rule: "calls:user" })).toEqual([
      'nearshop_rate_limit_rejections_total{rule="calls:user"} 1',
    ]);
    expect(samples(text, "nearshop_trpc_procedure_duration_seconds_count", { procedure: "shops.current", outcome: "TOO_MANY_REQUESTS" })).toEqual([
      'nearshop_trpc_procedure_duration_seconds_count{procedure="shops.current",type="query",outcome="TOO_MANY_REQUESTS"} 1',
    ]);
    expect(samples(text, "nearshop_http_request_duration_seconds_count", { route: "trpc", status: "429" })).toEqual([
      'nearshop_http_request_duration_seconds_count{route="trpc",method="GET",status="429"} 1',
    ]);
  });

  it("100 requests to 100 different product ids make one series, labelled by the route, with no id in it", async () => {
    const shop = await createShop();
    const owner = await server.cookieFor(shop.ownerId);
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const statuses = new Set<number>();
    for (const id of ids) statuses.add((await page(server.base, `/shop/${shop.slug}/products/${id}`, { cookie: owner })).status);
    expect([...statuses]).toEqual([404]);
    const text = await metricsText();
    const route = "routes/shop.$slug.products.$productId";
    expect(samples(text, "nearshop_http_request_duration_seconds_count", { route })).toEqual([
      `nearshop_http_request_duration_seconds_count{route="${route}",method="GET",status="404"} 100`,
    ]);
    expect(samples(text, "nearshop_http_request_duration_seconds_bucket", { route, le: "+Inf" })).toHaveLength(1);
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain(shop.slug);
    // Every request series has a route from the closed set: a route id or one of the app's own names.
    const routes = new Set(samples(text, "nearshop_http_request_duration_seconds_count").map((l) => /route="([^"]*)"/.exec(l)![1]));
    for (const r of routes) expect(r).toMatch(/^(routes\/[^/]+|root|trpc|metrics|healthz|static|uploads|unmatched|admin\/jobs|webhooks\/[a-z-]+)$/);
  });
});
