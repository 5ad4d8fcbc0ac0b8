import { z } from "zod";
import { parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import { Prisma, RegisterSaleStatus } from "../../db/generated/client.ts";
import type { ShopTx } from "../../db/tenancy";
import { registerSaleSchema, type RegisterSaleInput } from "../../schemas/registers";
import { hasRole } from "../../schemas/roles";
import { badRequest, domainErrorOf, isUniqueViolation, notFound } from "../errors";
import { moveStock, writeOrder, type Actor } from "../orders/core";
import { MAX_ORDER_AMOUNT, needsApproval, priceSale } from "../orders/pricing";
import { receiptLabel, registerState } from "./registers";
import type { Difference } from "./differences";

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

async function outcomeOf(tx: ShopTx, clientRef: string): Promise<SyncOutcome | null> {
  const row = await tx.registerSale.findFirst({
    where: { clientRef },
    select: { receipt: true, status: true, differences: true, order: { select: { number: true } } },
  });
  if (!row) return null;
  return { clientRef, receipt: row.receipt, status: row.status, orderNumber: row.order?.number ?? null, differences: row.differences as Difference[] };
}

/**
 * Writes a register's sale as it was made: at the prices charged, at the
 * register and time it was sold, with its stock sold at the register's
 * location even below what is recorded (the goods have left: this is the
 * one way the ledger goes below zero), and returns what differed.
 */
async function writeSale(tx: ShopTx, shopId: string, register: Register, sale: RegisterSaleInput, actor: Actor, known: Difference[] = []) {
  const shop = register.shop;
  const differences: Difference[] = [...known];
  const current = parseRows(
    CurrentVariant,
    await tx.$queryRaw`
    SELECT v.id AS "variantId", v.product_id AS "productId", v.price, p.status = 'active' AS active
    FROM variants v JOIN products p ON p.shop_id = v.shop_id AND p.id = v.product_id
    WHERE v.shop_id = ${shopId}::uuid AND v.id = ANY(${sale.items.map((i) => i.variantId)}::uuid[])`,
  );
  const byId = new Map(current.map((v) => [v.variantId, v]));
  const lines = [];
  for (const item of sale.items) {
    const now = byId.get(item.variantId);
    if (!now) {
      differences.push({ kind: "missing", sku: item.sku });
      continue;
    }
    if (!now.active) differences.push({ kind: "archived", sku: item.sku });
    if (now.price !== item.unitPrice) differences.push({ kind: "price", sku: item.sku, charged: item.unitPrice, current: now.price });
    lines.push({ ...item, productId: now.productId, variantTitle: item.variantTitle ?? "" });
  }
  if (!lines.length) throw badRequest(`Receipt ${receiptLabel(register.code, sale.receipt)}: none of its items exist any more`);
  const priced = priceSale(lines, shop, { discount: sale.discount });
  if (priced.total > MAX_ORDER_AMOUNT) throw badRequest(`Receipt ${receiptLabel(register.code, sale.receipt)}: more than one sale can record`);
  if (priced.total !== sale.total) differences.push({ kind: "total", charged: sale.total, computed: priced.total });
  let approvedBy: string | null = null;
  const staff = await tx.membership.findMany({
    where: { userId: { in: [sale.staffId, sale.approvedBy ?? sale.staffId] } },
    select: { userId: true, role: true },
  });
  const roleOf = (id: string) => staff.find((m) => m.userId === id)?.role ?? null;
  if (needsApproval(priced.subtotal, priced.discount, shop.discountLimit) && !hasRole(roleOf(sale.staffId) ?? "cashier", "manager")) {
    const approver = sale.approvedBy ? roleOf(sale.approvedBy) : null;
    if (approver && hasRole(approver, "manager") && sale.approvedBy !== sale.staffId) approvedBy = sale.approvedBy!;
    else differences.push({ kind: "approval" });
  }
  const soldAt = new Date(sale.soldAt);
  const hours = Math.floor((Date.now() - soldAt.getTime()) / 3_600_000);
  if (hours > shop.offlineHours) differences.push({ kind: "late", hours });

  const card = Math.min(sale.card?.amount ?? 0, priced.total);
  const cashDue = priced.total - card;
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
  for (const m of moved) {
    if (m.beyondStock > 0) differences.push({ kind: "stock", sku: priced.lines.find((l) => l.variantId === m.variantId)?.sku ?? "", short: m.beyondStock });
  }
  const tender = { locationId: register.locationId, staffId: sale.staffId, registerId: register.id, createdAt: soldAt };
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
      customerId: null,
      staffId: sale.staffId,
      currency: shop.currency,
      taxInclusive: shop.taxInclusive,
      discountApprovedBy: approvedBy,
      paid: priced.total,
      contactName: "Walk-in",
      completedAt: soldAt,
      createdAt: soldAt,
      registerId: register.id,
      registerReceipt: sale.receipt,
    },
    priced,
    [
      ...(card > 0 ? [{ kind: "card_terminal" as const, amount: card, reference: sale.card?.reference ?? null, ...tender }] : []),
      ...(cashDue > 0 ? [{ kind: "cash" as const, amount: cashDue, tendered, change: Math.max(0, tendered - cashDue), ...tender }] : []),
    ],
    { actor, note: differences.length ? `Sold at register ${register.name}; needs review` : `Sold at register ${register.name}` },
  );
  return { orderId: id, number, differences };
}

async function applyOne(shopId: string, registerId: string, sale: RegisterSaleInput): Promise<SyncOutcome> {
  return inShop(shopId, async (tx) => {
    const seen = await outcomeOf(tx, sale.clientRef);
    if (seen) return seen;
    const register = await registerState(tx, registerId);
    const [{ nextReceipt } = { nextReceipt: 0 }] = parseRows(
      z.object({ nextReceipt: z.number() }),
      await tx.$queryRaw`
      SELECT next_receipt AS "nextReceipt" FROM registers WHERE shop_id = ${shopId}::uuid AND id = ${registerId}::uuid`,
    );
    const record = (status: RegisterSaleStatus, differences: Difference[], orderId: string | null) =>
      tx.registerSale.create({
        data: {
          shopId,
          id: uuidv7(),
          registerId,
          clientRef: sale.clientRef,
          receipt: sale.receipt,
          status,
          orderId,
          soldAt: new Date(sale.soldAt),
          staffId: sale.staffId,
          sale: sale as unknown as Prisma.InputJsonValue,
          differences: differences as unknown as Prisma.InputJsonValue,
        },
        select: { id: true },
      });
    // A lost register's sales, or numbers it was never given: a manager decides.
    if (register.unpairedAt || sale.receipt >= nextReceipt) {
      const differences: Difference[] = register.unpairedAt ? [{ kind: "unpaired" }] : [];
      await record("held", differences, null);
      return { clientRef: sale.clientRef, receipt: sale.receipt, status: "held", orderNumber: null, differences };
    }
    const staff = await tx.membership.findFirst({ where: { userId: sale.staffId }, select: { user: { select: { name: true } } } });
    // Removed from the shop while the register was offline: the sale stands, flagged.
    const actor = { userId: staff ? sale.staffId : null, label: `${staff?.user.name ?? "A former staff member"} at ${register.name}` };
    const written = await writeSale(tx, shopId, register, sale, actor, staff ? [] : [{ kind: "staff" }]);
    const status = written.differences.length ? "needs_review" : "applied";
    await record(status, written.differences, written.orderId);
    return { clientRef: sale.clientRef, receipt: sale.receipt, status, orderNumber: written.number, differences: written.differences };
  });
}

/**
 * A register's queued sales, applied in receipt order, each once and in its
 * own transaction: a sync cut half-way keeps what it applied, and the
 * register sends the rest again. A sale already applied (a lost response,
 * another tab of the register) answers what it made. One that cannot be
 * applied says why and the rest go on.
 */
export async function syncSales(shopId: string, registerId: string, sales: RegisterSaleInput[]) {
  const results: SyncOutcome[] = [];
  for (const sale of [...sales].sort((a, b) => a.receipt - b.receipt)) {
    try {
      results.push(await applyOne(shopId, registerId, sale));
    } catch (error) {
      // Made at the same moment by another tab or request: its answer is ours.
      const again = await inShop(shopId, (tx) => outcomeOf(tx, sale.clientRef));
      if (again) {
        results.push(again);
        continue;
      }
      const duplicate = isUniqueViolation(error, "receipt");
      if (!duplicate && domainErrorOf(error)?.code !== "invalid") throw error;
      results.push({
        clientRef: sale.clientRef,
        receipt: sale.receipt,
        status: "refused",
        orderNumber: null,
        differences: [],
        error: duplicate ? "Another sale of this register already has this receipt number" : (error as Error).message,
      });
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

/** A manager settles a flagged sale, or accepts (applies) a held one. */
// The stored sale is what the register sent, read again with the schema it was accepted by.
const HeldSale = z.object({ id: z.string(), status: z.enum(RegisterSaleStatus), registerId: z.string(), sale: registerSaleSchema });

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
    const register = await registerState(tx, row.registerId);
    const written = await writeSale(tx, shopId, register, row.sale, manager);
    await tx.registerSale.updateMany({
      where: { id: row.id },
      data: { ...done, orderId: written.orderId, differences: written.differences as unknown as Prisma.InputJsonValue },
    });
    return { status: "reviewed" as const, orderNumber: written.number };
  });
}
