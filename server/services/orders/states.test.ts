import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "../../schemas/orders";
import { nextSteps, TRANSITIONS, transitionProblem } from "./states";
import { allocate, needsApproval, priceSale } from "./pricing";

const order = (
  status: (typeof ORDER_STATUSES)[number],
  over: Partial<{ fulfilment: "pickup" | "delivery" | "in_store"; paid: number; refunded: number }> = {},
) => ({
  status,
  fulfilment: "pickup" as const,
  paid: 1000,
  refunded: 0,
  total: 1000,
  ...over,
});

describe("the order state machine", () => {
  // Every pair of statuses: allowed exactly when the table says so (with a
  // fulfilment and payment that fit the target).
  for (const from of ORDER_STATUSES) {
    for (const to of ORDER_STATUSES) {
      const legal = TRANSITIONS[from].includes(to);
      it(`${from} → ${to} is ${legal ? "allowed" : "refused"}`, () => {
        const fulfilment = to === "out_for_delivery" ? "delivery" : "pickup";
        const paid = to === "cancelled" ? 0 : 1000;
        const problem = transitionProblem(order(from, { fulfilment, paid }), to);
        if (legal) expect(problem).toBeNull();
        else expect(problem).toMatch(/cannot become/);
      });
    }
  }

  it("refuses ready for pickup on a delivery, and out for delivery on a pickup", () => {
    expect(transitionProblem(order("preparing", { fulfilment: "delivery" }), "ready_for_pickup")).toBe("Only a pickup order can be ready for pickup");
    expect(transitionProblem(order("preparing", { fulfilment: "pickup" }), "out_for_delivery")).toBe("Only a delivery order can go out for delivery");
  });

  it("refuses to cancel a paid order (refund it) and to refund an unpaid one (cancel it)", () => {
    expect(transitionProblem(order("preparing", { paid: 1000 }), "cancelled")).toMatch(/refund it instead/);
    expect(transitionProblem(order("preparing", { paid: 0 }), "refunded")).toMatch(/cancel it instead/);
    expect(transitionProblem(order("preparing", { paid: 1000, refunded: 1000 }), "cancelled")).toBeNull();
  });

  it("offers staff only the steps that fit the order", () => {
    expect(nextSteps(order("confirmed", { paid: 0 }))).toEqual(["preparing", "cancelled"]);
    expect(nextSteps(order("preparing", { fulfilment: "delivery" }))).toEqual(["out_for_delivery"]);
    expect(nextSteps(order("completed"))).toEqual([]);
  });
});

describe("pricing", () => {
  const inclusive = { taxInclusive: true, taxStandard: 2000, taxReduced: 550 };
  const exclusive = { ...inclusive, taxInclusive: false };

  it("extracts tax from inclusive prices and adds it to exclusive ones", () => {
    const items = [
      { unitPrice: 1200, quantity: 2, taxClass: "standard" as const },
      { unitPrice: 211, quantity: 1, taxClass: "reduced" as const },
    ];
    const inc = priceSale(items, inclusive);
    expect(inc.subtotal).toBe(2611);
    expect(inc.lines.map((l) => l.tax)).toEqual([400, 11]);
    expect(inc.total).toBe(2611);
    const exc = priceSale(items, exclusive);
    expect(exc.lines.map((l) => l.tax)).toEqual([480, 12]);
    expect(exc.total).toBe(2611 + 492);
  });

  it("spreads a discount over the lines exactly, and taxes what is left", () => {
    const items = [
      { unitPrice: 1000, quantity: 1, taxClass: "standard" as const },
      { unitPrice: 500, quantity: 1, taxClass: "zero" as const },
    ];
    const p = priceSale(items, inclusive, { discount: { kind: "amount", amount: 100 } });
    expect(p.lines.map((l) => l.discount)).toEqual([67, 33]);
    expect(p.discount).toBe(100);
    expect(p.total).toBe(1400);
    expect(p.lines[0]!.tax).toBe(Math.round((933 * 2000) / 12000));
    expect(priceSale(items, inclusive, { discount: { kind: "percent", basisPoints: 1000 } }).discount).toBe(150);
    expect(priceSale(items, inclusive, { discount: { kind: "amount", amount: 99999 } }).total).toBe(0);
  });

  it("taxes the delivery fee like the goods: shared over the lines' rates, inside or on top of the fee", () => {
    // 20.00 at 20 % and 10.00 at 5.5 %: the 6.00 fee splits 4.00 / 2.00.
    const items = [
      { unitPrice: 2000, quantity: 1, taxClass: "standard" as const },
      { unitPrice: 1000, quantity: 1, taxClass: "reduced" as const },
    ];
    const inc = priceSale(items, inclusive, { deliveryFee: 600 });
    const goodsTax = Math.round((2000 * 2000) / 12000) + Math.round((1000 * 550) / 10550);
    expect(inc.tax).toBe(goodsTax + Math.round((400 * 2000) / 12000) + Math.round((200 * 550) / 10550));
    expect(inc.total).toBe(3000 + 600);
    expect(inc.deliveryFee).toBe(600);
    const exc = priceSale(items, exclusive, { deliveryFee: 600 });
    const feeTax = 80 + 11;
    expect(exc.tax).toBe(400 + 55 + feeTax);
    expect(exc.total).toBe(3000 + 455 + 600 + feeTax);
    // Zero-rated goods carry a zero-rated fee.
    expect(priceSale([{ unitPrice: 500, quantity: 1, taxClass: "zero" as const }], exclusive, { deliveryFee: 600 }).tax).toBe(0);
    // All discounted away: the fee takes the standard rate.
    const free = priceSale(items, exclusive, { deliveryFee: 600, discount: { kind: "percent", basisPoints: 10_000 } });
    expect(free.tax).toBe(120);
    expect(free.total).toBe(720);
    expect(priceSale(items, inclusive).tax).toBe(goodsTax);
  });

  it("allocates remainders so shares add up", () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [0, 0])).toEqual([0, 0]);
  });

  it("needs a manager above the shop's discount limit only", () => {
    expect(needsApproval(10_000, 1_000, 1000)).toBe(false);
    expect(needsApproval(10_000, 1_001, 1000)).toBe(true);
    expect(needsApproval(10_000, 0, 0)).toBe(false);
  });
});
