import { z } from "zod";
import { Prisma } from "../../db/generated/client.ts";
import { v7 as uuidv7 } from "uuid";
import { parseRows } from "../../db/rows";
import type { ShopTx } from "../../db/tenancy";
import { formatMoney } from "../../schemas/money";
import { inShop } from "../../db/client.server";
import { fieldError, notFound } from "../errors";
import { receiptLabel } from "./registers";

const Credit = z.object({
  id: z.string(),
  orderId: z.string(),
  kind: z.string(),
  status: z.string(),
  amount: z.number(),
  currency: z.string(),
  number: z.number(),
  code: z.number().nullable(),
  receipt: z.number().nullable(),
  spentOn: z.number().nullable(),
});

/** A refund with what a credit needs: its order's receipt label, and the sale that spent it (if any). Locked when it is to be spent. */
async function creditRow(tx: ShopTx, shopId: string, refundId: string, lock: boolean) {
  const [row] = parseRows(
    Credit,
    await tx.$queryRaw`
    SELECT r.id, r.order_id AS "orderId", r.kind::text AS kind, r.status::text AS status, r.amount, o.currency, o.number,
           g.code, o.register_receipt AS receipt,
           (SELECT so.number FROM payments p JOIN orders so ON so.shop_id = p.shop_id AND so.id = p.order_id
            WHERE p.shop_id = r.shop_id AND p.refund_id = r.id) AS "spentOn"
    FROM refunds r
    JOIN orders o ON o.shop_id = r.shop_id AND o.id = r.order_id
    LEFT JOIN registers g ON g.shop_id = o.shop_id AND g.id = o.register_id
    WHERE r.shop_id = ${shopId}::uuid AND r.id = ${refundId}::uuid
    ${lock ? Prisma.sql`FOR UPDATE OF r` : Prisma.empty}`,
  );
  return row ?? null;
}

/** Where the sale is made: a register's drawer, or (at /pos) the location's. */
type At = { locationId: string; registerId: string | null; staffId: string | null; at?: Date };

/**
 * An exchange credit (a return made at the till as an exchange: a refund of
 * kind 'exchange') spent on a register's sale. Only this shop's, only once,
 * and only its exact amount: the till shows the credit it was given, so any
 * other figure is a mistake to refuse. The sale uses what it needs; when it
 * costs less than the credit, the rest goes back in cash from this drawer
 * (the exchange refund keeps what was spent and a cash refund the rest, so
 * the order's refunded total is unchanged and the cash-up counts only the
 * cash that left).
 */
export async function spendCredit(tx: ShopTx, shopId: string, credit: { refundId: string; amount: number }, total: number, at: At) {
  const row = await creditRow(tx, shopId, credit.refundId, true);
  if (!row) throw fieldError("exchange", "Exchange credit: there is no such credit in this shop; make the return again as an exchange");
  const from = row.code !== null && row.receipt !== null ? `receipt ${receiptLabel(row.code, row.receipt)}` : `order #${row.number}`;
  if (row.kind !== "exchange" || row.status !== "succeeded") {
    throw fieldError("exchange", `Exchange credit: the return on ${from} was paid back, not kept as an exchange credit`);
  }
  if (row.spentOn !== null) throw fieldError("exchange", `Exchange credit: the credit from ${from} has already been used, on sale #${row.spentOn}`);
  if (credit.amount !== row.amount) {
    throw fieldError(
      "exchange",
      `Exchange credit: the credit from ${from} is ${formatMoney(row.amount, row.currency)}, not ${formatMoney(credit.amount, row.currency)}`,
    );
  }
  const used = Math.min(row.amount, total);
  const back = row.amount - used;
  if (back > 0) {
    await tx.refund.updateMany({ where: { id: row.id }, data: { amount: used } });
    await tx.refund.create({
      data: {
        shopId,
        id: uuidv7(),
        orderId: row.orderId,
        kind: "cash",
        amount: back,
        status: "succeeded",
        reason: `Exchange: the new items cost less; the difference paid back in cash`,
        locationId: at.locationId,
        registerId: at.registerId,
        staffId: at.staffId,
        ...(at.at ? { createdAt: at.at } : {}),
      },
      select: { id: true },
    });
  }
  return { refundId: row.id, used, back, from };
}

/** An exchange credit to put on a sale at /pos: its amount and where it comes from; refused once spent. */
export async function exchangeCredit(shopId: string, refundId: string) {
  return inShop(shopId, async (tx) => {
    const found = await creditRow(tx, shopId, refundId, false);
    const row = found?.kind === "exchange" ? found : null;
    if (!row) throw notFound("Exchange credit");
    const label = row.code !== null && row.receipt !== null ? receiptLabel(row.code, row.receipt) : `#${row.number}`;
    if (row.spentOn !== null) throw fieldError("refundId", `Exchange credit: the credit from ${label} has already been used, on sale #${row.spentOn}`);
    return { refundId, amount: row.amount, currency: row.currency, label };
  });
}
