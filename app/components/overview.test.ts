import { describe, expect, it } from "vitest";
import { compareSales } from "./overview";

describe("compareSales", () => {
  it("says the change against last week in whole per cent", () => {
    expect(compareSales(15_000, 10_000)).toBe(50);
    expect(compareSales(7_500, 10_000)).toBe(-25);
    expect(compareSales(10_000, 10_000)).toBe(0);
    expect(compareSales(0, 3)).toBe(-100);
  });
  it("has nothing to compare with when last week sold nothing", () => {
    expect(compareSales(5_000, 0)).toBeNull();
    expect(compareSales(0, 0)).toBeNull();
  });
});
