// Issue 17, broken today 9: one anonymous GET carrying 150 calls cost half
// a second of server time. Batches are capped, and every call over HTTP
// spends from a per-IP (or per-account) budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;

const batch = (n: number) => {
  const paths = Array.from({ length: n }, () => "discovery.places").join(",");
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { q: "Par" }]));
  return fetch(`${server.base}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`);
};

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("tRPC batches", () => {
  it("150 calls in one GET are refused whole with 400, quickly", async () => {
    const started = Date.now();
    const r = await batch(150);
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).toMatch(/batch/i);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ten calls in one request are answered", async () => {
    const r = await batch(10);
    expect(r.status).toBe(200);
    expect(((await r.json()) as unknown[]).length).toBe(10);
  });
});

describe("calls per IP", () => {
  it("past the budget (600 calls a minute, each call of a batch counted) answers 429 with Retry-After", async () => {
    let status = 0;
    let requests = 0;
    const get = () => fetch(`${server.base}/api/trpc/auth.me`);
    for (; requests < 700 && status !== 429; requests++) {
      const r = await get();
      status = r.status;
      if (status === 429) {
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(((await r.json()) as { error: { data: { code: string } } }).error.data.code).toBe("TOO_MANY_REQUESTS");
      } else await r.arrayBuffer();
    }
    expect(status).toBe(429);
    // The two batches above spent 10 (the refused one spends 11 at most), so the limit came at about 600 calls.
    expect(requests).toBeGreaterThan(550);
    expect(requests).toBeLessThanOrEqual(600);
  });
});
