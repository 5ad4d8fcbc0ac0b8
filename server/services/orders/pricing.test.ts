import { describe, expect, it } from "vitest";
import { needsApproval, priceSale } from "./pricing";

const vat = { taxInclusive: true, taxStandard: 2000, taxReduced: 550 };
const line = (unitPrice: number, quantity = 1, over: object = {}) => ({ unitPrice, quantity, taxClass: "standard" as const, ...over });

describe("line discounts", () => {
  it("come off their own line first; the order's discount is then shared over what is left", () => {
    const priced = priceSale([line(1000, 2, { lineDiscount: { kind: "amount", amount: 500 } }), line(500)], vat, {
      discount: { kind: "percent", basisPoints: 1000 },
    });
    // 2000 − 500 = 1500 and 500: the 10 % order discount is 200, shared 150 / 50.
    expect(priced.lines.map((l) => [l.lineDiscount, l.discount, l.total])).toEqual([
      [500, 650, 1350],
      [0, 50, 450],
    ]);
    expect([priced.subtotal, priced.discount, priced.total]).toEqual([2500, 700, 1800]);
    expect(priced.tax).toBe(priced.lines.reduce((a, l) => a + l.tax, 0));
  });

  it("a percentage of the line, and never more than the line", () => {
    const priced = priceSale(
      [line(999, 1, { lineDiscount: { kind: "percent", basisPoints: 5000 } }), line(300, 1, { lineDiscount: { kind: "amount", amount: 9999 } })],
      vat,
    );
    expect(priced.lines.map((l) => l.lineDiscount)).toEqual([500, 300]);
    expect(priced.total).toBe(499);
  });

  it("count towards the manager's limit with the order's discount", () => {
    const priced = priceSale([line(1000, 1, { lineDiscount: { kind: "percent", basisPoints: 1500 } })], vat);
    expect(needsApproval(priced.subtotal, priced.discount, 1000)).toBe(true);
    expect(needsApproval(priced.subtotal, priced.discount, 2000)).toBe(false);
  });

  it("without any, a sale prices as before", () => {
    const priced = priceSale([line(1234, 3)], vat, { discount: { kind: "amount", amount: 34 } });
    expect([priced.subtotal, priced.discount, priced.total, priced.lines[0]!.lineDiscount]).toEqual([3702, 34, 3668, 0]);
  });
});
