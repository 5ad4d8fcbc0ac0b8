import { beforeAll, describe, expect, it } from "vitest";
import { createShop, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { listProducts } from "../server/services/catalog/list";
import { productListSchema } from "../server/schemas/catalog";
import { inShop } from "../server/db/client.server";
import { receiveStock } from "../server/services/inventory/ledger";

// Names people read sort as they expect (ICU root collation on the column),
// not by code point: "Éclair" among the E's, "apple" beside "Banane".
let shop: Awaited<ReturnType<typeof createShop>>;
const TITLES = ["Zucchini", "Éclair au café", "apple", "Banane", "eau de source", "Fraise", "Œuf frais"];
const EXPECTED = ["apple", "Banane", "eau de source", "Éclair au café", "Fraise", "Œuf frais", "Zucchini"];

beforeAll(async () => {
  shop = await createShop();
  for (const title of TITLES) await createProduct(shop.id, productInput({ title }));
});

const list = (input: Record<string, unknown>) => listProducts(shop.id, productListSchema.parse(input));

describe("product list order", () => {
  it("sorts titles as a reader does, both ways", async () => {
    expect((await list({ sort: "title" })).items.map((p) => p.title)).toEqual(EXPECTED);
    expect((await list({ sort: "-title" })).items.map((p) => p.title)).toEqual([...EXPECTED].reverse());
  });

  it("pages through the same order with the cursor, nothing skipped or repeated", async () => {
    for (const sort of ["title", "-title"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((p) => p.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(sort === "title" ? EXPECTED : [...EXPECTED].reverse());
    }
  });
});

describe("product list by stock", () => {
  it("sorts by units available both ways, and pages through ties by id", async () => {
    const s = await createShop();
    const made: { title: string; units: number }[] = [
      { title: "Five", units: 5 },
      { title: "One", units: 1 },
      { title: "Nine", units: 9 },
      { title: "Also one", units: 1 },
    ];
    for (const m of made) {
      const p = await createProduct(s.id, productInput({ title: m.title }));
      const v = await inShop(s.id, (tx) => tx.variant.findFirstOrThrow({ where: { productId: p.id }, select: { id: true } }));
      await receiveStock(s.id, s.ownerId, { variantId: v.id, locationId: s.locationId, quantity: m.units });
    }
    const walk = async (sort: "stock" | "-stock") => {
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listProducts(s.id, productListSchema.parse({ sort, limit: 1, ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items.map((p) => p.available));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk("stock")).toEqual([1, 1, 5, 9]);
    expect(await walk("-stock")).toEqual([9, 5, 1, 1]);
  });
});
