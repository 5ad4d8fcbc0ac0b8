import { describe, expect, it } from "vitest";
import type { Request, Response } from "express";

process.env.DATABASE_REPLICA_URL = "postgresql://nearshop_app@127.0.0.1:1/replica";
process.env.DATABASE_REPLICA_STICKY_SECONDS = "30";
const { requestContext } = await import("./request-context");
const { currentRequest } = await import("../request-context");

/** The middleware on a fake request: the context it sets up and the cookies it hands out. */
function run(method: string, headers: Record<string, string> = {}) {
  const cookies: string[] = [];
  const out: Record<string, string> = {};
  const req = { method, headers, get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  const res = {
    locals: {},
    setHeader: (k: string, v: string) => void (out[k] = v),
    append: (k: string, v: string) => void (k === "Set-Cookie" && cookies.push(v)),
  } as unknown as Response;
  let seen: ReturnType<typeof currentRequest>;
  requestContext(req, res, () => void (seen = currentRequest()));
  return { context: seen, cookies, requestIdHeader: out["X-Request-Id"] };
}

describe("read-your-writes cookie", () => {
  it("a write reads the primary and hands out the cookie; the browser's next GET reads the primary too", () => {
    const write = run("POST");
    expect(write.context?.readPrimary).toBe(true);
    expect(write.cookies).toHaveLength(1);
    expect(write.cookies[0]).toMatch(/^nearshop_rw=\d{13}\.[A-Za-z0-9_-]{32}; Max-Age=30; Path=\/; HttpOnly; SameSite=Lax$/);
    const next = run("GET", { cookie: `theme=dark; ${write.cookies[0]!.split(";")[0]}` });
    expect(next.context?.readPrimary).toBe(true);
    expect(next.cookies).toEqual([]);
  });

  it("a GET without the cookie reads where the procedure allows (the replica)", () => {
    expect(run("GET").context?.readPrimary).toBe(false);
  });

  it.each([
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["a NUL byte", "1\u0000.abc"],
    ["a number past 32 bits with no signature", "99999999999999999999"],
    ["a far future with a made-up signature", `9999999999999.${"A".repeat(32)}`],
    ["an expired but genuine-looking shape", `0000000000001.${"a".repeat(32)}`],
    ["a huge value", "9".repeat(5000)],
  ])("a hostile cookie (%s) counts for nothing and breaks nothing", (_what, value) => {
    const r = run("GET", { cookie: `nearshop_rw=${value}` });
    expect(r.context?.readPrimary).toBe(false);
    expect(r.requestIdHeader).toMatch(/^[0-9a-f-]{36}$/);
  });
});
