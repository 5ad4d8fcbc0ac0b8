import { describe, expect, it } from "vitest";
import { attributeLabel, priceBandLabel, soleCurrency } from "./facet-labels";

describe("facet labels", () => {
  it("writes an option as people read it", () => {
    expect(attributeLabel("Colour:Red")).toBe("Colour: red");
    expect(attributeLabel("colour:Dark blue")).toBe("Colour: dark blue");
    expect(attributeLabel("material:cotton")).toBe("Material: cotton");
    expect(attributeLabel("Size:M")).toBe("Size: M");
    expect(attributeLabel("Size:XL")).toBe("Size: XL");
    expect(attributeLabel("Model:iPhone 15")).toBe("Model: iPhone 15");
    expect(attributeLabel("no colon")).toBe("no colon");
    expect(attributeLabel(":odd")).toBe(":odd");
    expect(attributeLabel("__proto__:constructor")).toBe("__proto__: constructor");
    expect(attributeLabel("Couleur:Rouge", "fr")).toBe("Couleur\u00a0: rouge");
  });

  it("puts the currency symbol where the locale puts it", () => {
    expect(priceBandLabel("under-10", "EUR")).toBe("Under €10");
    expect(priceBandLabel("10-25", "EUR")).toBe("€10 – €25");
    expect(priceBandLabel("100-plus", "GBP")).toBe("£100 and more");
    expect(priceBandLabel("under-10", "EUR", "fr")).toBe("Moins de 10\u00a0€");
    expect(priceBandLabel("10-25", "EUR", "fr")).toBe("10\u00a0€ – 25\u00a0€");
    expect(priceBandLabel("100-plus", "EUR", "fr")).toBe("100\u00a0€ et plus");
    // A currency without minor units: the band edges are minor units all the same.
    expect(priceBandLabel("under-10", "JPY")).toBe("Under JP¥1,000");
  });

  it("keeps the bare numbers when results span currencies, and unknown ids as they are", () => {
    expect(priceBandLabel("under-10", null)).toBe("Under 10");
    expect(priceBandLabel("10-25", null)).toBe("10 – 25");
    expect(priceBandLabel("100-plus", null, "fr")).toBe("100 et plus");
    expect(priceBandLabel("__proto__", "EUR")).toBe("__proto__");
    expect(soleCurrency([{ currency: "EUR" }, { currency: "EUR" }])).toBe("EUR");
    expect(soleCurrency([{ currency: "EUR" }, { currency: "GBP" }])).toBeNull();
    expect(soleCurrency([])).toBeNull();
  });
});
