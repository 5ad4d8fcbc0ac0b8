import { describe, expect, it } from "vitest";
import { formatMoney, fromMinor, toMinor } from "./money";

describe("money", () => {
  it("reads amounts in the currency's own decimals", () => {
    expect(toMinor("12.5", "EUR")).toBe(1250);
    expect(toMinor("12,50", "EUR")).toBe(1250);
    expect(toMinor("0.99", "USD")).toBe(99);
    expect(toMinor("1500", "JPY")).toBe(1500);
    expect(toMinor("1.5", "JPY")).toBeNull();
    expect(toMinor("1.999", "EUR")).toBeNull();
    expect(toMinor("-1", "EUR")).toBeNull();
    expect(toMinor("abc", "EUR")).toBeNull();
  });

  it("writes them back", () => {
    expect(fromMinor(1250, "EUR")).toBe("12.50");
    expect(fromMinor(1500, "JPY")).toBe("1500");
    expect(formatMoney(1250, "EUR")).toBe("€12.50");
  });
});
