import { z } from "zod";
import { parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { Prisma, TaxClass, type Role } from "../../db/generated/client.ts";
import { hasRole } from "../../schemas/roles";
import { containing } from "../../db/like";
import { formatMoney } from "../../schemas/money";
import { badRequest, fieldError, notFound } from "../errors";
import { countTowardsCustomer, moveStock, oncePerClientRef, sellableRowsSql, SellableRow, toSellable, writeOrder, type Actor, type ShopSelling } from "./core";
import type { ShopTx } from "../../db/tenancy";
import type { PosSaleInput, TillLineInput } from "../../schemas/orders";
import { MAX_ORDER_AMOUNT, needsApproval, priceSale, tooLargeToRecord } from "./pricing";
import { managerApproval, type Approver } from "./approval";
import { spendCredit } from "../registers/exchange";

/** A line sold beyond the recorded stock at the till (listed for managers). */
const BelowStockLine = z.object({ sku: z.string(), quantity: z.number() });
export type BelowStockLine = z.output<typeof BelowStockLine>;
export type Sale = {
  orderId: string;
  number: number;
  total: number;
  change: number;
  belowStock: BelowStockLine[];
  /** The customer's name, when the sale has one. */
  customer: string | null;
  repeated: boolean;
};

const TillContext = z.object({
  shop: z.object({
    currency: z.string(),
    taxInclusive: z.boolean(),
    taxStandard: z.number(),
    taxReduced: z.number(),
    discountLimit: z.number(),
    tillSellsBelowStock: z.boolean(),
  }) satisfies z.ZodType<Pick<ShopSelling, "currency" | "taxInclusive" | "taxStandard" | "taxReduced" | "discountLimit">>,
  locationFound: z.boolean(),
  customerFound: z.boolean(),
  customerName: z.string().nullable(),
  variants: z.array(SellableRow),
});

/** The sale's catalog lines (a custom amount has no variant). */
const catalogItems = (items: TillLineInput[]) => items.flatMap((l) => (l.variantId ? [{ variantId: l.variantId, quantity: l.quantity }] : []));

/**
 * The sale's lines to price, in the cashier's order: catalog lines as the
 * shop sells them today, custom amounts as typed (no product, no stock),
 * each with its own discount and note.
 */
export function tillLines(items: TillLineInput[], variants: z.output<typeof SellableRow>[]) {
  const sellable = toSellable(catalogItems(items), variants);
  let next = 0;
  return items.map((l) => {
    const extras = { lineDiscount: l.discount, note: l.note ?? "" };
    if (l.custom) {
      const { description, unitPrice, taxClass } = l.custom;
      return { variantId: null, productId: null, title: description, variantTitle: "", sku: "", unitPrice, taxClass, quantity: l.quantity, ...extras };
    }
    return { ...sellable[next++]!, ...extras };
  });
}

/**
 * What prices and checks a till sale, in one read: the shop's settings,
 * whether the location (and the customer, if any) are the shop's, and the
 * cart's variants.
 */
async function tillContext(tx: ShopTx, shopId: string, input: PosSaleInput) {
  const [row] = parseRows(
    TillContext,
    await tx.$queryRaw`
    SELECT jsonb_build_object('currency', s.currency, 'taxInclusive', s.tax_inclusive, 'taxStandard', s.tax_standard,
                              'taxReduced', s.tax_reduced, 'discountLimit', s.discount_limit,
                              'tillSellsBelowStock', s.till_sells_below_stock) AS shop,
           EXISTS (SELECT 1 FROM locations l WHERE l.shop_id = s.id AND l.id = ${input.locationId}::uuid) AS "locationFound",
           ${input.customerId ?? null}::uuid IS NULL
             OR EXISTS (SELECT 1 FROM customers c WHERE c.shop_id = s.id AND c.id = ${input.customerId ?? null}::uuid) AS "customerFound",
           (SELECT c.name FROM customers c WHERE c.shop_id = s.id AND c.id = ${input.customerId ?? null}::uuid) AS "customerName",
           (SELECT coalesce(jsonb_agg(v), '[]'::jsonb) FROM (${sellableRowsSql(shopId, catalogItems(input.items))}) v) AS variants
    FROM shops s WHERE s.id = ${shopId}::uuid`,
  );
  if (!row) throw notFound("Shop");
  return row;
}

/**
 * A sale at the till: priced with the shop's tax, the discount checked
 * against the shop's limit, the payment split between a card terminal and
 * cash (with change), stock sold at the till's location, and the receipt
 * number taken last, so the per-shop counter is held as briefly as
 * possible. All in one transaction; nothing here waits on email or search
 * (those follow through the outbox). A retried submit (same clientRef)
 * returns the sale already made.
 */
export async function posSale(shopId: string, cashier: Actor & { role: Role }, input: PosSaleInput): Promise<Sale> {
  // A manager's sign-in is checked (argon2, tens of milliseconds) before the
  // transaction takes a connection; it counts only if the discount needs it.
  const approve = () => managerApproval(shopId, cashier.userId, input.approval, "This discount is above the shop's limit");
  const signedOff = input.approval && !hasRole(cashier.role, "manager") ? await approve() : null;
  let approvedBy: Approver | null = null;
  const { result, repeated } = await oncePerClientRef(
    shopId,
    input.clientRef,
    async (tx) => {
      const { shop, locationFound, customerFound, customerName, variants } = await tillContext(tx, shopId, input);
      if (!locationFound) throw notFound("Location");
      if (!customerFound) throw notFound("Customer");
      const lines = tillLines(input.items, variants);
      // A line's own discount is never more than the line.
      lines.forEach((l, i) => {
        const gross = l.unitPrice * l.quantity;
        if (l.lineDiscount?.kind === "amount" && l.lineDiscount.amount > gross) {
          throw fieldError("items", `Line ${i + 1} (${l.title}): the discount is more than the line (${formatMoney(gross, shop.currency)})`);
        }
      });
      const priced = priceSale(lines, shop, { discount: input.discount });
      if (tooLargeToRecord(priced)) {
        throw fieldError(
          "items",
          `This sale comes to more than ${formatMoney(MAX_ORDER_AMOUNT, shop.currency)}, the most one sale can record: split it into several sales.`,
        );
      }
      const afterLines = priced.subtotal - priced.lines.reduce((a, l) => a + l.lineDiscount, 0);
      if (input.discount?.kind === "amount" && input.discount.amount > afterLines) {
        throw fieldError("discount", `The discount is more than the sale (${formatMoney(afterLines, shop.currency)})`);
      }
      if (needsApproval(priced.subtotal, priced.discount, shop.discountLimit) && !hasRole(cashier.role, "manager")) {
        approvedBy = signedOff ?? (await approve());
      }
      // An exchange: the credit pays first; what it leaves over goes back in cash from the location's drawer.
      const credit = input.exchange
        ? await spendCredit(tx, shopId, input.exchange, priced.total, { locationId: input.locationId, registerId: null, staffId: cashier.userId })
        : null;
      const owed = priced.total - (credit?.used ?? 0);
      const card = input.card?.amount ?? 0;
      if (card > owed) throw fieldError("card", `The card amount is more than what is left to pay (${formatMoney(owed, shop.currency)})`);
      const cashDue = owed - card;
      const tendered = input.cashTendered ?? (cashDue === 0 ? 0 : undefined);
      if (tendered === undefined) throw fieldError("cashTendered", `Enter the cash handed over (${formatMoney(cashDue, shop.currency)} due)`);
      if (tendered < cashDue) {
        throw fieldError("cashTendered", `Cash is short by ${formatMoney(cashDue - tendered, shop.currency)}: ${formatMoney(cashDue, shop.currency)} is due`);
      }
      const id = uuidv7();
      // Stock first: a refused line ends the sale before a number is taken.
      // With the shop's setting on, an item the ledger says is not here is
      // sold all the same (it is in the customer's hand); its ledger row says
      // so, and the managers' list of items sold without recorded stock shows it.
      const moved = await moveStock(tx, shopId, "sell", { id, locationId: input.locationId, reason: "Till sale" }, priced.lines, cashier.userId, {
        belowStock: shop.tillSellsBelowStock,
      });
      const belowStock = moved
        .filter((m) => m.beyondStock > 0)
        .map((m) => ({
          sku: priced.lines.find((l) => l.variantId === m.variantId)?.sku ?? "",
          quantity: m.beyondStock,
        }));
      await countTowardsCustomer(tx, shopId, input.customerId ?? null, priced.total);
      const change = tendered - cashDue;
      const tender = { locationId: input.locationId, staffId: cashier.userId };
      const number = await writeOrder(
        tx,
        shopId,
        {
          id,
          clientRef: input.clientRef,
          channel: "pos",
          fulfilment: "in_store",
          status: "completed",
          paymentMethod: "in_store",
          locationId: input.locationId,
          customerId: input.customerId ?? null,
          staffId: cashier.userId,
          currency: shop.currency,
          taxInclusive: shop.taxInclusive,
          discountApprovedBy: approvedBy?.userId ?? null,
          paid: priced.total,
          contactName: customerName ?? "Walk-in",
          completedAt: new Date(),
        },
        priced,
        [
          ...(credit && credit.used > 0 ? [{ kind: "exchange" as const, amount: credit.used, refundId: credit.refundId, ...tender }] : []),
          ...(card > 0 ? [{ kind: "card_terminal" as const, amount: card, reference: input.card?.reference ?? null, ...tender }] : []),
          ...(cashDue > 0 ? [{ kind: "cash" as const, amount: cashDue, tendered, change, ...tender }] : []),
        ],
        {
          actor: cashier,
          note: [...(approvedBy ? [`Discount approved by ${approvedBy.name}`] : []), ...(credit ? [`exchange for the return on ${credit.from}`] : [])].join(
            "; ",
          ),
        },
      );
      return { orderId: id, number, total: priced.total, change, belowStock, customer: customerName };
    },
    async (tx, orderId) => {
      const o = await tx.order.findFirstOrThrow({
        where: { id: orderId },
        select: { number: true, total: true, payments: { where: { kind: "cash" }, select: { change: true } }, customer: { select: { name: true } } },
      });
      const belowStock = parseRows(
        BelowStockLine,
        await tx.$queryRaw`
        SELECT v.sku, m.beyond_stock AS quantity FROM stock_movements m JOIN variants v ON v.shop_id = m.shop_id AND v.id = m.variant_id
        WHERE m.shop_id = ${shopId}::uuid AND m.reference = ${`order:${orderId}`} AND m.beyond_stock > 0
          AND m.variant_id IN (SELECT variant_id FROM order_lines WHERE shop_id = ${shopId}::uuid AND order_id = ${orderId}::uuid)`,
      );
      return { orderId, number: o.number, total: o.total, change: o.payments[0]?.change ?? 0, belowStock, customer: o.customer?.name ?? null };
    },
  );
  return { ...result, repeated };
}

export const LookupRow = z.object({
  variantId: z.string(),
  title: z.string(),
  optionValues: z.array(z.string()),
  sku: z.string(),
  barcode: z.string().nullable(),
  price: z.number(),
  taxClass: z.enum(TaxClass),
  available: z.number(),
});
export type LookupHit = Omit<z.output<typeof LookupRow>, "optionValues"> & { variantTitle: string };

/**
 * The till's product lookup: an exact barcode or SKU first (a scan, found
 * through the unique indexes), and only when nothing matches exactly, titles
 * and SKUs containing the text; with what is available at the till.
 */
export function lookupProducts(shopId: string, input: { locationId: string; q: string }): Promise<LookupHit[]> {
  return inShop(shopId, async (tx) => {
    const location = await tx.location.findFirst({ where: { id: input.locationId }, select: { id: true } });
    if (!location) throw notFound("Location");
    const like = containing(input.q);
    const find = async (match: Prisma.Sql) =>
      parseRows(
        LookupRow,
        await tx.$queryRaw`
      SELECT v.id AS "variantId", p.title, v.option_values AS "optionValues", v.sku, v.barcode, v.price, v.tax_class::text AS "taxClass",
             coalesce(s.on_hand - s.reserved, 0) AS available
      FROM variants v
      JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
      LEFT JOIN stock_levels s ON s.shop_id = v.shop_id AND s.variant_id = v.id AND s.location_id = ${input.locationId}::uuid
      WHERE v.shop_id = ${shopId}::uuid AND p.status = 'active' AND (${match})
      ORDER BY p.title, v.position
      LIMIT 20`,
      );
    let rows = await find(Prisma.sql`v.barcode = ${input.q} OR v.sku = ${input.q}`);
    if (!rows.length) {
      rows = await find(Prisma.sql`v.sku ILIKE ${like} OR p.id IN (SELECT product_ids_with_title(${like}))`);
    }
    return rows.map(({ optionValues, ...r }) => ({ ...r, variantTitle: optionValues.join(" / ") }));
  });
}

/** A till sale by its receipt number, for a return. */
export async function saleByReceipt(shopId: string, number: number) {
  const order = await inShop(shopId, (tx) => tx.order.findFirst({ where: { number }, select: { id: true } }));
  if (!order) throw badRequest(`No sale or order with number ${number} in this shop`);
  return order;
}
