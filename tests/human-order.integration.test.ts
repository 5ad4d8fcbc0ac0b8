import { beforeAll, describe, expect, it } from "vitest";
import { createShop, productInput } from "../server/db/factories";
import { createProduct } from "../server/services/catalog/products";
import { listProducts } from "../server/services/catalog/list";
import { productListSchema } from "../server/schemas/catalog";

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
