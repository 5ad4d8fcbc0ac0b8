// The shop's customer search takes its text literally: `_`, `%` and `\` are not LIKE wildcards.
import { beforeAll, describe, expect, it } from "vitest";
import { createShop } from "../server/db/factories";
import { createCustomer, listCustomers } from "../server/services/customers/customers";

let shopId: string;
const names = async (q: string) => (await listCustomers(shopId, { q })).items.map((c) => c.name).sort();

beforeAll(async () => {
  const shop = await createShop({ name: "Literal Search" });
  shopId = shop.id;
  for (const [name, email] of [
    ["axb Martin", "axb@example.test"],
    ["a_b Martin", "a_b@example.test"],
    ["Cent Pour", "cent@example.test"],
    ["100% Dupont", "pct@example.test"],
    ["Back\\slash", "bs@example.test"],
  ] as const) {
    await createCustomer(shopId, { name, email, notes: "", marketingConsent: false });
  }
});

describe("customer search", () => {
  it("finds a_b but not axb when searching for a_b", async () => {
    expect(await names("a_b")).toEqual(["a_b Martin"]);
  });

  it("a % is a percent sign, not 'anything'", async () => {
    expect(await names("100%")).toEqual(["100% Dupont"]);
    expect(await names("%")).toEqual(["100% Dupont"]);
    expect(await names("_")).toEqual(["a_b Martin"]);
  });

  it("a backslash is a backslash", async () => {
    expect(await names("k\\s")).toEqual(["Back\\slash"]);
    expect(await names("\\")).toEqual(["Back\\slash"]);
  });

  it("plain text still finds names and emails, any case", async () => {
    expect(await names("martin")).toEqual(["a_b Martin", "axb Martin"]);
    expect(await names("CENT@")).toEqual(["Cent Pour"]);
  });
});
