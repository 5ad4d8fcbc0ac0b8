// No Typesense server runs here: these tests record the exact HTTP requests
// the Typesense engine makes through the real `typesense` client, against a
// local server that answers in Typesense's documented response shapes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { productSearchSchema, shopSearchSchema } from "../server/schemas/search";
import type { ProductDoc } from "../server/services/search/types";
import { TypesenseEngine } from "../server/services/search/typesense";

type Recorded = { method: string; path: string; query: Record<string, string>; body: string; apiKey: string | undefined };
let recorded: Recorded[] = [];
let server: http.Server;
let engine: TypesenseEngine;

const hitDocument = {
  id: "0190a000-0000-7000-8000-000000000001",
  shop_id: "0190a000-0000-7000-8000-0000000000aa",
  shop_slug: "central-bakery",
  shop_name: "Central Bakery",
  handle: "sourdough-bread",
  title: "Sourdough bread",
  brand: "Maison",
  category_path: ["bakery", "bread"],
  min_price: 450,
  max_price: 450,
  currency: "EUR",
  available: 8,
  in_stock: true,
  location: [48.857, 2.353],
};

function answer(req: http.IncomingMessage, path: string): unknown {
  if (path.endsWith("/documents/search") && path.includes("/shops")) {
    return {
      found: 1,
      hits: [
        {
          document: { id: "s1", slug: "central-bakery", name: "Central Bakery", city: "Paris", country: "FR", location: [48.857, 2.353], product_count: 3 },
          geo_distance_meters: { location: 52 },
        },
      ],
      facet_counts: [{ field_name: "category_ids", counts: [{ value: "bakery", count: 1 }] }],
    };
  }
  if (path.endsWith("/documents/search")) {
    return {
      found: 1,
      hits: [{ document: hitDocument, geo_distance_meters: { location: 1234 } }],
      facet_counts: [
        {
          field_name: "category_path",
          counts: [
            { value: "bakery", count: 1 },
            { value: "bread", count: 1 },
          ],
        },
        { field_name: "brand", counts: [{ value: "Maison", count: 1 }] },
        { field_name: "price_band", counts: [{ value: "under-10", count: 1 }] },
        { field_name: "shop_id", counts: [{ value: hitDocument.shop_id, count: 1 }] },
        { field_name: "attributes", counts: [] },
        { field_name: "in_stock", counts: [{ value: "true", count: 1 }] },
      ],
    };
  }
  if (path.endsWith("/documents/import")) return null;
  if (path.startsWith("/aliases/") && req.method === "GET") return { name: "products", collection_name: "products_1" };
  return { ok: true };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      recorded.push({
        method: req.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        apiKey: req.headers["x-typesense-api-key"] as string | undefined,
      });
      if (url.pathname.endsWith("/documents/import")) {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end(
          body
            .split("\n")
            .filter(Boolean)
            .map(() => JSON.stringify({ success: true }))
            .join("\n"),
        );
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify(answer(req, url.pathname)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  engine = TypesenseEngine.fromUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, "test-key");
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  recorded = [];
});

describe("the Typesense engine's requests", () => {
  it("searches products with geo filter, facets, typo tolerance and geo sort", async () => {
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
        page: 2,
        perPage: 12,
      }),
    );
    expect(recorded).toHaveLength(1);
    const [req] = recorded;
    expect(req).toMatchObject({ method: "GET", path: "/collections/products/documents/search", apiKey: "test-key" });
    expect(req?.query).toEqual({
      q: "sourdugh",
      query_by: "title,brand,category_names,description",
      query_by_weights: "4,3,2,1",
      prefix: "true",
      num_typos: "2",
      filter_by:
        "location:(48.8566, 2.3522, 10 km) && category_path:=`bread` && brand:=[`Maison`] && attributes:=[`Colour:Red`,`Colour:Green`] && attributes:=[`Size:M`] && in_stock:=true",
      sort_by: "location(48.8566, 2.3522):asc,_text_match:desc",
      facet_by: "category_path,brand,price_band,shop_id,attributes,in_stock",
      max_facet_values: "200",
      page: "2",
      per_page: "12",
    });
    // The response maps to the shared results contract.
    expect(result.hits[0]).toMatchObject({
      title: "Sourdough bread",
      distanceKm: 1.234,
      shop: { slug: "central-bakery", name: "Central Bakery" },
      inStock: true,
    });
    expect(result.facets.category.map((c) => [c.value, c.label, c.count])).toEqual([
      ["bakery", "Bakery", 1],
      ["bread", "Bread", 1],
    ]);
    expect(result.facets.shop).toEqual([{ value: hitDocument.shop_id, label: "Central Bakery", count: 1 }]);
    expect(result.facets.inStock).toBe(1);
  });

  it("searches inside one shop without the radius, and sorts by price", async () => {
    await engine.searchProducts(productSearchSchema.parse({ shopIds: ["0190a000-0000-7000-8000-0000000000aa"], sort: "price" }));
    expect(recorded[0]?.query).toMatchObject({ q: "*", filter_by: "shop_id:=[`0190a000-0000-7000-8000-0000000000aa`]", sort_by: "min_price:asc" });
  });

  it("searches shops near a point", async () => {
    const r = await engine.searchShops(shopSearchSchema.parse({ near: { lat: 48.85, lng: 2.35 }, radiusKm: 5, categoryId: "bakery" }));
    expect(recorded[0]).toMatchObject({ path: "/collections/shops/documents/search" });
    expect(recorded[0]?.query).toMatchObject({
      q: "*",
      query_by: "name",
      filter_by: "location:(48.85, 2.35, 5 km) && category_ids:=`bakery`",
      sort_by: "location(48.85, 2.35):asc",
    });
    expect(r.hits[0]).toMatchObject({ name: "Central Bakery", distanceKm: 0.052 });
  });

  it("upserts documents as JSON lines with only public fields, and deletes by filter", async () => {
    const doc: ProductDoc = {
      id: hitDocument.id,
      shopId: hitDocument.shop_id,
      shopSlug: "central-bakery",
      shopName: "Central Bakery",
      handle: "sourdough-bread",
      title: "Sourdough bread",
      brand: "Maison",
      description: "",
      categoryId: "bread",
      categoryPath: ["bakery", "bread"],
      categoryNames: "Bakery Bread",
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
    };
    await engine.upsertProducts(doc.shopId, [doc]);
    expect(recorded[0]).toMatchObject({ method: "POST", path: "/collections/products/documents/import", query: { action: "upsert" } });
    const sent = JSON.parse(recorded[0]?.body ?? "{}");
    expect(sent).toMatchObject({ id: doc.id, location: [48.857, 2.353], in_stock: true, updated_at: doc.updatedAt.getTime() });
    expect(Object.keys(sent)).not.toContain("cost");

    await engine.removeProducts(doc.shopId, [doc.id]);
    expect(recorded[1]).toMatchObject({
      method: "DELETE",
      path: "/collections/products/documents",
      query: { filter_by: `shop_id:=\`${doc.shopId}\` && id:[\`${doc.id}\`]` },
    });
  });

  it("rebuilds into new collections and swaps the aliases", async () => {
    await engine.rebuild(async () => {});
    const calls = recorded.map((r) => `${r.method} ${r.path}`);
    const created = recorded.filter((r) => r.method === "POST" && r.path === "/collections").map((r) => JSON.parse(r.body));
    expect(created.map((c) => c.name)).toEqual([expect.stringMatching(/^products_\d+$/), expect.stringMatching(/^shops_\d+$/)]);
    expect(created[0].fields).toEqual(
      expect.arrayContaining([
        { name: "location", type: "geopoint" },
        { name: "category_path", type: "string[]", facet: true },
      ]),
    );
    expect(calls).toEqual(expect.arrayContaining(["PUT /aliases/products", "PUT /aliases/shops", "DELETE /collections/products_1"]));
    const alias = recorded.find((r) => r.method === "PUT" && r.path === "/aliases/products");
    expect(JSON.parse(alias?.body ?? "{}")).toEqual({ collection_name: created[0].name });
  });
});
