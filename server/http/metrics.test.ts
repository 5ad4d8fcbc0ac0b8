import { describe, expect, it } from "vitest";
import { metricsAccess } from "./metrics";

const token = "a-metrics-token-of-thirty-two-chars!";
const prod = { token, development: false, loopback: true };

describe("who may read /metrics", () => {
  it("with a token: only a request carrying it as a bearer", () => {
    expect(metricsAccess(`Bearer ${token}`, prod)).toBe("allowed");
    expect(metricsAccess(undefined, prod)).toBe("refused");
    expect(metricsAccess("Bearer wrong", prod)).toBe("refused");
    expect(metricsAccess(`Bearer ${token}x`, prod)).toBe("refused");
    expect(metricsAccess(`Bearer ${token.slice(0, -1)}`, prod)).toBe("refused");
    expect(metricsAccess(`Basic ${token}`, prod)).toBe("refused");
    expect(metricsAccess(`Bearer  ${token}`, prod)).toBe("refused");
    expect(metricsAccess(`Bearer ${token} `, prod)).toBe("refused");
    expect(metricsAccess(`Bearer ${"x".repeat(100_000)}`, prod)).toBe("refused");
    expect(metricsAccess("Bearer __proto__", prod)).toBe("refused");
    expect(metricsAccess(`Bearer ${token}\u0000`, prod)).toBe("refused");
  });

  it("without a token: nobody in production, even from loopback; development from loopback only", () => {
    expect(metricsAccess(undefined, { token: undefined, development: false, loopback: true })).toBe("absent");
    expect(metricsAccess(`Bearer ${token}`, { token: undefined, development: false, loopback: true })).toBe("absent");
    expect(metricsAccess(undefined, { token: undefined, development: true, loopback: false })).toBe("absent");
    expect(metricsAccess(undefined, { token: undefined, development: true, loopback: true })).toBe("allowed");
  });
});
