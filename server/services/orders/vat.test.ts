import { describe, expect, it } from "vitest";
import { formatRate, vatByRate } from "./vat";

const line = (taxRate: number, total: number, tax: number, quantity = 1) => ({ taxRate, total, tax, quantity });

describe("vatByRate", () => {
  it("adds each rate's lines and splits gross into net and tax, highest rate first", () => {
    const rows = vatByRate([line(550, 1055, 55), line(2000, 1200, 200), line(2000, 2400, 400, 2), line(0, 300, 0)]);
    expect(rows).toEqual([
      { rate: 2000, net: 3000, tax: 600, gross: 3600 },
      { rate: 550, net: 1000, tax: 55, gross: 1055 },
      { rate: 0, net: 300, tax: 0, gross: 300 },
    ]);
  });
  it("takes part of a line for a return, in proportion to the units", () => {
    const rows = vatByRate([line(2000, 3600, 600, 3), line(550, 1055, 55)], (l, i) => (i === 0 ? 1 : 0));
    expect(rows).toEqual([{ rate: 2000, net: 1000, tax: 200, gross: 1200 }]);
  });
  it("never takes more units than the line has, and skips empty lines", () => {
    expect(vatByRate([line(2000, 1200, 200, 1)], () => 5)).toEqual([{ rate: 2000, net: 1000, tax: 200, gross: 1200 }]);
    expect(vatByRate([line(2000, 0, 0, 0)])).toEqual([]);
  });
});

describe("formatRate", () => {
  it("prints basis points as a percentage", () => {
    expect(formatRate(2000)).toBe("20 %");
    expect(formatRate(550)).toBe("5.5 %");
    expect(formatRate(0)).toBe("0 %");
  });
});
