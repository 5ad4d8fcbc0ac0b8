import { describe, expect, it } from "vitest";
import { parkedLabel, readParked } from "./parked";
import type { Line, Parked } from "./reducer";

const line: Line = {
  variantId: "v-1",
  title: "Pommes Gala",
  variantTitle: "",
  sku: "GG-100",
  unitPrice: 320,
  quantity: 2,
  available: 80,
  taxClass: "standard",
};
const parked: Parked = { id: "p-1", lines: [line], discountKind: "percent", discountText: "", total: 640, parkedAt: "2026-12-02T13:05:00.000Z", by: "Ann" };
const money = (n: number) => `€${(n / 100).toFixed(2)}`;

describe("parked sales read back from storage", () => {
  it("a parked sale reads as itself and is named as the list shows it, in the shop's time", () => {
    expect(readParked([parked])).toEqual([parked]);
    expect(parkedLabel(readParked([parked])[0]!, money, "Europe/Paris")).toBe("2 items, €6.40, 14:05 by Ann");
    expect(parkedLabel({ ...parked, lines: [{ ...line, quantity: 1 }] }, money, "UTC")).toBe("1 item, €6.40, 13:05 by Ann");
  });

  it("what does not read as a parked sale is left out, never put in a cart", () => {
    const bad = [
      null,
      "p-1",
      { ...parked, lines: [] },
      { ...parked, lines: [{ ...line, quantity: 1e12 }] },
      { ...parked, lines: [{ ...line, unitPrice: "320" }] },
      { ...parked, lines: [{ ...line, taxClass: "__proto__" }] },
      { ...parked, total: Number.MAX_VALUE },
      { ...parked, parkedAt: "not a time" },
      { ...parked, discountKind: "constructor" },
      JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
    ];
    expect(readParked([...bad, parked])).toEqual([parked]);
    expect(readParked({ length: 1, 0: parked })).toEqual([]);
    expect(readParked("[]")).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("text with NUL bytes stays text", () => {
    const nul = { ...parked, by: "A\u0000nn", lines: [{ ...line, title: "x\u0000y" }] };
    expect(readParked([nul])[0]!.lines[0]!.title).toBe("x\u0000y");
  });
});
