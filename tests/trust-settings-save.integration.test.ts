// Issue 17, broken today 2: every save of the shop settings form answered
// 500 (the shop slug of the input was passed into the update). Saved here
// through the page's own form, over HTTP, and read back; and the location
// forms, which had the same pattern.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseDb } from "../server/db/client.server";
import { createShop } from "../server/db/factories";
import { startTestServer } from "./support/http";
import { page, postForms } from "./support/pages";

let server: Awaited<ReturnType<typeof startTestServer>>;
let shop: Awaited<ReturnType<typeof createShop>>;
let owner: string;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  shop = await createShop({ name: "Before Bakery" });
  owner = await server.cookieFor(shop.ownerId);
});
afterAll(() => server.close());

/** The page's form whose hidden intent is `intent`, with some fields changed, posted as the browser would. */
async function submit(url: string, pick: (fields: [string, string][]) => boolean, change: Record<string, string>) {
  const html = (await page(server.base, url, { cookie: owner })).text;
  const form = postForms(html, url).find((f) => pick(f.fields));
  expect(form, `a form on ${url}`).toBeTruthy();
  const body = new URLSearchParams(form!.fields.map(([k, v]) => [k, k in change ? change[k]! : v]));
  for (const [k, v] of Object.entries(change)) if (!body.has(k)) body.set(k, v);
  return page(server.base, form!.action, { cookie: owner, body });
}

describe("shop settings", () => {
  it("saves through the form and shows the change on the page", async () => {
    const url = `/shop/${shop.slug}/settings`;
    const r = await submit(url, (f) => f.some(([k, v]) => k === "intent" && v === "shop"), { name: "After Bakery", city: "Lyon" });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(url);
    const after = (await page(server.base, url, { cookie: owner })).text;
    expect(after).toContain('value="After Bakery"');
    expect(after).toContain('value="Lyon"');
  });

  it("moves the shop to a new web address and follows it", async () => {
    const url = `/shop/${shop.slug}/settings`;
    const slug = `${shop.slug}-moved`;
    const r = await submit(url, (f) => f.some(([k, v]) => k === "intent" && v === "shop"), { slug });
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(`/shop/${slug}/settings`);
    expect((await page(server.base, `/shop/${slug}/settings`, { cookie: owner })).text).toContain(`value="${slug}"`);
    shop.slug = slug;
  });

  it("saves the catalog's language, which search stems the shop's products in", async () => {
    const url = `/shop/${shop.slug}/settings`;
    const isShopForm = (f: [string, string][]) => f.some(([k, v]) => k === "intent" && v === "shop");
    // A French shop by its country; saving the form as it is keeps French.
    expect((await page(server.base, url, { cookie: owner })).text).toMatch(/<option value="fr" selected="">French<\/option>/);
    expect((await submit(url, isShopForm, {})).status).toBe(302);
    expect((await baseDb.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { language: true } })).language).toBe("fr");
    expect((await submit(url, isShopForm, { language: "en" })).status).toBe(302);
    expect((await baseDb.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { language: true } })).language).toBe("en");
    expect((await page(server.base, url, { cookie: owner })).text).toMatch(/<option value="en" selected="">English<\/option>/);
    const bad = await submit(url, isShopForm, { language: "klingon" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Choose French or English");
  });

  it("names a bad field beside it and keeps what was typed, with a 400", async () => {
    const url = `/shop/${shop.slug}/settings`;
    const r = await submit(url, (f) => f.some(([k, v]) => k === "intent" && v === "shop"), { latitude: "north", name: "Typed name" });
    expect(r.status).toBe(400);
  });
});

describe("locations", () => {
  it("adds a location and renames it through the forms", async () => {
    const url = `/shop/${shop.slug}/locations`;
    const add = await submit(url, (f) => !f.some(([k]) => k === "locationId") && f.some(([k]) => k === "name"), {
      name: "Back room",
      addressLine1: "3 Rue Haute",
      city: "Paris",
      postalCode: "75002",
      country: "FR",
      latitude: "48.87",
      longitude: "2.35",
    });
    expect(add.status, add.text.slice(0, 300)).toBeLessThan(400);
    expect((await page(server.base, url, { cookie: owner })).text).toContain("Back room");
    const rename = await submit(url, (f) => f.some(([k]) => k === "locationId") && f.some(([k, v]) => k === "name" && v === "Back room"), {
      name: "Store room",
    });
    expect(rename.status, rename.text.slice(0, 300)).toBeLessThan(400);
    const after = (await page(server.base, url, { cookie: owner })).text;
    expect(after).toContain("Store room");
    expect(after).not.toContain("Back room");
  });
});
