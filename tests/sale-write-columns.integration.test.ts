import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseDb } from "../server/db/client.server";
import { Prisma } from "../server/db/generated/client.ts";
import { parseRows } from "../server/db/rows";
import type { ShopTx } from "../server/db/tenancy";
import { writeOrder } from "../server/services/orders/core";

// The sale's one-statement write (writeOrder, decision 0011) names every
// column it fills by hand, three times over: the INSERT's list, the SELECT
// that reads them from the order's JSON (jsonb_populate_record), and the
// JSON's keys. jsonb_populate_record ignores a key that is no column and
// leaves NULL for a column with no key, so a column added to `orders` and
// forgotten here, or a misspelt key, would be written as NULL (or its
// default) without an error. This test holds the three lists to the table.

/** Columns of `orders` a new sale leaves to their default, and why. Adding a column to the table means adding it to the write or here. */
const LEFT_TO_DEFAULT: Record<string, string> = {
  refunded: "a new order has refunded nothing",
  stripe_payment_id: "set when the card payment arrives (recordCardPayment)",
  application_fee: "set with the card payment",
  application_fee_refunded: "set by refunds",
  stripe_account: "set with the card payment",
  stripe_session_id: "set when checkout opens the Stripe session, after the order is written",
  disputed: "set by a card dispute",
  ready_at: "set when staff delay an order that has no pickup slot (delayOrder)",
};

const SHOP = "00000000-0000-4000-8000-000000000001";
const ORDER = "00000000-0000-4000-8000-000000000002";

/** The statement writeOrder sends, caught instead of run. */
async function capturedWrite() {
  let query: Prisma.Sql | null = null;
  const tx = {
    $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) => {
      query = Prisma.sql(strings, ...values);
      return Promise.resolve([{ number: 1, woke: "" }]);
    },
  } as unknown as ShopTx;
  const line = {
    variantId: ORDER,
    productId: ORDER,
    title: "T",
    variantTitle: "",
    sku: "S",
    unitPrice: 100,
    quantity: 1,
    discount: 0,
    lineDiscount: 0,
    taxRate: 0,
    tax: 0,
    total: 100,
  };
  await writeOrder(
    tx,
    SHOP,
    {
      id: ORDER,
      clientRef: ORDER,
      channel: "pos",
      fulfilment: "in_store",
      status: "completed",
      paymentMethod: "in_store",
      locationId: ORDER,
      customerId: null,
      currency: "EUR",
      taxInclusive: true,
      contactName: "",
    },
    { lines: [line], subtotal: 100, discount: 0, tax: 0, deliveryFee: 0, total: 100 },
    [{ kind: "cash", amount: 100, locationId: ORDER, staffId: null }],
    { actor: { userId: null, label: "test" } },
  );
  if (!query) throw new Error("writeOrder sent no statement");
  return query as Prisma.Sql;
}

const list = (text: string) =>
  text
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);

/** The INSERT's column list, the SELECT's expressions and the JSON keys behind them, for one table of the statement. */
function partOf(query: Prisma.Sql, table: string, alias: string, jsonIndex: number) {
  const sql = query.text.replace(/\s+/g, " ");
  const insert = sql.match(new RegExp(`INSERT INTO ${table} \\(([^)]*)\\) SELECT (.*?) FROM`));
  if (!insert) throw new Error(`no INSERT INTO ${table} in the statement`);
  const selected = [...insert[2]!.matchAll(new RegExp(`\\b${alias}\\.([a-z_]+)`, "g"))].map((m) => m[1]!);
  const json = JSON.parse(String(query.values.filter((v) => typeof v === "string" && /^[[{]/.test(v))[jsonIndex]));
  const keys = Object.keys(Array.isArray(json) ? json[0] : json);
  return { inserted: list(insert[1]!), selected, keys };
}

async function columnsOf(table: string) {
  const rows = parseRows(
    z.object({ column_name: z.string() }),
    await baseDb.$queryRaw`SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} ORDER BY column_name`,
  );
  return rows.map((r) => r.column_name);
}

const sorted = (a: Iterable<string>) => [...new Set(a)].sort();

describe("the sale's one-statement write names the tables' real columns", () => {
  it("writes every column of orders but those left to their default, and only columns of orders", async () => {
    const { inserted } = partOf(await capturedWrite(), "orders", "o", 0);
    const table = await columnsOf("orders");
    expect(inserted.length, "no column named twice").toBe(new Set(inserted).size);
    expect(sorted(inserted), "INSERT INTO orders (...) against information_schema.columns").toEqual(sorted(table.filter((c) => !(c in LEFT_TO_DEFAULT))));
    for (const c of Object.keys(LEFT_TO_DEFAULT)) expect(table, `${c} (left to its default) is a column of orders`).toContain(c);
  });

  it("reads each written column of orders from a key the order's JSON has, and sends no key that is not a column", async () => {
    const { inserted, selected, keys } = partOf(await capturedWrite(), "orders", "o", 0);
    const table = await columnsOf("orders");
    expect(sorted(keys), "the JSON's keys are exactly the columns it fills").toEqual(sorted(selected));
    for (const c of selected) expect(inserted, `${c} is read from the JSON and written`).toContain(c);
    for (const k of keys) expect(table, `key ${k} is a column of orders`).toContain(k);
  });

  it.each([
    ["order_lines", "l", 1],
    ["payments", "p", 2],
  ] as const)("writes %s from keys that are its columns", async (table, alias, jsonIndex) => {
    const { inserted, selected, keys } = partOf(await capturedWrite(), table, alias, jsonIndex);
    const columns = await columnsOf(table);
    for (const c of inserted) expect(columns, `${c} is a column of ${table}`).toContain(c);
    expect(sorted(keys), `the ${table} JSON's keys are exactly the columns read from it`).toEqual(sorted(selected));
    for (const k of keys) expect(columns, `key ${k} is a column of ${table}`).toContain(k);
  });
});
