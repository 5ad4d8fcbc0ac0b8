import { describe, expect, it } from "vitest";
import { handleFrom, matrixProblem, variantMatrix } from "./matrix";
import { validGtin } from "../../schemas/catalog";

describe("variant matrix", () => {
  const options = [
    { name: "Size", values: ["S", "M"] },
    { name: "Colour", values: ["Red", "Blue", "Green"] },
  ];

  it("crosses every option value, in option order", () => {
    expect(variantMatrix(options)).toEqual([
      ["S", "Red"],
      ["S", "Blue"],
      ["S", "Green"],
      ["M", "Red"],
      ["M", "Blue"],
      ["M", "Green"],
    ]);
    expect(variantMatrix([])).toEqual([[]]);
  });

  it("accepts the matrix or part of it, and names what is wrong otherwise", () => {
    const all = variantMatrix(options).map((optionValues) => ({ optionValues }));
    expect(matrixProblem(options, all)).toBeNull();
    expect(matrixProblem(options, all.slice(1))).toBeNull();
    expect(matrixProblem(options, [...all, { optionValues: ["m", "red"] }])).toBe('Variant "m / red" appears twice');
    expect(matrixProblem(options, [...all, { optionValues: ["L", "Red"] }])).toBe('Variant "L / Red" does not match the options');
    expect(matrixProblem([], [{ optionValues: [] }])).toBeNull();
  });
});

describe("barcodes and handles", () => {
  it("checks EAN-13 and UPC-A check digits", () => {
    expect(validGtin("4006381333931")).toBe(true); // EAN-13
    expect(validGtin("036000291452")).toBe(true); // UPC-A
    expect(validGtin("4006381333932")).toBe(false);
    expect(validGtin("036000291453")).toBe(false);
    expect(validGtin("12345")).toBe(false);
  });

  it("makes URL-safe handles from titles", () => {
    expect(handleFrom("Café au lait — 250 g")).toBe("cafe-au-lait-250-g");
    expect(handleFrom("!!!")).toBe("product");
  });
});
