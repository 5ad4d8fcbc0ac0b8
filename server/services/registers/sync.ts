import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { inShop } from "../../db/client.server";
import { Prisma, RegisterSaleStatus } from "../../db/generated/client.ts";
import { parseRows } from "../../db/rows";
import type { ShopTx } from "../../db/tenancy";
import { registerSaleSchema, type RegisterSaleInput } from "../../schemas/registers";
import { hasRole, type ShopRole } from "../../schemas/roles";
import { badRequest, domainErrorOf, isUniqueViolation, notFound } from "../errors";
import { countTowardsCustomer, moveStock, writeOrder, type Actor } from "../orders/core";
import { MAX_ORDER_AMOUNT, needsApproval, priceSale } from "../orders/pricing";
import { receiptLabel, registerState } from "./registers";
import type { Difference } from "./differences";
import { spendCredit } from "./exchange";

export type { Difference } from "./differences";

export type SyncOutcome = {
  clientRef: string;
  receipt: number;
  status: RegisterSaleStatus | "refused";
  orderNumber: number | null;
  differences: Difference[];
  error?: string;
};

type Register = Awaited<ReturnType<typeof registerState>>;
const CurrentVariant = z.object({ variantId: z.string(), productId: z.string(), price: z.number(), active: z.boolean() });
type CurrentVariant = z.infer<typeof CurrentVariant>;
type StaffMember = { role: ShopRole; name: string };

/** Sales applied in one transaction. */
const CHUNK = 25;
/** A register's clock this far ahead of ours is wrong, not early. */
const CLOCK_SLACK_MS = 10 * 60_000;

/** What every sale of a chunk needs, read once for the chunk. */
type Batch = {
  register: Register;
  nextReceipt: number;
  variants: Map<string, CurrentVariant>;
  staff: Map<string, StaffMember>;
  /** The chunk's customers that are this shop's, by id: their names. */
  customers: Map<string, string>;
};

/**
 * Reads the register, its next receipt number, the chunk's variants and
 * its people once. The chunk's products are locked here, all at once and
 * in id order (the order every stock writer takes them), so the shop's
 * order counter, which each sale's writeOrder then locks, stays the last
 * lock anyone takes: a chunk cannot deadlock with the shop's other sales.
 */
async function loadBatch(tx: ShopTx, shopId: string, registerId: string, sales: RegisterSaleInput[]): Promise<Batch> {
  const variantIds = [...new Set(sales.flatMap((s) => s.items.flatMap((i) => (i.variantId ? [i.variantId] : []))))];
  const variants = parseRows(
    CurrentVariant,
    await tx.$queryRaw`
    WITH v AS (
      SELECT id, product_id, price FROM variants WHERE shop_id = ${shopId}::uuid AND id = ANY(${variantIds}::uuid[])
    ), locked AS (
      SELECT p.id, p.status FROM products p
      WHERE p.shop_id = ${shopId}::uuid AND p.id IN (SELECT product_id FROM v)
      ORDER BY p.id
      FOR UPDATE
    )
    SELECT v.id AS "variantId", v.product_id AS "productId", v.price, locked.status = 'active' AS active
    FROM v JOIN locked ON locked.id = v.product_id`,
  );
  const people = [...new Set(sales.flatMap((s) => [s.staffId, ...(s.approvedBy ? [s.approvedBy] : []), ...(s.stockApprovedBy ? [s.stockApprovedBy] : [])]))];
  const customerIds = [...new Set(sales.flatMap((s) => (s.customerId ? [s.customerId] : [])))];
  const [register, next, members, customers] = await Promise.all([
    registerState(tx, registerId),
    tx.register.findFirst({ where: { id: registerId }, select: { nextReceipt: true } }),
    tx.membership.findMany({ where: { userId: { in: people } }, select: { userId: true, role: true, user: { select: { name: true } } } }),
    customerIds.length ? tx.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } }) : Promise.resolve([]),
  ]);
  return {
    register,
    nextReceipt: next?.nextReceipt ?? 0,
    variants: new Map(variants.map((v) => [v.variantId, v])),
    staff: new Map(members.map((m) => [m.userId, { role: m.role, name: m.user.name }])),
    customers: new Map(customers.map((c) => [c.id, c.name])),
  };
}

async function outcomesOf(tx: ShopTx, clientRefs: string[]): Promise<Map<string, SyncOutcome>> {
  const rows = await tx.registerSale.findMany({
    where: { clientRef: { in: clientRefs } },
    select: { clientRef: true, receipt: true, status: true, differences: true, order: { select: { number: true } } },
  });
  return new Map(
    rows.map((r) => [
      r.clientRef,
      { clientRef: r.clientRef, receipt: r.receipt, status: r.status, orderNumber: r.order?.number ?? null, differences: r.differences as Difference[] },
    ]),
  );
}

async function outcomeOf(tx: ShopTx, clientRef: string): Promise<SyncOutcome | null> {
  return (await outcomesOf(tx, [clientRef])).get(clientRef) ?? null;
}

/**
 * When the sale is recorded: when it was made, unless the register's clock
 * was ahead of ours (a sale cannot be made in the future); then when it
 * arrived, flagged, so reports and cash-up never count it on a day to come.
 */
export function recordedAt(soldAt: string, now = Date.now()): { at: Date; difference: Difference | null } {
  const claimed = new Date(soldAt);
  const ahead = claimed.getTime() - now;
  if (ahead <= CLOCK_SLACK_MS) return { at: claimed, difference: null };
  return { at: new Date(now), difference: { kind: "future", minutes: Math.round(ahead / 60_000) } };
}

/**
 * Writes a register's sale as it was made: at the prices charged, at the
 * register and time it was sold, with its stock sold at the register's
 * location even below what is recorded (the goods have left: this is the
 * one way the ledger goes below zero), and returns what differed.
 */
async function writeSale(tx: ShopTx, shopId: string, batch: Batch, sale: RegisterSaleInput, actor: Actor, known: Difference[] = []) {
  const { register } = batch;
  const shop = register.shop;
  const differences: Difference[] = [...known];
  const lines = [];
  for (const { discount, ...item } of sale.items) {
    // A custom amount (no variant): sold as typed, with no stock to check.
    if (!item.variantId) {
      lines.push({ ...item, variantId: null, productId: null, variantTitle: item.variantTitle ?? "", lineDiscount: discount });
      continue;
    }
    const now = batch.variants.get(item.variantId);
    if (!now) {
      differences.push({ kind: "missing", sku: item.sku });
      continue;
    }
    if (!now.active) differences.push({ kind: "archived", sku: item.sku });
    if (now.price !== item.unitPrice) differences.push({ kind: "price", sku: item.sku, charged: item.unitPrice, current: now.price });
    lines.push({ ...item, variantId: item.variantId, productId: now.productId, variantTitle: item.variantTitle ?? "", lineDiscount: discount });
  }
  if (!lines.length) throw badRequest(`Receipt ${receiptLabel(register.code, sale.receipt)}: none of its items exist any more`);
  const priced = priceSale(lines, shop, { discount: sale.discount });
  if (priced.total > MAX_ORDER_AMOUNT) throw badRequest(`Receipt ${receiptLabel(register.code, sale.receipt)}: more than one sale can record`);
  if (priced.total !== sale.total) differences.push({ kind: "total", charged: sale.total, computed: priced.total });
  let approvedBy: string | null = null;
  const roleOf = (id: string) => batch.staff.get(id)?.role ?? null;
  if (needsApproval(priced.subtotal, priced.discount, shop.discountLimit) && !hasRole(roleOf(sale.staffId) ?? "cashier", "manager")) {
    const approver = sale.approvedBy ? roleOf(sale.approvedBy) : null;
    if (approver && hasRole(approver, "manager") && sale.approvedBy !== sale.staffId) approvedBy = sale.approvedBy!;
    else differences.push({ kind: "approval" });
  }
  const { at: soldAt, difference: clock } = recordedAt(sale.soldAt);
  if (clock) differences.push(clock);
  const hours = Math.floor((Date.now() - soldAt.getTime()) / 3_600_000);
  if (hours > shop.offlineHours) differences.push({ kind: "late", hours });

  const tender = { locationId: register.locationId, staffId: sale.staffId, registerId: register.id, createdAt: soldAt };
  // An exchange: the credit pays first (any of it left over goes back in cash), then the card, then cash.
  const credit = sale.exchange ? await spendCredit(tx, shopId, sale.exchange, priced.total, { ...tender, at: soldAt }) : null;
  const owed = priced.total - (credit?.used ?? 0);
  const card = Math.min(sale.card?.amount ?? 0, owed);
  const cashDue = owed - card;
  const tendered = sale.cashTendered ?? cashDue;
  if (tendered < cashDue) differences.push({ kind: "cash_short", short: cashDue - tendered });
  const id = uuidv7();
  const moved = await moveStock(
    tx,
    shopId,
    "sell",
    { id, locationId: register.locationId, reason: `Register ${register.name}, receipt ${receiptLabel(register.code, sale.receipt)}` },
    priced.lines,
    sale.staffId,
    { belowStock: true },
  );
  // Short stock is always listed (the count is what is wrong); a manager's PIN at the till is named beside it.
  const stockApprover = sale.stockApprovedBy ? batch.staff.get(sale.stockApprovedBy) : undefined;
  const approvedStock = stockApprover && hasRole(stockApprover.role, "manager") ? { approvedBy: stockApprover.name } : {};
  for (const m of moved) {
    if (m.beyondStock > 0) {
      differences.push({ kind: "stock", sku: priced.lines.find((l) => l.variantId === m.variantId)?.sku ?? "", short: m.beyondStock, ...approvedStock });
    }
  }
  // A customer the shop no longer has (erased meanwhile, or not this shop's): the sale stands without one, flagged.
  const customerId = sale.customerId && batch.customers.has(sale.customerId) ? sale.customerId : null;
  if (sale.customerId && !customerId) differences.push({ kind: "customer" });
  await countTowardsCustomer(tx, shopId, customerId, priced.total);
  const number = await writeOrder(
    tx,
    shopId,
    {
      id,
      clientRef: sale.clientRef,
      channel: "pos",
      fulfilment: "in_store",
      status: "completed",
      paymentMethod: "in_store",
      locationId: register.locationId,
      customerId,
      staffId: sale.staffId,
      currency: shop.currency,
      taxInclusive: shop.taxInclusive,
      discountApprovedBy: approvedBy,
      paid: priced.total,
      contactName: (customerId && batch.customers.get(customerId)) || "Walk-in",
      completedAt: soldAt,
      createdAt: soldAt,
      registerId: register.id,
      registerReceipt: sale.receipt,
    },
    priced,
    [
      ...(credit && credit.used > 0 ? [{ kind: "exchange" as const, amount: credit.used, refundId: credit.refundId, ...tender }] : []),
      ...(card > 0 ? [{ kind: "card_terminal" as const, amount: card, reference: sale.card?.reference ?? null, ...tender }] : []),
      ...(cashDue > 0 ? [{ kind: "cash" as const, amount: cashDue, tendered, change: Math.max(0, tendered - cashDue), ...tender }] : []),
    ],
    {
      actor,
      note: [
        differences.length ? `Sold at register ${register.name}; needs review` : `Sold at register ${register.name}`,
        ...(credit ? [`exchange for the return on ${credit.from}`] : []),
      ].join("; "),
    },
  );
  return { orderId: id, number, soldAt, differences };
}

type SaleRow = {
  id: string;
  client_ref: string;
  receipt: number;
  status: RegisterSaleStatus;
  order_id: string | null;
  sold_at: Date;
  staff_id: string;
  sale: RegisterSaleInput;
  differences: Difference[];
};

/** The sales' own rows (what came, what it made, what differed), in one statement. */
async function recordSales(tx: ShopTx, shopId: string, registerId: string, rows: SaleRow[]) {
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO register_sales (shop_id, id, register_id, client_ref, receipt, status, order_id, sold_at, staff_id, sale, differences)
    SELECT ${shopId}::uuid, r.id, ${registerId}::uuid, r.client_ref, r.receipt, r.status, r.order_id, r.sold_at, r.staff_id, r.sale, r.differences
    FROM jsonb_populate_recordset(NULL::register_sales, ${JSON.stringify(rows)}::jsonb) r`;
}

/** One sale not there yet: held, or written (flagged when it differs). */
async function applySale(tx: ShopTx, shopId: string, batch: Batch, sale: RegisterSaleInput): Promise<{ outcome: SyncOutcome; row: SaleRow }> {
  const { register } = batch;
  const row = (status: RegisterSaleStatus, differences: Difference[], orderId: string | null, soldAt: Date): SaleRow => ({
    id: uuidv7(),
    client_ref: sale.clientRef,
    receipt: sale.receipt,
    status,
    order_id: orderId,
    sold_at: soldAt,
    staff_id: sale.staffId,
    sale,
    differences,
  });
  const outcome = (status: SyncOutcome["status"], differences: Difference[], orderNumber: number | null) => ({
    clientRef: sale.clientRef,
    receipt: sale.receipt,
    status,
    orderNumber,
    differences,
  });
  // A lost register's sales, or numbers it was never given: a manager decides.
  if (register.unpairedAt || sale.receipt >= batch.nextReceipt) {
    const differences: Difference[] = register.unpairedAt ? [{ kind: "unpaired" }] : [];
    return { outcome: outcome("held", differences, null), row: row("held", differences, null, recordedAt(sale.soldAt).at) };
  }
  const staff = batch.staff.get(sale.staffId);
  // Removed from the shop while the register was offline: the sale stands, flagged.
  const actor = { userId: staff ? sale.staffId : null, label: `${staff?.name ?? "A former staff member"} at ${register.name}` };
  const written = await writeSale(tx, shopId, batch, sale, actor, staff ? [] : [{ kind: "staff" }]);
  const status = written.differences.length ? "needs_review" : "applied";
  return { outcome: outcome(status, written.differences, written.number), row: row(status, written.differences, written.orderId, written.soldAt) };
}

/** A sale that cannot be applied as sent: refused with the reason; anything else is not ours to hide. */
function refusal(sale: RegisterSaleInput, error: unknown): SyncOutcome {
  const duplicate = isUniqueViolation(error, "receipt");
  if (!duplicate && domainErrorOf(error)?.code !== "invalid") throw error;
  return {
    clientRef: sale.clientRef,
    receipt: sale.receipt,
    status: "refused",
    orderNumber: null,
    differences: [],
    error: duplicate ? "Another sale of this register already has this receipt number" : (error as Error).message,
  };
}

/**
 * Several sales in one transaction: those already there answer what they
 * made (a lost response, another tab, a resend after a sync cut half-way),
 * the others are written, and their own rows go in one statement at the
 * end. Any failure rolls the whole chunk back (syncSales then takes its
 * sales one by one).
 */
async function applyChunk(shopId: string, registerId: string, sales: RegisterSaleInput[]): Promise<SyncOutcome[]> {
  return inShop(shopId, async (tx) => {
    // Locks first: another tab's chunk of the same sales finishes before ours reads what is there.
    const batch = await loadBatch(tx, shopId, registerId, sales);
    const seen = await outcomesOf(
      tx,
      sales.map((s) => s.clientRef),
    );
    const results: SyncOutcome[] = [];
    const rows: SaleRow[] = [];
    for (const sale of sales) {
      const known = seen.get(sale.clientRef);
      if (known) {
        results.push(known);
        continue;
      }
      const { outcome, row } = await applySale(tx, shopId, batch, sale);
      results.push(outcome);
      rows.push(row);
    }
    await recordSales(tx, shopId, registerId, rows);
    return results;
  });
}

/** One sale in its own transaction: applied, what it made already, or refused with why. */
async function applyOne(shopId: string, registerId: string, sale: RegisterSaleInput): Promise<SyncOutcome> {
  try {
    const [outcome] = await applyChunk(shopId, registerId, [sale]);
    return outcome!;
  } catch (error) {
    // Made at the same moment by another tab or request: its answer is ours.
    return (await inShop(shopId, (tx) => outcomeOf(tx, sale.clientRef))) ?? refusal(sale, error);
  }
}

/**
 * A register's queued sales, applied in receipt order, each once. They go
 * in chunks of 25 per transaction: a round trip or two per sale instead of
 * a transaction each, which is what made a long queue slow to sync
 * (docs/decisions/0017). When a chunk fails (a sale that must be refused,
 * another tab sending the same sales at the same moment, a deadlock), none
 * of it stays, and its sales are applied again one transaction each, so a
 * refused sale stands alone and the others are applied. A sync cut
 * half-way keeps the chunks it committed; the register sends the rest
 * again.
 */
export async function syncSales(shopId: string, registerId: string, sales: RegisterSaleInput[]) {
  const sorted = [...sales].sort((a, b) => a.receipt - b.receipt);
  const results: SyncOutcome[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const chunk = sorted.slice(i, i + CHUNK);
    try {
      results.push(...(await applyChunk(shopId, registerId, chunk)));
    } catch {
      for (const sale of chunk) results.push(await applyOne(shopId, registerId, sale));
    }
  }
  return { results };
}

/** "Sold offline: needs review", and sales held from an unpaired register. */
export function reviewList(shopId: string) {
  return inShop(shopId, async (tx) => {
    const rows = await tx.registerSale.findMany({
      where: { status: { in: ["needs_review", "held"] } },
      orderBy: { id: "desc" },
      take: 100,
      select: {
        id: true,
        receipt: true,
        status: true,
        soldAt: true,
        receivedAt: true,
        differences: true,
        sale: true,
        staffId: true,
        register: { select: { name: true, code: true } },
        order: { select: { id: true, number: true, total: true, currency: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      soldAt: r.soldAt,
      receivedAt: r.receivedAt,
      register: r.register.name,
      receipt: receiptLabel(r.register.code, r.receipt),
      differences: r.differences as Difference[],
      total: (r.sale as { total: number }).total,
      order: r.order,
    }));
  });
}

const HeldSale = z.object({ id: z.string(), status: z.enum(RegisterSaleStatus), registerId: z.string(), sale: registerSaleSchema });

/** A manager settles a flagged sale, or accepts (applies) a held one. */
export async function resolveSale(shopId: string, manager: Actor, input: { registerSaleId: string; action: "accept" | "reviewed" }) {
  return inShop(shopId, async (tx) => {
    const [row] = parseRows(
      HeldSale,
      await tx.$queryRaw`
      SELECT id, status::text AS status, register_id AS "registerId", sale FROM register_sales
      WHERE shop_id = ${shopId}::uuid AND id = ${input.registerSaleId}::uuid FOR UPDATE`,
    );
    if (!row) throw notFound("Sale");
    const done = { reviewedBy: manager.userId, reviewedAt: new Date(), status: "reviewed" as const };
    if (input.action === "reviewed") {
      if (row.status !== "needs_review") throw badRequest("Only a sale that needs review can be marked reviewed");
      await tx.registerSale.updateMany({ where: { id: row.id }, data: done });
      return { status: "reviewed" as const, orderNumber: null };
    }
    if (row.status !== "held") throw badRequest("Only a held sale can be accepted");
    const batch = await loadBatch(tx, shopId, row.registerId, [row.sale]);
    const written = await writeSale(tx, shopId, batch, row.sale, manager);
    await tx.registerSale.updateMany({
      where: { id: row.id },
      data: { ...done, orderId: written.orderId, differences: written.differences as unknown as Prisma.InputJsonValue },
    });
    return { status: "reviewed" as const, orderNumber: written.number };
  });
}
