import { describe, expect, it } from "vitest";
import { formatShopDate, formatShopTime, formatShopTimeNamed, zoneName } from "./time";

describe("formatShopTime", () => {
  it("shows 12:00 UTC as 13:00 in Paris in winter and 14:00 in summer", () => {
    expect(formatShopTime("2026-01-15T12:00:00Z", "Europe/Paris")).toBe("15 Jan 2026, 13:00");
    expect(formatShopTime("2026-07-15T12:00:00Z", "Europe/Paris")).toBe("15 Jul 2026, 14:00");
  });

  it("follows the clocks across the spring change (29 March 2026, 02:00 → 03:00 in Paris)", () => {
    expect(formatShopTime(new Date("2026-03-29T00:59:00Z"), "Europe/Paris")).toBe("29 Mar 2026, 01:59");
    expect(formatShopTime(new Date("2026-03-29T01:00:00Z"), "Europe/Paris")).toBe("29 Mar 2026, 03:00");
  });

  it("follows the clocks across the autumn change (25 October 2026, 03:00 → 02:00 in Paris)", () => {
    expect(formatShopTime("2026-10-25T00:30:00Z", "Europe/Paris")).toBe("25 Oct 2026, 02:30");
    expect(formatShopTime("2026-10-25T01:30:00Z", "Europe/Paris")).toBe("25 Oct 2026, 02:30");
    expect(formatShopTime("2026-10-25T02:30:00Z", "Europe/Paris")).toBe("25 Oct 2026, 03:30");
  });

  it("puts a late-evening UTC time on the shop's next day", () => {
    expect(formatShopTime("2026-12-31T23:30:00Z", "Europe/Paris")).toBe("1 Jan 2027, 00:30");
    expect(formatShopDate("2026-12-31T23:30:00Z", "Europe/Paris")).toBe("1 Jan 2027");
    expect(formatShopDate("2026-12-31T23:30:00Z", "America/New_York")).toBe("31 Dec 2026");
  });

  it("names the zone for customers", () => {
    expect(formatShopTimeNamed("2026-01-15T12:00:00Z", "Europe/Paris")).toBe("15 Jan 2026, 13:00 (Paris time)");
    expect(zoneName("America/New_York")).toBe("New York time");
    expect(zoneName("UTC")).toBe("UTC");
  });
});
