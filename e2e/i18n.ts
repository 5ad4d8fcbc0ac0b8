// The language checks the journeys run on every page they look at (issue 26).
import { expect, type BrowserContext, type Page } from "@playwright/test";

/**
 * Words and forms only English writes. A French page showing one outside
 * text a person wrote (a product, a shop, a name: marked translate="no")
 * has a sentence nobody translated.
 */
const ENGLISH =
  /\b(the|and|your|you|with|from|this|that|to|of|in|is|are|not|add|save|search|order|orders|product|products|settings|customers?|price|prices|items?|cart|sign|next|shops?|near|open|closed|today|pickup|delivery|checkout|filters?|back|edit|delete|cancel|show|new|none|left|stock level|sold out)\b/i;
const ENGLISH_DATES = /\b(Jan|Feb|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/;
/** "€1.40": an amount written the English way. */
const ENGLISH_MONEY = /€\s?\d/;

/** Every visible text and label a person reads or hears, outside translate="no", one entry per text node or attribute. */
async function readable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const skip = (el: Element | null) => !el || el.closest('[translate="no"], script, style, noscript, template, [hidden], [aria-hidden="true"]') !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      if (text && !skip(node.parentElement)) out.push(text);
    }
    for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")) {
      if (el.closest('[translate="no"]')) continue;
      for (const name of ["aria-label", "title", "placeholder", "alt"]) {
        const value = el.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    out.push(document.title);
    return out;
  });
}

/** No ⟦key⟧ (a key missing from the catalogue) anywhere on the page. */
export async function expectNoMissingKeys(page: Page) {
  const missing = (await readable(page)).filter((t) => t.includes("⟦"));
  expect(missing, `missing catalogue keys on ${page.url()}`).toEqual([]);
}

/**
 * The page is French: <html lang="fr">, no missing key, no English sentence,
 * date or amount left. `allow`: texts this page shows that look English but
 * are not ours to translate (say a product description held in a
 * translate="no" parent the check cannot see): keep it short and say why.
 */
export async function expectFrench(page: Page, allow: RegExp[] = []) {
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  const texts = await readable(page);
  expect(
    texts.filter((t) => t.includes("⟦")),
    `missing catalogue keys on ${page.url()}`,
  ).toEqual([]);
  expect(
    texts.filter((t) => (ENGLISH.test(t) || ENGLISH_DATES.test(t) || ENGLISH_MONEY.test(t)) && !allow.some((a) => a.test(t))),
    `English left on ${page.url()}`,
  ).toEqual([]);
}

/** The page is English and complete: <html lang="en">, no missing key. */
export async function expectEnglish(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expectNoMissingKeys(page);
}

/** This browser context reads the app in French, as the switcher leaves it (its cookie). */
export async function useFrench(context: BrowserContext, baseURL: string) {
  const url = new URL(baseURL);
  await context.addCookies([{ name: "nearshop_lang", value: "fr", domain: url.hostname, path: "/", sameSite: "Lax", httpOnly: true }]);
}
