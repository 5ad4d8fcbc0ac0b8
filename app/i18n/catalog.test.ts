import { parse } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { icuShape } from "./icu-shape";
import { plainSmsText, smsCost } from "../../server/services/sms/segments";
import { catalogs, LOCALES, t, type MessageKey } from "./index";

const keysOf = (locale: (typeof LOCALES)[number]) => Object.keys(catalogs[locale]).sort();

describe("the message catalogues", () => {
  it("have the same keys in every language", () => {
    for (const locale of LOCALES) expect(keysOf(locale), `${locale} keys`).toEqual(keysOf("en"));
  });

  it("use the same placeholders, selects and plural cases in every language", () => {
    for (const key of keysOf("en")) {
      const expected = [...icuShape(parse(catalogs.en[key as MessageKey]))].sort();
      for (const locale of LOCALES) {
        expect([...icuShape(parse(catalogs[locale][key as MessageKey]))].sort(), `${locale} ${key}`).toEqual(expected);
      }
    }
  });

  it("catch a missing key or a renamed placeholder (the check itself can fail)", () => {
    const broken = { ...catalogs.fr, "sms.order.ready": catalogs.fr["sms.order.ready"].replace("{place}", "{lieu}") };
    expect([...icuShape(parse(broken["sms.order.ready"]))].sort()).not.toEqual([...icuShape(parse(catalogs.en["sms.order.ready"]))].sort());
    const { ["email.order.total"]: _gone, ...missing } = catalogs.fr;
    expect(Object.keys(missing).sort()).not.toEqual(keysOf("en"));
  });

  it("format plurals in each language's rules", () => {
    expect([0, 1, 2].map((count) => t("en", "email.order.items", { count }))).toEqual(["0 items", "1 item", "2 items"]);
    // French counts 0 and 1 as singular.
    expect([0, 1, 2].map((count) => t("fr", "email.order.items", { count }))).toEqual(["0 article", "1 article", "2 articles"]);
  });
});

describe("SMS texts", () => {
  const url = `https://nearshop.example/orders/018f0000-0000-7000-8000-000000000001?key=${"k".repeat(43)}`;
  const values = {
    shop: "Boulangerie Martin",
    number: "1234",
    place: "Boutique, 12 rue Oberkampf, Paris",
    url,
    kind: "slot",
    when: "jeu. 3 déc., 14:00 – 14:30",
    reason: "four en panne",
  };
  it("stay in GSM-7 and within two parts in both languages with a usual shop", () => {
    for (const locale of LOCALES) {
      for (const key of Object.keys(catalogs.en).filter((k) => k.startsWith("sms."))) {
        for (const kind of ["slot", "time"]) {
          const body = plainSmsText(t(locale, key as MessageKey, { ...values, kind }));
          const cost = smsCost(body);
          expect(cost.encoding, `${locale} ${key}: ${body}`).toBe("GSM-7");
          expect(cost.segments, `${locale} ${key}: ${body}`).toBeLessThanOrEqual(2);
        }
      }
    }
  });
});

describe("the browser's language", () => {
  it("is the first of French or English by weight, or none", async () => {
    const { localeFromAcceptLanguage } = await import("./index");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8,fr;q=0.7")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.2, fr-CA;q=0.5")).toBe("fr");
    expect(localeFromAcceptLanguage("fr;q=0, en")).toBe("en");
    expect(localeFromAcceptLanguage("de, es")).toBeNull();
    expect(localeFromAcceptLanguage(undefined)).toBeNull();
    expect(localeFromAcceptLanguage("__proto__, constructor;q=1")).toBeNull();
    expect(localeFromAcceptLanguage("x".repeat(100_000))).toBeNull();
  });
});
