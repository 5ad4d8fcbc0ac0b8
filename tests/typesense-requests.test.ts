// No Typesense server runs here: these tests drive the Typesense engine,
// through the real `typesense` client, against the strict local stand-in
// (tests/support/typesense-standin.ts), which refuses what Typesense v30
// refuses with its messages, and check the exact requests sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { productSearchSchema, shopSearchSchema, suggestSchema } from "../server/schemas/search";
import type { ProductDoc } from "../server/services/search/types";
import { distanceKm } from "../server/services/search/storefront";
import { filterValue, TypesenseEngine } from "../server/services/search/typesense";
import { startTypesenseStandin, type TypesenseStandin } from "./support/typesense-standin";

let standin: TypesenseStandin;
let engine: TypesenseEngine;
const SHOP = "0190a000-0000-7000-8000-0000000000aa";

function doc(over: Partial<ProductDoc> = {}): ProductDoc {
  return {
    id: "0190a000-0000-7000-8000-000000000001",
    shopId: SHOP,
    shopSlug: "central-bakery",
    shopName: "Central Bakery",
    handle: "sourdough-bread",
    title: "Sourdough bread",
    brand: "Maison",
    description: "",
    categoryId: "bread",
    categoryPath: ["bakery", "bread"],
    categoryNames: "Bakery Bread",
    language: "en",
    minPrice: 450,
    maxPrice: 450,
    currency: "EUR",
    priceBand: "under-10",
    attributes: [],
    available: 8,
    inStock: true,
    thumb: null,
    latitude: 48.857,
    longitude: 2.353,
    updatedAt: new Date("2026-11-21T10:00:00Z"),
    ...over,
  };
}
const sent = () => standin.requests.filter((r) => r.path !== "/health");
const searchesSent = () => sent().flatMap((r) => (r.path === "/multi_search" ? (JSON.parse(r.body).searches as Record<string, unknown>[]) : []));

beforeAll(async () => {
  standin = await startTypesenseStandin("test-key");
  engine = TypesenseEngine.fromUrl(standin.url, "test-key");
  await engine.rebuild(async (target) => {
    await target.upsertProducts(SHOP, [doc()]);
    await target.upsertShop({
      id: SHOP,
      slug: "central-bakery",
      name: "Central Bakery",
      city: "Paris",
      country: "FR",
      latitude: 48.857,
      longitude: 2.353,
      categoryIds: ["bakery"],
      productCount: 1,
      updatedAt: new Date("2026-11-21T10:00:00Z"),
    });
  });
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.requests.length = 0;
});

describe("the Typesense engine's requests", () => {
  it("searches products by POST /multi_search with geo filter, facets, typo tolerance and geo sort", async () => {
    const result = await engine.searchProducts(
      productSearchSchema.parse({
        q: "sourdugh",
        near: { lat: 48.8566, lng: 2.3522 },
        radiusKm: 10,
        brands: ["Maison"],
        categoryId: "bread",
        attributes: ["Colour:Red", "Colour:Green", "Size:M"],
        inStock: true,
        sort: "distance",
        page: 1,
        perPage: 12,
      }),
    );
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/multi_search" });
    expect(searchesSent()).toEqual([
      {
        collection: "products",
        q: "sourdugh",
        query_by: "title_fr,title_en,brand,category_names,description_fr,description_en",
        query_by_weights: "4,4,3,2,1,1",
        prefix: true,
        num_typos: 2,
        filter_by:
          "location:(48.8566, 2.3522, 10 km) && category_path:=`bread` && brand:=[`Maison`] && attributes:=[`Colour:Red`,`Colour:Green`] && attributes:=[`Size:M`] && in_stock:=true",
        sort_by: "location(48.8566, 2.3522):asc,_text_match:desc",
        facet_by: "category_path,brand,price_band,shop_id,attributes,in_stock",
        max_facet_values: 200,
        page: 1,
        per_page: 12,
      },
    ]);
    // No stored product has those attributes: nothing found, and no error.
    expect(result.total).toBe(0);
    const found = await engine.searchProducts(productSearchSchema.parse({ q: "sourdugh", near: { lat: 48.8566, lng: 2.3522 }, sort: "distance" }));
    expect(found.hits[0]).toMatchObject({ title: "Sourdough bread", shop: { slug: "central-bakery", name: "Central Bakery" }, inStock: true });
    expect(found.hits[0]?.distanceKm).toBeCloseTo(distanceKm({ lat: 48.8566, lng: 2.3522 }, { lat: 48.857, lng: 2.353 }), 2);
    expect(found.facets.shop).toEqual([{ value: SHOP, label: "Central Bakery", count: 1 }]);
    expect(found.facets.inStock).toBe(1);
  });

  it("sends a search with 20 long brands and 20 long attributes (far past GET's 4,000 characters) and gets plain results", async () => {
    const long = (i: number) => `Brand ${i} ${"x".repeat(180)}`;
    const brands = [...Array.from({ length: 19 }, (_, i) => long(i)), "Maison"];
    const attributes = Array.from({ length: 20 }, (_, i) => `Size:${long(i)}`);
    const input = productSearchSchema.parse({ shopIds: [SHOP], brands, attributes });
    const r = await engine.searchProducts(input);
    expect(searchesSent()[0]?.filter_by).toSatisfy((f: string) => f.length > 7000);
    expect(r.total).toBe(0);
    // The same query by GET is what Typesense refuses: the stand-in does too.
    const params = new URLSearchParams({ q: "*", filter_by: String(searchesSent()[0]?.filter_by) });
    const answer = await fetch(`${standin.url}/collections/products/documents/search?${params}`, { headers: { "X-TYPESENSE-API-KEY": "test-key" } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ message: "Query string exceeds max allowed length of 4000. Use the /multi_search end-point for larger payloads." });
  });

  it("filters by facet values made of symbols, ending in * or in a backslash, as PostgreSQL does: plain results, never an error", async () => {
    expect(filterValue("!!!")).toBeNull();
    expect(filterValue("Mais*")).toBe("`Mais`");
    expect(filterValue("Maison\\")).toBe("`Maison`");
    expect(filterValue("Ma`ison")).toBe("`Maison`");
    const only = { shopIds: [SHOP] };
    expect((await engine.searchProducts(productSearchSchema.parse({ ...only, brands: ["!!!"] }))).total).toBe(0);
    expect(sent()).toHaveLength(0); // nothing can match: Typesense is not asked
    // A trailing * is not a prefix filter: "Mais*" does not find "Maison".
    expect((await engine.searchProducts(productSearchSchema.parse({ ...only, brands: ["Mais*"] }))).total).toBe(0);
    // A trailing backslash does not swallow the next value of the list.
    expect((await engine.searchProducts(productSearchSchema.parse({ ...only, brands: ["Other\\", "Maison"] }))).total).toBe(1);
    expect((await engine.searchProducts(productSearchSchema.parse({ ...only, brands: ["!!!", "Maison"] }))).total).toBe(1);
    expect((await engine.searchProducts(productSearchSchema.parse({ ...only, attributes: ["@@@"] }))).total).toBe(0);
  });

  it("suggests titles (Typesense groups only by facet fields, so titles are folded by the engine)", async () => {
    const s = await engine.suggest(suggestSchema.parse({ q: "sour", shopIds: [SHOP] }));
    expect(s).toEqual(["Sourdough bread"]);
    expect(searchesSent()[0]).not.toHaveProperty("group_by");
    // What the old request got from Typesense:
    const grouped = await fetch(`${standin.url}/multi_search`, {
      method: "POST",
      headers: { "X-TYPESENSE-API-KEY": "test-key", "Content-Type": "application/json" },
      body: JSON.stringify({ searches: [{ collection: "products", q: "sour", query_by: "title", group_by: "title" }] }),
    });
    expect((await grouped.json()).results[0]).toEqual({ code: 400, error: "Group by field `title` should be a facet field." });
  });

  it("searches shops near a point with every category counted over the radius", async () => {
    const r = await engine.searchShops(shopSearchSchema.parse({ near: { lat: 48.85, lng: 2.35 }, radiusKm: 5, categoryId: "groceries" }));
    expect(r.total).toBe(0);
    const [main, overRadius] = searchesSent();
    expect(main).toMatchObject({
      collection: "shops",
      q: "*",
      query_by: "name",
      filter_by: "location:(48.85, 2.35, 5 km) && category_ids:=`groceries`",
      sort_by: "location(48.85, 2.35):asc",
      max_facet_values: 250,
    });
    expect(overRadius).toMatchObject({ filter_by: "location:(48.85, 2.35, 5 km)", per_page: 0, facet_by: "category_ids" });
    expect(r.facets.category.map((c) => [c.value, c.count])).toEqual([["bakery", 1]]);
    const near = await engine.searchShops(shopSearchSchema.parse({ near: { lat: 48.85, lng: 2.35 }, radiusKm: 5 }));
    expect(near.hits[0]).toMatchObject({ name: "Central Bakery" });
    expect(near.hits[0]?.distanceKm).toBeCloseTo(distanceKm({ lat: 48.85, lng: 2.35 }, { lat: 48.857, lng: 2.353 }), 2);
  });

  it("fails fast on a search that does not answer: one request, about 2 s, a 503 that says to try again", async () => {
    const stalled = http.createServer(() => {}); // never answers
    await new Promise<void>((r) => stalled.listen(0, "127.0.0.1", r));
    let hits = 0;
    stalled.on("request", () => hits++);
    const slow = TypesenseEngine.fromUrl(`http://127.0.0.1:${(stalled.address() as AddressInfo).port}`, "test-key");
    const started = Date.now();
    const error = await slow.searchProducts(productSearchSchema.parse({ shopIds: [SHOP] })).catch((e: unknown) => e);
    const took = Date.now() - started;
    stalled.closeAllConnections();
    await new Promise<void>((r) => stalled.close(() => r()));
    expect(error).toMatchObject({ name: "DomainError", code: "unavailable", message: "Search is not answering right now. Please try again in a moment." });
    expect(hits).toBe(1);
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(5000);
  });

  it("keeps each refused document's reason, sends again only the refused ones, then says which failed", async () => {
    const good = doc({ id: "0190a000-0000-7000-8000-000000000002", title: "Rye bread" });
    const broken = { ...doc({ id: "0190a000-0000-7000-8000-000000000003" }), minPrice: 3_000_000_000 }; // past int32
    const error = await engine.upsertProducts(SHOP, [good, broken]).catch((e: Error) => e);
    expect(String(error)).toContain("Typesense refused 1 of 2 products: 0190a000-0000-7000-8000-000000000003: Field `min_price` must be an int32.");
    const imports = sent().filter((r) => r.path.endsWith("/documents/import"));
    expect(imports.map((r) => r.body.split("\n").length)).toEqual([2, 1, 1]);
    expect(imports[1]?.body).toContain(broken.id);
    expect(imports[1]?.body).not.toContain(good.id);
    expect((await engine.searchProducts(productSearchSchema.parse({ q: "rye", shopIds: [SHOP] }))).total).toBe(1);
  });

  it("upserts documents as JSON lines with only public fields, and deletes by filter in chunks", async () => {
    const d = doc();
    await engine.upsertProducts(d.shopId, [d]);
    expect(sent()[0]).toMatchObject({ method: "POST", path: "/collections/products/documents/import" });
    // The client also sends its own `throwOnFail`, which the server ignores.
    expect(new URLSearchParams(sent()[0]?.query).get("action")).toBe("upsert");
    const line = JSON.parse(sent()[0]?.body ?? "{}");
    expect(line).toMatchObject({ id: d.id, location: [48.857, 2.353], in_stock: true, updated_at: d.updatedAt.getTime() });
    expect(Object.keys(line)).not.toContain("cost");

    const many = Array.from({ length: 250 }, (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, "0")}`);
    await engine.removeProducts(d.shopId, many);
    const deletes = sent().filter((r) => r.method === "DELETE");
    expect(deletes).toHaveLength(5);
    expect(deletes.every((r) => r.query.length < 4000)).toBe(true);
    expect(new URLSearchParams(deletes[0]?.query).get("filter_by")).toContain(`shop_id:=\`${d.shopId}\` && id:[\`${many[0]}\``);
    await engine.removeProducts(d.shopId, [d.id]);
    expect((await engine.searchProducts(productSearchSchema.parse({ shopIds: [SHOP] }))).hits.map((h) => h.id)).not.toContain(d.id);
  });

  it("rebuilds into new collections and swaps the aliases", async () => {
    await engine.rebuild(async () => {});
    const calls = sent().map((r) => `${r.method} ${r.path}`);
    const created = sent()
      .filter((r) => r.method === "POST" && r.path === "/collections")
      .map((r) => JSON.parse(r.body));
    expect(created.map((c) => c.name)).toEqual([expect.stringMatching(/^products_\d+$/), expect.stringMatching(/^shops_\d+$/)]);
    expect(created[0].fields).toEqual(
      expect.arrayContaining([
        { name: "location", type: "geopoint" },
        { name: "category_path", type: "string[]", facet: true },
      ]),
    );
    expect(calls).toEqual(
      expect.arrayContaining(["PUT /aliases/products", "PUT /aliases/shops", expect.stringMatching(/^DELETE \/collections\/products_\d+$/)]),
    );
    const alias = sent().find((r) => r.method === "PUT" && r.path === "/aliases/products");
    expect(JSON.parse(alias?.body ?? "{}")).toEqual({ collection_name: created[0].name });
  });
});

describe("a rebuild that is retried or follows a failed one", () => {
  it("uses a collection the server made before its answer was lost, and drops the orphans of a failed rebuild", async () => {
    // A failed rebuild left collections nobody points at.
    await engine["clients"].writes.collections().create({ name: "products_1000", fields: [{ name: "title", type: "string" }] });
    // A proxy that passes the first collection creation on to the server, then drops the connection before the answer.
    let dropped = 0;
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const answer = await fetch(`${standin.url}${req.url}`, {
          method: req.method,
          headers: { "X-TYPESENSE-API-KEY": String(req.headers["x-typesense-api-key"]), "Content-Type": String(req.headers["content-type"] ?? "") },
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const text = await answer.text();
        if (req.method === "POST" && req.url === "/collections" && dropped++ === 0) return req.socket.destroy();
        res.writeHead(answer.status, { "Content-Type": answer.headers.get("content-type") ?? "application/json" });
        res.end(text);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const through = TypesenseEngine.fromUrl(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, "test-key");
    await through.rebuild(async (target) => target.upsertProducts(SHOP, [doc()]));
    await new Promise<void>((r) => proxy.close(() => r()));
    const creates = standin.requests.filter((r) => r.method === "POST" && r.path === "/collections" && !r.body.includes("products_1000"));
    expect(creates.map((r) => JSON.parse(r.body).name)).toEqual([
      expect.stringMatching(/^products_\d+$/),
      expect.stringMatching(/^products_\d+$/), // the retry: 409 at the server, taken as made
      expect.stringMatching(/^shops_\d+$/),
    ]);
    const names = (await engine["clients"].writes.collections().retrieve()).map((c) => c.name);
    expect(names).not.toContain("products_1000");
    expect(names.filter((n) => /^(products|shops)_\d+$/.test(n))).toHaveLength(2);
    expect((await engine.searchProducts(productSearchSchema.parse({ q: "sourdough", shopIds: [SHOP] }))).total).toBe(1);
  });
});

describe("the strict stand-in refuses what Typesense refuses", () => {
  const post = (path: string, body: unknown, key = "test-key") =>
    fetch(`${standin.url}${path}`, { method: "POST", headers: { "X-TYPESENSE-API-KEY": key, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const one = async (search: Record<string, unknown>) =>
    (await (await post("/multi_search", { searches: [{ collection: "products", ...search }] })).json()).results[0];

  it("a wrong API key, per_page past 250, a facet or filter on a field that is not one, a bad filter", async () => {
    expect((await post("/multi_search", { searches: [] }, "wrong")).status).toBe(401);
    expect(await one({ q: "*", per_page: 251 })).toEqual({ code: 422, error: "Only upto 250 hits can be fetched per page." });
    expect(await one({ q: "*", facet_by: "title" })).toEqual({ code: 404, error: "Could not find a facet field named `title` in the schema." });
    expect(await one({ q: "*", filter_by: "nope:=1" })).toEqual({ code: 400, error: "Could not find a filter field named `nope` in the schema." });
    expect(await one({ q: "*", filter_by: "brand:=`!!!`" })).toEqual({ code: 400, error: "Error with filter field `brand`: Filter value cannot be empty." });
    expect(await one({ q: "*", filter_by: "location:(48.8, 2.3)" })).toMatchObject({ code: 400 });
    expect(await one({ q: "*", filter_by: "(brand:=`Maison`" })).toMatchObject({ code: 400 });
    expect(await one({ q: "*", filter_by: "min_price:>3000000000" })).toEqual({ code: 400, error: "Error with filter field `min_price`: Not an int32." });
    expect(await one({ q: "bread", query_by: "shop_slug" })).toEqual({ code: 400, error: "Field `shop_slug` is marked as a non-indexed field in the schema." });
    expect(await one({ q: "*", sort_by: "title:asc" })).toEqual({ code: 404, error: "Could not find a field named `title` in the schema for sorting." });
  });

  it("a locale it does not know, a stem that is no boolean or on a field that is no text", async () => {
    const field = (f: Record<string, unknown>) => post("/collections", { name: `lang-${Math.random()}`, fields: [{ name: "a", type: "string", ...f }] });
    expect((await field({ locale: "fr", stem: true })).status).toBe(201);
    expect(await (await field({ locale: "klingon" })).json()).toEqual({ message: "Field `a` has an invalid locale `klingon`." });
    expect(await (await field({ stem: "yes" })).json()).toEqual({ message: "The `stem` property of the field `a` should be a boolean." });
    expect(await (await field({ type: "int32", stem: true })).json()).toEqual({
      message: "Field `a`: stemming is only supported on string and string[] fields.",
    });
  });

  it("sends a French shop's text to the French fields without accents, and queries without stop words or accents", async () => {
    await engine.upsertProducts(SHOP, [doc({ id: "0190a000-0000-7000-8000-0000000000f1", title: "Pâtes fraîches", description: "Aux œufs", language: "fr" })]);
    const imported = JSON.parse(standin.requests.at(-1)?.body.split("\n")[0] ?? "{}");
    expect(imported).toMatchObject({ title: "Pâtes fraîches", title_fr: "Pates fraiches", description_fr: "Aux œufs" });
    expect(imported).not.toHaveProperty("title_en");
    standin.requests.length = 0;
    const found = await engine.searchProducts(productSearchSchema.parse({ q: "Les pâtes", shopIds: [SHOP] }));
    expect(searchesSent()[0]).toMatchObject({ q: "pates" });
    expect(found.hits.map((h) => h.title)).toEqual(["Pâtes fraîches"]);
  });

  it("answers each import line on its own, and refuses a collection twice", async () => {
    const res = await fetch(`${standin.url}/collections/products/documents/import?action=upsert`, {
      method: "POST",
      headers: { "X-TYPESENSE-API-KEY": "test-key", "Content-Type": "text/plain" },
      body: ['{"id":"x1"}', "not json"].join("\n"),
    });
    const lines = (await res.text()).split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ success: false, error: "Field `shop_id` has been declared in the schema, but is not found in the document." });
    expect(lines[1]).toMatchObject({ success: false, error: "Bad JSON." });
    expect((await post("/collections", { name: "dup", fields: [{ name: "a", type: "string" }] })).status).toBe(201);
    expect((await post("/collections", { name: "dup", fields: [{ name: "a", type: "string" }] })).status).toBe(409);
  });
});
