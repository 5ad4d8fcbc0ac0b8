import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { icuShape } from "../icu-shape";
import { defineMessages } from "./define";
import { webCatalogs, type WebKey } from "./index";
import { translate, translateRich } from "./translate";
import { requestLocale } from "../../../server/http/locale";

describe("the web catalogues", () => {
  const keys = Object.keys(webCatalogs.en).sort();

  it("have the same keys in English and French, each an area.thing name", () => {
    expect(Object.keys(webCatalogs.fr).sort()).toEqual(keys);
    for (const key of keys) expect(key).toMatch(/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9_]+)+$/);
  });

  it("use the same placeholders, tags, selects and plural cases in both languages", () => {
    for (const key of keys) {
      const en = [...icuShape(parse(webCatalogs.en[key as WebKey]))].sort();
      expect([...icuShape(parse(webCatalogs.fr[key as WebKey]))].sort(), key).toEqual(en);
    }
  });

  it("translate every English sentence (a French text equal to the English one is a name or a word both share)", () => {
    // Words the two languages write alike; anything else left in English is a forgotten translation.
    const same =
      /^(Nearshop|Menu|Site|English|Français|Pages|UTC|Date|Total|Stock|Code|Email|Note|Notes|Message|Messages|Type|Description|Photos?|Options?|Actions?|Sessions?|Navigation|Notifications?|Latitude|Longitude|Admin|SMS|CSV|JSON|TVA|PIN|SKU|OK|Audit|Identifiant|Statut|\{[^}]*\}|[^a-zA-Z]*)$/;
    const untranslated = keys.filter((k) => webCatalogs.fr[k as WebKey] === webCatalogs.en[k as WebKey] && !same.test(webCatalogs.en[k as WebKey]));
    expect(untranslated).toEqual([]);
  });

  it("format every message in both languages as plain text without throwing, tags keeping their words", () => {
    // Sample values from each message's own placeholders: words, numbers for counts, "other" for choices.
    const sample = (elements: MessageFormatElement[], out: Record<string, string | number> = {}) => {
      for (const el of elements) {
        if (el.type === TYPE.argument) out[el.value] ??= "x";
        if (el.type === TYPE.number || el.type === TYPE.plural) out[el.value] = 2;
        if (el.type === TYPE.date || el.type === TYPE.time) out[el.value] = 0;
        if (el.type === TYPE.select) out[el.value] = "other";
        if (el.type === TYPE.select || el.type === TYPE.plural) for (const o of Object.values(el.options)) sample(o.value, out);
        if (el.type === TYPE.tag) sample(el.children, out);
      }
      return out;
    };
    for (const key of keys) {
      for (const locale of ["en", "fr"] as const) {
        const text = translate(locale, key as WebKey, sample(parse(webCatalogs[locale][key as WebKey])));
        expect(text, `${locale} ${key}`).not.toMatch(/⟦|<\/?[a-z]+>/);
      }
    }
    const tagged = keys.find((k) => /<[a-z]+>/.test(webCatalogs.en[k as WebKey]));
    expect(tagged, "some message has a tag, so the check above covers tags").toBeDefined();
  });

  it("refuse at compile time a French area missing a key (the check itself can fail)", () => {
    // @ts-expect-error: French lacks "x.b"
    const broken = defineMessages({ en: { "x.a": "A", "x.b": "B" }, fr: { "x.a": "A" } });
    expect(Object.keys(broken.fr)).toEqual(["x.a"]);
  });

  it("count in each language's plural rules", () => {
    expect([0, 1, 2].map((count) => translate("en", "common.cart.aria", { count }))).toEqual(["Cart, empty", "Cart, 1 item", "Cart, 2 items"]);
    expect([0, 1, 2].map((count) => translate("fr", "common.cart.aria", { count }))).toEqual(["Panier vide", "Panier, 1 article", "Panier, 2 articles"]);
  });

  it("show a key the catalogue lacks as ⟦key⟧, never as nothing, and ignore prototype names", () => {
    expect(translate("fr", "no.such.key" as WebKey)).toBe("⟦no.such.key⟧");
    expect(translate("en", "__proto__" as WebKey)).toBe("⟦__proto__⟧");
    expect(translate("en", "constructor" as WebKey)).toBe("⟦constructor⟧");
  });

  it("put elements inside a sentence without gluing it", () => {
    const cat = defineMessages({ en: { "t.x": "Read <link>the terms</link> first" }, fr: { "t.x": "Lisez d’abord <link>les conditions</link>" } });
    expect(cat.en["t.x"]).toContain("<link>");
    const node = translateRich("en", "common.time.zone", { zone: createElement("b", null, "Paris") });
    expect(renderToStaticMarkup(createElement("p", null, node))).toBe("<p><b>Paris</b> time</p>");
  });
});

describe("the page's language", () => {
  it("is the account's choice, else the switcher's cookie, else the browser's, else none", () => {
    expect(requestLocale("nearshop_lang=en", "fr-FR", { locale: "fr" })).toBe("fr");
    expect(requestLocale("a=b; nearshop_lang=fr", "en-GB", { locale: null })).toBe("fr");
    expect(requestLocale("nearshop_lang=fr", "en-GB", null)).toBe("fr");
    expect(requestLocale("", "fr-CA,fr;q=0.9", null)).toBe("fr");
    expect(requestLocale("nearshop_lang=de", "en", null)).toBe("en");
    expect(requestLocale("nearshop_lang=__proto__", "de", null)).toBeNull();
    expect(requestLocale("nearshop_lang=fr\u0000", undefined, null)).toBeNull();
  });
});
