// Type-level guards: `npm run typecheck` fails if any `@ts-expect-error`
// below stops being an error, i.e. if a helper ever accepts a call without
// the shop's time zone or currency again. The runtime checks say what such
// a call would have done.
import { describe, expect, it } from "vitest";
import { formatMoney, fromMinor } from "./money";
import { formatShopDate, formatShopTime, formatShopTimeNamed } from "./time";

describe("formatting helpers need the shop's zone and currency", () => {
  it("does not compile a time without a zone", () => {
    const at = "2026-01-15T12:00:00Z";
    // @ts-expect-error the zone is required
    expect(() => formatShopTime(at)).not.toThrow(); // (it would show the server's zone: the bug the guard prevents)
    // @ts-expect-error the zone is required
    expect(typeof formatShopDate(at)).toBe("string");
    // @ts-expect-error the zone is required
    expect(() => formatShopTimeNamed(at)).toThrow(TypeError);
    expect(formatShopTime(at, "Europe/Paris")).toBe("15 Jan 2026, 13:00");
  });

  it("does not compile an amount without a currency", () => {
    // @ts-expect-error the currency is required
    expect(() => formatMoney(1250)).toThrow(TypeError);
    // @ts-expect-error the currency is required
    expect(() => fromMinor(1250)).toThrow();
    // @ts-expect-error a currency is a code, not a number
    expect(() => formatMoney(1250, 978)).toThrow();
    expect(formatMoney(1250, "EUR")).toBe("€12.50");
    expect(formatMoney(1250, "GBP")).toBe("£12.50");
    expect(formatMoney(1250, "JPY")).toBe("JP¥1,250");
    expect(fromMinor(1250, "EUR")).toBe("12.50");
  });
});
