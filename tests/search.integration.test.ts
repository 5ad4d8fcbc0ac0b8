// The search conformance suite: the same expectations for every engine that
// is reachable (PostgreSQL always; the strict Typesense stand-in always;
// a real Typesense server when TYPESENSE_URL is set), and indexing driven by
// the catalog's outbox events.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleSearchEvent } from "../jobs/search-index";
import { inShop } from "../server/db/client.server";
import { createShop, productInput } from "../server/db/factories";
import { productSearchSchema, shopSearchSchema, suggestSchema, type ProductSearchInput } from "../server/schemas/search";
import { createProduct, updateProduct } from "../server/services/catalog/products";
import { adjustStock } from "../server/services/inventory/ledger";
import { checkConsistency, reindexAll, syncProducts, syncShop } from "../server/services/search/indexer";
import { PostgresEngine } from "../server/services/search/postgres";
import { distanceKm } from "../server/services/search/storefront";
import type { SearchEngine } from "../server/services/search/types";
import { TypesenseEngine } from "../server/services/search/typesense";
import { createCaller } from "../server/trpc/root";
import { startTypesenseStandin } from "./support/typesense-standin";

const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
const PARIS = { lat: 48.8566, lng: 2.3522 };

const standin = await startTypesenseStandin();
const engines: SearchEngine[] = [new PostgresEngine(), TypesenseEngine.fromUrl(standin.url, standin.apiKey)];
if (process.env.TYPESENSE_URL) engines.push(TypesenseEngine.fromUrl(process.env.TYPESENSE_URL, process.env.TYPESENSE_API_KEY ?? ""));
// The PostgreSQL engine reads by distance first when few products are near;
// the same index read through the text index first must give the same answers.
const conformance: [string, SearchEngine][] = [
  ["postgres (by distance first)", engines[0] as SearchEngine],
  ["postgres (by text first)", new PostgresEngine({ geoFirstMax: -1 })],
  ["typesense (strict local stand-in)", engines[1] as SearchEngine],
  ...engines.slice(2).map((e) => [e.name, e] as [string, SearchEngine]),
];

type Shop = Awaited<ReturnType<typeof createShop>>;
let bakery: Shop; // central Paris
let boulangerie: Shop; // about 3 km north-east
let lyon: Shop; // 390 km away
let closed: Shop; // suspended
// Geneva, far from the others: a French-language shop and an English-language one side by side.
const GENEVA = { lat: 46.2044, lng: 6.1432 };
let patisserie: Shop;
let deli: Shop;
const ids: Record<string, string> = {};

async function product(shop: Shop, key: string, over: Parameters<typeof productInput>[0], stock = 0) {
  const p = await createProduct(shop.id, productInput(over));
  ids[key] = p.id;
  if (stock) {
    const v = await inShop(shop.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
    await adjustStock(shop.id, shop.ownerId, { variantId: v.id, locationId: shop.locationId, delta: stock, reason: "count" });
  }
  return p.id;
}

/** Runs the outbox's search-index events of a shop through the job handler, as the worker would. */
async function drainSearchEvents(shopId: string) {
  const { rows } = await owner.query(
    `UPDATE outbox SET dispatched_at = now() WHERE shop_id = $1 AND queue = 'search-index' AND dispatched_at IS NULL RETURNING id, type, payload`,
    [shopId],
  );
  await Promise.all(rows.map((r) => handleSearchEvent(r.type, { eventId: r.id, shopId, payload: r.payload })));
  return rows.length;
}

const search = (engine: SearchEngine, input: ProductSearchInput) => engine.searchProducts(productSearchSchema.parse({ near: PARIS, radiusKm: 10, ...input }));
const titles = (r: { hits: { title: string }[] }) => r.hits.map((h) => h.title);

beforeAll(async () => {
  await owner.connect();
  bakery = await createShop({ name: "Central Bakery", latitude: 48.857, longitude: 2.353 });
  boulangerie = await createShop({ name: "Boulangerie Nord", latitude: 48.879, longitude: 2.379 });
  lyon = await createShop({ name: "Lyon Bakery", city: "Lyon", latitude: 45.7578, longitude: 4.832 });
  closed = await createShop({ name: "Closed Bakery", latitude: 48.8566, longitude: 2.3522 });

  await product(
    bakery,
    "bread",
    {
      title: "Sourdough bread",
      brand: "Maison",
      categoryId: "bread",
      variants: [{ optionValues: [], sku: "B-1", price: 450, cost: 120, taxClass: "standard" }],
    },
    8,
  );
  await product(
    bakery,
    "croissant",
    { title: "Croissant au beurre", categoryId: "viennoiserie", variants: [{ optionValues: [], sku: "B-2", price: 140, taxClass: "standard" }] },
    30,
  );
  await product(
    bakery,
    "apples",
    {
      title: "Organic apples",
      options: [{ name: "Colour", values: ["Red", "Green"] }],
      variants: [
        { optionValues: ["Red"], sku: "B-3R", price: 320, taxClass: "standard" },
        { optionValues: ["Green"], sku: "B-3G", price: 300, taxClass: "standard" },
      ],
    },
    5,
  );
  await product(bakery, "draft", { title: "Secret sourdough recipe", status: "draft", categoryId: "bread" }, 3);
  await product(boulangerie, "loaf", {
    title: "Sourdough loaf",
    brand: "Boulange",
    categoryId: "bread",
    variants: [{ optionValues: [], sku: "N-1", price: 5200, taxClass: "standard" }],
  });
  await product(lyon, "lyonBread", { title: "Sourdough bread", brand: "Maison", categoryId: "bread" }, 4);
  // Lyon also sells something in every other top-level category: 18 in all, past Typesense's default of 10 facet values.
  const { rows: tops } = await owner.query(`SELECT id FROM categories WHERE parent_id IS NULL AND id <> 'bakery' ORDER BY id`);
  for (const [i, { id }] of tops.entries()) await product(lyon, `lyonTop${i}`, { title: `Lyon goods ${i}`, categoryId: id });
  await product(closed, "closedBread", { title: "Sourdough bread of a closed shop", categoryId: "bread" }, 4);
  await owner.query(`UPDATE shops SET status = 'suspended' WHERE id = $1`, [closed.id]);
  patisserie = await createShop({ name: "Pâtisserie du Lac", city: "Genève", country: "CH", language: "fr", latitude: 46.2046, longitude: 6.1435 });
  deli = await createShop({ name: "Lakeside Deli", city: "Geneva", country: "CH", latitude: 46.2041, longitude: 6.143 });
  for (const title of ["Tarte aux pommes", "tarte pomme", "Pates fraîches", "Pâte feuilletée", "Éclair au chocolat", "Poste radio vintage"])
    await product(patisserie, title, { title });
  for (const title of ["Run shoe", "Chocolate eclair", "Post box", "Tart tin"]) await product(deli, title, { title });

  // The PostgreSQL engine through the outbox; other engines by reindex.
  for (const s of [bakery, boulangerie, lyon, closed, patisserie, deli]) await drainSearchEvents(s.id);
  for (const s of [bakery, boulangerie, lyon, closed, patisserie, deli]) await syncShop(engines[0] as SearchEngine, s.id);
  for (const e of engines.slice(1)) await reindexAll(e);
});
afterAll(async () => {
  await owner.end();
  await standin.close();
});

describe.each(conformance)("conformance: %s", (_name, engine) => {
  const inGeneva = async (q: string) => titles(await search(engine, { q, near: GENEVA })).sort();

  it("finds French words by their stem and without accents in a French shop", async () => {
    expect(await inGeneva("tartes aux pommes")).toEqual(["Tarte aux pommes", "tarte pomme"]);
    expect(await inGeneva("pâtes")).toEqual(["Pates fraîches", "Pâte feuilletée"]);
    expect(await inGeneva("pomme")).toEqual(["Tarte aux pommes", "tarte pomme"]);
    // The French shop's éclair by French stems, the English shop's by English ones: both, with or without the accent.
    expect(await inGeneva("éclair")).toEqual(["Chocolate eclair", "Éclair au chocolat"]);
    expect(await inGeneva("eclair")).toEqual(["Chocolate eclair", "Éclair au chocolat"]);
  });

  it("finds English words by their stem in an English shop", async () => {
    expect(await inGeneva("running shoes")).toEqual(["Run shoe"]);
    expect(await inGeneva("tins")).toEqual(["Tart tin"]);
  });

  it("keeps each language's stems to its own shops", async () => {
    // French stemming takes "poster" for a verb (to post): its stem "post" finds the French
    // shop's "Poste radio". The English shop's "Post box" is no poster: English keeps "poster".
    expect(await inGeneva("poster")).toEqual(["Poste radio vintage"]);
  });

  it("answers hostile queries with results or nothing, never an error", async () => {
    for (const q of ["&|!():*", "'tarte' & !pomme:*", "__proto__", "constructor", "tarte\\", "x".repeat(200), "a b c d e f g h i j k l", "🥐 ‮"])
      await expect(search(engine, { q, near: GENEVA })).resolves.toMatchObject({ page: 1 });
    await expect(engine.suggest(suggestSchema.parse({ q: "&|!():* tar", near: GENEVA }))).resolves.toEqual(expect.any(Array));
  });

  it("ranks a title holding every word first, and finds by prefix", async () => {
    const r = await search(engine, { q: "sourdough bread" });
    expect(titles(r)[0]).toBe("Sourdough bread");
    expect(titles(await search(engine, { q: "crois" }))).toEqual(["Croissant au beurre"]);
  });

  it("tolerates typos", async () => {
    const r = await search(engine, { q: "sourdugh" });
    expect(titles(r).sort()).toEqual(["Sourdough bread", "Sourdough loaf"]);
    expect(titles(await search(engine, { q: "crossant" }))).toEqual(["Croissant au beurre"]);
  });

  it("keeps to the radius and orders by distance, with the distance of each hit", async () => {
    const r = await search(engine, { q: "sourdough", sort: "distance" });
    expect(r.hits.map((h) => h.shop.name)).toEqual(["Central Bakery", "Boulangerie Nord"]);
    const expected = distanceKm(PARIS, { lat: 48.879, lng: 2.379 });
    expect(r.hits[1]?.distanceKm).toBeCloseTo(expected, 1);
    const wide = await search(engine, { q: "sourdough", radiusKm: 100 });
    expect(wide.total).toBe(2);
    const lyonSearch = await engine.searchProducts(productSearchSchema.parse({ q: "sourdough", near: { lat: 45.76, lng: 4.83 }, radiusKm: 5 }));
    expect(lyonSearch.hits.map((h) => h.shop.name)).toEqual(["Lyon Bakery"]);
  });

  it("counts each facet over the results", async () => {
    const r = await search(engine, {});
    expect(r.total).toBe(4);
    const count = (list: { value: string; count: number }[], value: string) => list.find((f) => f.value === value)?.count;
    expect(count(r.facets.category, "bakery")).toBe(3); // bread, loaf, croissant: the parent counts its children
    expect(count(r.facets.category, "bread")).toBe(2);
    expect(count(r.facets.brand, "Maison")).toBe(1);
    expect(count(r.facets.brand, "Boulange")).toBe(1);
    expect(count(r.facets.priceBand, "under-10")).toBe(3);
    expect(count(r.facets.priceBand, "50-100")).toBe(1);
    expect(count(r.facets.shop, bakery.id)).toBe(3);
    expect(count(r.facets.shop, boulangerie.id)).toBe(1);
    expect(count(r.facets.attributes, "Colour:Red")).toBe(1);
    expect(r.facets.inStock).toBe(3);
  });

  it("narrows by each filter", async () => {
    expect(titles(await search(engine, { q: "sourdough", inStock: true }))).toEqual(["Sourdough bread"]);
    expect(titles(await search(engine, { brands: ["Boulange"] }))).toEqual(["Sourdough loaf"]);
    expect((await search(engine, { categoryId: "bakery" })).total).toBe(3);
    expect(titles(await search(engine, { priceBands: ["50-100"] }))).toEqual(["Sourdough loaf"]);
    expect(titles(await search(engine, { attributes: ["Colour:Green"] }))).toEqual(["Organic apples"]);
    expect((await search(engine, { shopIds: [boulangerie.id] })).total).toBe(1);
    const byPrice = await search(engine, { sort: "price" });
    expect(byPrice.hits.map((h) => h.minPrice)).toEqual([...byPrice.hits.map((h) => h.minPrice)].sort((a, b) => a - b));
  });

  it("pages through results", async () => {
    const first = await search(engine, { perPage: 3, sort: "price" });
    const second = await search(engine, { perPage: 3, page: 2, sort: "price" });
    expect(first.hits).toHaveLength(3);
    expect(second.hits).toHaveLength(1);
    expect(new Set([...titles(first), ...titles(second)]).size).toBe(4);
  });

  it("shows only public data: no drafts, no suspended shops, no costs", async () => {
    const all = await search(engine, { q: "sourdough", radiusKm: 100 });
    expect(titles(all)).not.toContain("Secret sourdough recipe");
    expect(all.hits.map((h) => h.shop.name)).not.toContain("Closed Bakery");
    // The SKU as a whole value: a bare /B-1/i also matches random ids ("…1ff1b-1a41…").
    expect(JSON.stringify(all)).not.toMatch(/cost|"120"|"B-1"|sku/i);
    const shops = await engine.searchShops(shopSearchSchema.parse({ near: PARIS, radiusKm: 10 }));
    expect(shops.hits.map((s) => s.name)).toEqual(["Central Bakery", "Boulangerie Nord"]);
  });

  it("finds shops near a point, by distance, name and category", async () => {
    const r = await engine.searchShops(shopSearchSchema.parse({ near: PARIS, radiusKm: 10 }));
    expect(r.hits[0]?.distanceKm).toBeLessThan(0.2);
    expect(r.hits[0]?.productCount).toBe(3);
    expect(r.facets.category.find((c) => c.value === "bakery")?.count).toBe(2);
    expect((await engine.searchShops(shopSearchSchema.parse({ near: PARIS, q: "nord" }))).hits.map((s) => s.name)).toEqual(["Boulangerie Nord"]);
    expect((await engine.searchShops(shopSearchSchema.parse({ near: PARIS, categoryId: "groceries" }))).total).toBe(0);
  });

  it("answers odd facet values with plain results: symbols only, a trailing * or backslash, 40 long values", async () => {
    expect((await search(engine, { brands: ["!!!"] })).total).toBe(0);
    expect((await search(engine, { brands: ["Mais*"] })).total).toBe(0);
    expect(titles(await search(engine, { brands: ["Nothing\\", "Boulange"] }))).toEqual(["Sourdough loaf"]);
    const long = (i: number) => `Brand ${i} ${"x".repeat(180)}`;
    const many = await search(engine, {
      brands: [...Array.from({ length: 19 }, (_, i) => long(i)), "Maison"],
      attributes: Array.from({ length: 20 }, (_, i) => `Colour:${long(i)}`),
    });
    expect(many.total).toBe(0);
    expect(titles(await search(engine, { brands: [...Array.from({ length: 19 }, (_, i) => long(i)), "Maison"] }))).toEqual(["Sourdough bread"]);
  });

  it("labels every shop in the shop facet, also those not on the page", async () => {
    const r = await search(engine, { perPage: 1, sort: "price" });
    expect(r.facets.shop.map((f) => [f.value, f.label]).sort()).toEqual(
      [
        [bakery.id, "Central Bakery"],
        [boulangerie.id, "Boulangerie Nord"],
      ].sort(),
    );
  });

  it("counts shop categories over the whole radius, also when one is chosen", async () => {
    const r = await engine.searchShops(shopSearchSchema.parse({ near: PARIS, radiusKm: 10, categoryId: "groceries" }));
    expect(r.total).toBe(0);
    expect(r.facets.category.find((c) => c.value === "bakery")?.count).toBe(2);
  });

  it("rebuilds with writes arriving during it and ends equal to the database", async () => {
    const v = await inShop(bakery.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: ids.croissant }, select: { sku: true } }));
    const rename = (title: string) =>
      updateProduct(
        bakery.id,
        ids.croissant as string,
        productInput({ title, categoryId: "viennoiserie", variants: [{ optionValues: [], sku: v.sku, price: 140, taxClass: "standard" }] }),
      );
    // Once every shop is filled (the bakery among them), the change lands, as the worker would index it, in the index readers use.
    const result = await reindexAll(engine, async (done, total) => {
      if (done !== total) return;
      await rename("Croissant pur beurre");
      await syncProducts(engine, bakery.id, [ids.croissant as string], { shopDoc: false });
    });
    expect(result.caughtUp).toBeGreaterThan(0);
    expect(titles(await search(engine, { q: "croissant" }))).toEqual(["Croissant pur beurre"]);
    expect((await checkConsistency(engine)).problems).toEqual([]);
    await rename("Croissant au beurre");
    await syncProducts(engine, bakery.id, [ids.croissant as string], { shopDoc: false });
    await drainSearchEvents(bakery.id);
  });

  it("counts all 18 top-level categories of the shops in the radius, also with one chosen", async () => {
    const LYON = { lat: 45.7578, lng: 4.832 };
    const { rows } = await owner.query(`SELECT id FROM categories WHERE parent_id IS NULL ORDER BY id`);
    const tops = rows.map((r: { id: string }) => r.id);
    expect(tops).toHaveLength(18);
    for (const categoryId of [undefined, "bakery"]) {
      const r = await engine.searchShops(shopSearchSchema.parse({ near: LYON, radiusKm: 5, categoryId }));
      expect(r.hits.map((h) => h.name)).toEqual(["Lyon Bakery"]);
      expect(r.facets.category.map((c) => [c.value, c.count]).sort()).toEqual(tops.map((id: string) => [id, 1]).sort());
    }
  });

  it("suggests titles as you type", async () => {
    const s = await engine.suggest(suggestSchema.parse({ q: "sour", near: PARIS, radiusKm: 10 }));
    expect(s).toEqual(expect.arrayContaining(["Sourdough bread", "Sourdough loaf"]));
    expect(s).not.toContain("Secret sourdough recipe");
  });
});

describe("indexing from outbox events (PostgreSQL engine)", () => {
  const engine = engines[0] as SearchEngine;

  it("indexes a new product, an update, a stock change and an archive", async () => {
    const id = await product(bakery, "baguette", { title: "Baguette tradition", categoryId: "bread" });
    expect(await drainSearchEvents(bakery.id)).toBeGreaterThan(0);
    let hit = (await search(engine, { q: "baguette" })).hits[0];
    expect(hit?.id).toBe(id);
    expect(hit?.inStock).toBe(false);

    const v = await inShop(bakery.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: id }, select: { id: true, sku: true } }));
    await adjustStock(bakery.id, bakery.ownerId, { variantId: v.id, locationId: bakery.locationId, delta: 12, reason: "count" });
    await drainSearchEvents(bakery.id);
    hit = (await search(engine, { q: "baguette" })).hits[0];
    expect(hit?.available).toBe(12);
    expect(hit?.inStock).toBe(true);

    await updateProduct(
      bakery.id,
      id,
      productInput({ title: "Baguette à l'ancienne", categoryId: "bread", variants: [{ optionValues: [], sku: v.sku, price: 130, taxClass: "standard" }] }),
    );
    await drainSearchEvents(bakery.id);
    expect(titles(await search(engine, { q: "ancienne" }))).toEqual(["Baguette à l'ancienne"]);

    await owner.query(`UPDATE products SET status = 'archived' WHERE id = $1`, [id]);
    await handleSearchEvent("product.changed", { eventId: crypto.randomUUID(), shopId: bakery.id, payload: { productIds: [id] } });
    expect((await search(engine, { q: "ancienne" })).total).toBe(0);
  });

  it("indexes the same event twice with the same result", async () => {
    const event = { eventId: crypto.randomUUID(), shopId: bakery.id, payload: { productIds: [ids.bread] } };
    await handleSearchEvent("product.changed", event);
    await handleSearchEvent("product.changed", event);
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM search_products WHERE product_id = $1`, [ids.bread]);
    expect(rows[0].n).toBe(1);
  });

  it("reports documents that differ, and the reindex command repairs them", async () => {
    await owner.query(`DELETE FROM search_products WHERE product_id = $1`, [ids.croissant]);
    await owner.query(`UPDATE search_products SET title = 'Wrong' WHERE product_id = $1`, [ids.apples]);
    const before = await checkConsistency(engine);
    expect(before.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: ids.croissant, problem: "missing" }),
        expect.objectContaining({ productId: ids.apples, problem: "different", detail: "title" }),
      ]),
    );
    const seen: number[] = [];
    const result = await reindexAll(engine, (done) => seen.push(done));
    expect(result.shops).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect((await checkConsistency(engine)).problems).toEqual([]);
    expect(titles(await search(engine, { q: "croissant" }))).toEqual(["Croissant au beurre"]);
  });

  it("drops a shop's documents when it is suspended", async () => {
    await owner.query(`UPDATE shops SET status = 'suspended' WHERE id = $1`, [boulangerie.id]);
    await handleSearchEvent("shop.updated", { eventId: crypto.randomUUID(), shopId: boulangerie.id, payload: { shopId: boulangerie.id } });
    expect((await search(engine, { q: "loaf" })).total).toBe(0);
    expect((await engine.searchShops(shopSearchSchema.parse({ near: PARIS }))).hits.map((s) => s.name)).not.toContain("Boulangerie Nord");
    await owner.query(`UPDATE shops SET status = 'active' WHERE id = $1`, [boulangerie.id]);
    await syncShop(engine, boulangerie.id);
  });

  it("refuses writes for another shop than the scoped one (row-level security)", async () => {
    await expect(inShop(bakery.id, (tx) => tx.$executeRaw`UPDATE search_products SET title = 'hijacked' WHERE shop_id = ${lyon.id}::uuid`)).resolves.toBe(0);
    await expect(inShop(bakery.id, (tx) => tx.$executeRaw`DELETE FROM search_shops WHERE shop_id = ${lyon.id}::uuid`)).resolves.toBe(0);
  });
});

describe("a whole shop's listing: facet counts kept by triggers (PostgreSQL engine)", () => {
  const kept = engines[0] as PostgresEngine;
  const counted = new PostgresEngine({ keptFacets: false });
  const wholeShop = (engine: SearchEngine, shop: Shop, more: ProductSearchInput = {}) =>
    engine.searchProducts(productSearchSchema.parse({ shopIds: [shop.id], ...more }));
  const count = (list: { value: string; count: number }[], value: string) => list.find((f) => f.value === value)?.count;

  it("gives the same page, total and facets as counting every product, in every order", async () => {
    for (const shop of [bakery, lyon])
      for (const sort of ["relevance", "distance", "price", "-price"] as const)
        for (const page of [1, 2]) {
          const input = { sort, page, perPage: 5, near: PARIS };
          expect(await wholeShop(kept, shop, input)).toEqual(await wholeShop(counted, shop, input));
        }
    const lyonPage = await wholeShop(kept, lyon);
    expect(lyonPage.total).toBe(18);
    expect(lyonPage.facets.shop).toEqual([{ value: lyon.id, label: "Lyon Bakery", count: 18 }]);
    expect(count(lyonPage.facets.brand, "Maison")).toBe(1);
    expect(lyonPage.facets.category.filter((c) => c.depth === 0)).toHaveLength(18);
  });

  it("changes the counts when a product is added, restocked, rebranded and archived", async () => {
    const before = await wholeShop(kept, bakery);
    const id = await product(bakery, "facetJam", { title: "Apricot jam", brand: "Maison", categoryId: "bread" });
    await drainSearchEvents(bakery.id);
    let now = await wholeShop(kept, bakery);
    expect(now.total).toBe(before.total + 1);
    expect(count(now.facets.brand, "Maison")).toBe((count(before.facets.brand, "Maison") ?? 0) + 1);
    expect(now.facets.inStock).toBe(before.facets.inStock);
    expect(now).toEqual(await wholeShop(counted, bakery));

    const v = await inShop(bakery.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: id }, select: { id: true, sku: true } }));
    await adjustStock(bakery.id, bakery.ownerId, { variantId: v.id, locationId: bakery.locationId, delta: 2, reason: "count" });
    await drainSearchEvents(bakery.id);
    now = await wholeShop(kept, bakery);
    expect(now.facets.inStock).toBe(before.facets.inStock + 1);

    await updateProduct(
      bakery.id,
      id,
      productInput({
        title: "Apricot jam",
        brand: "Confiture & Co",
        categoryId: "bread",
        variants: [{ optionValues: [], sku: v.sku, price: 900, taxClass: "standard" }],
      }),
    );
    await drainSearchEvents(bakery.id);
    now = await wholeShop(kept, bakery);
    expect(count(now.facets.brand, "Maison")).toBe(count(before.facets.brand, "Maison"));
    expect(count(now.facets.brand, "Confiture & Co")).toBe(1);
    expect(now).toEqual(await wholeShop(counted, bakery));

    await owner.query(`UPDATE products SET status = 'archived' WHERE id = $1`, [id]);
    await handleSearchEvent("product.changed", { eventId: crypto.randomUUID(), shopId: bakery.id, payload: { productIds: [id] } });
    now = await wholeShop(kept, bakery);
    expect(now.total).toBe(before.total);
    expect(count(now.facets.brand, "Confiture & Co")).toBeUndefined();
    expect(now.facets).toEqual(before.facets);
  });

  it("counts over the hits when a query or a filter narrows the listing", async () => {
    const narrowed = await wholeShop(kept, lyon, { q: "goods" });
    expect(narrowed.total).toBe(17);
    expect(count(narrowed.facets.brand, "Maison")).toBeUndefined();
    expect((await wholeShop(kept, lyon, { brands: ["Maison"] })).total).toBe(1);
  });

  it("counts again on a full sync: counts gone wrong behind the triggers' back are repaired by a reindex", async () => {
    const right = await wholeShop(kept, lyon);
    await owner.query(`UPDATE search_facets SET count = count + 5 WHERE shop_id = $1 AND facet IN ('total', 'brand')`, [lyon.id]);
    await owner.query(`DELETE FROM search_facets WHERE shop_id = $1 AND facet = 'in_stock'`, [lyon.id]);
    expect((await wholeShop(kept, lyon)).total).toBe(right.total + 5);
    await syncShop(kept, lyon.id);
    expect(await wholeShop(kept, lyon)).toEqual(right);
    expect(right).toEqual(await wholeShop(counted, lyon));
  });

  it("keeps each shop's counts to that shop (row-level security), and drops them with the shop", async () => {
    await expect(inShop(bakery.id, (tx) => tx.$executeRaw`UPDATE search_facets SET count = 0 WHERE shop_id = ${lyon.id}::uuid`)).resolves.toBe(0);
    await expect(inShop(bakery.id, (tx) => tx.$executeRaw`DELETE FROM search_facets WHERE shop_id = ${lyon.id}::uuid`)).resolves.toBe(0);
    await expect(
      inShop(bakery.id, (tx) => tx.$executeRaw`INSERT INTO search_facets (shop_id, facet, value, count) VALUES (${lyon.id}::uuid, 'total', '', 1)`),
    ).rejects.toThrow();
    const gone = await createShop({ name: "Short-lived shop", latitude: 48.86, longitude: 2.35 });
    await product(gone, "goneThing", { title: "Gone thing", brand: "Maison" });
    await drainSearchEvents(gone.id);
    expect((await wholeShop(kept, gone)).total).toBe(1);
    await owner.query(`DELETE FROM shops WHERE id = $1`, [gone.id]);
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM search_facets WHERE shop_id = $1`, [gone.id]);
    expect(rows[0].n).toBe(0);
  });
});

describe("public procedures", () => {
  const caller = createCaller({ user: null, sessionId: null, ip: "203.0.113.7", memo: new Map() });

  it("answers bad input with a 400 that says what to fix", async () => {
    const cases: [unknown, RegExp][] = [
      [{ near: { lat: 91, lng: 0 } }, /Latitude must be between -90 and 90/],
      [{ near: { lat: 0, lng: -181 } }, /Longitude must be between -180 and 180/],
      [{ near: PARIS, radiusKm: 500 }, /Radius can be 100 km at most/],
      [{ near: PARIS, perPage: 1000 }, /Page size can be 48 at most/],
      [{ near: PARIS, q: "x".repeat(10_000) }, /Search text is too long/],
      [{ near: PARIS, q: "bread\u0000" }, /Remove the invisible NUL character/],
      [{ near: PARIS, q: "\uD800bread" }, /cannot be searched/],
      [{ q: "" }, /Type what you are looking for, or set your location/],
      [{ q: "&|!():*" }, /Type what you are looking for, or set your location/],
    ];
    for (const [input, message] of cases) {
      await expect(caller.discovery.products(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(message) });
    }
    // Without a location, words search every shop: Paris and Lyon (390 km apart) alike, no distance.
    const everywhere = await caller.discovery.products({ q: "sourdough bread" });
    expect(everywhere.hits.map((h) => h.shop.name)).toEqual(expect.arrayContaining(["Central Bakery", "Lyon Bakery"]));
    expect(everywhere.hits.every((h) => h.distanceKm === null)).toBe(true);
    // Odd but valid Unicode is searched, not refused.
    await expect(caller.discovery.products({ near: PARIS, q: "🥐 ‮ café\u0301" })).resolves.toMatchObject({ page: 1 });
  });

  it("shows a public shop and a product's stock per location, nearest first", async () => {
    const page = await caller.discovery.product({
      slug: (await owner.query(`SELECT slug FROM shops WHERE id = $1`, [bakery.id])).rows[0].slug,
      handle: "organic-apples",
      near: PARIS,
    });
    expect(page.product.variants.map((v) => v.optionValues)).toEqual([["Red"], ["Green"]]);
    expect(page.locations[0]?.stock.map((s) => s.available)).toEqual([5, 0]);
    expect(JSON.stringify(page)).not.toMatch(/"cost"|"sku"|barcode/);
    await expect(caller.discovery.product({ slug: "no-such-shop", handle: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const closedSlug = (await owner.query(`SELECT slug FROM shops WHERE id = $1`, [closed.id])).rows[0].slug as string;
    await expect(caller.discovery.shop({ slug: closedSlug })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const draftHandle = (await owner.query(`SELECT handle FROM products WHERE id = $1`, [ids.draft])).rows[0].handle as string;
    const bakerySlug = (await owner.query(`SELECT slug FROM shops WHERE id = $1`, [bakery.id])).rows[0].slug as string;
    await expect(caller.discovery.product({ slug: bakerySlug, handle: draftHandle })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("finds places in the gazetteer, or takes coordinates", async () => {
    const places = await caller.discovery.places({ q: "lyo" });
    expect(places[0]).toMatchObject({ name: "Lyon", country: "FR" });
    expect(await caller.discovery.places({ q: "48.85, 2.35" })).toEqual([expect.objectContaining({ lat: 48.85, lng: 2.35 })]);
    expect(await caller.discovery.places({ q: "zzqxj" })).toEqual([]);
  });

  it("finds places by postcode: French, US (five digits can be either: both, biggest first), Canadian; a name picks", async () => {
    const both = await caller.discovery.places({ q: "75001" });
    expect(both.map((p) => [p.name, p.country])).toEqual([
      ["75001 Paris", "FR"],
      ["75001 Addison, TX", "US"],
    ]);
    expect(both[0]).toMatchObject({ lat: expect.closeTo(48.85, 1), lng: expect.closeTo(2.35, 1) });
    // The label the typeahead offers comes back to the same place.
    expect(await caller.discovery.places({ q: "75001 Addison, TX" })).toEqual([expect.objectContaining({ country: "US", lat: expect.closeTo(32.96, 1) })]);
    expect(await caller.discovery.places({ q: "69002" })).toEqual([expect.objectContaining({ name: "69002 Lyon", country: "FR" })]);
    expect(await caller.discovery.places({ q: "90210" })).toEqual([expect.objectContaining({ name: "90210 Beverly Hills, CA", country: "US" })]);
    expect(await caller.discovery.places({ q: "m5v 3l9" })).toEqual([
      expect.objectContaining({ name: "M5V Downtown Toronto", country: "CA", lat: expect.closeTo(43.65, 1) }),
    ]);
    expect(await caller.discovery.places({ q: "99999" })).toEqual([]);
  });

  it("limits public search per IP", async () => {
    const flood = createCaller({ user: null, sessionId: null, ip: "198.51.100.9", memo: new Map() });
    const limit = 240 * Number(process.env.RATE_LIMIT_SCALE ?? 1);
    const answers = await Promise.allSettled(Array.from({ length: limit + 5 }, () => flood.discovery.places({ q: "Paris" })));
    const refused = answers.filter((a) => a.status === "rejected");
    expect(refused.length).toBe(5);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Too many searches/) });
  });
});
