import { describe, expect, it } from "vitest";
import { quickCash } from "./quick-cash";

const amounts = (due: number, currency: string) => quickCash(due, currency).map((q) => q.amount);

describe("quick cash", () => {
  it("offers the exact amount, then the euro notes above it, at most four", () => {
    expect(amounts(320, "EUR")).toEqual([320, 500, 1000, 2000, 5000]);
    expect(amounts(1240, "EUR")).toEqual([1240, 2000, 5000, 10000, 20000]);
    expect(quickCash(320, "EUR")[0]).toEqual({ label: "Exact", amount: 320 });
  });

  it("does not offer a note equal to the amount twice, nor notes below it", () => {
    expect(amounts(2000, "EUR")).toEqual([2000, 5000, 10000, 20000]);
    expect(amounts(25000, "EUR")).toEqual([25000]);
    expect(amounts(4999, "GBP")).toEqual([4999, 5000]);
  });

  it("counts in the currency's own unit: yen have no cents, dollars have a 1 note", () => {
    expect(amounts(780, "JPY")).toEqual([780, 1000, 5000, 10000]);
    expect(amounts(50, "USD")).toEqual([50, 100, 500, 1000, 2000]);
    expect(amounts(320, "SEK")).toEqual([320, 500, 1000, 2000, 5000]);
  });

  it("offers nothing when no cash is due, or the amount is not a whole number of minor units", () => {
    expect(quickCash(0, "EUR")).toEqual([]);
    expect(quickCash(-5, "EUR")).toEqual([]);
    expect(quickCash(Number.NaN, "EUR")).toEqual([]);
    expect(quickCash(1e300, "EUR")).toEqual([]);
  });
});
