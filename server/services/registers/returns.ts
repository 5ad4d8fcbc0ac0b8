import { inShop } from "../../db/client.server";
import { hasRole } from "../../schemas/roles";
import type { TillReturnInput } from "../../schemas/registers";
import { fieldError, forbidden, notFound } from "../errors";
import { refundOrder } from "../orders/refunds";
import { checkPin } from "./pins";
import { receiptLabel } from "./registers";
import type { Locale } from "../../../app/i18n";

/** "2-000017" (a register's code, then its receipt) or the shop's order number ("1043", "#1043"). */
function parseReceipt(text: string): { code: number; receipt: number } | { number: number } | null {
  const compact = text.replace(/\s+/g, "");
  const reg = /^(\d{1,6})-(\d{1,10})$/.exec(compact);
  if (reg) {
    const code = Number(reg[1]);
    const receipt = Number(reg[2]);
    return receipt >= 1 && receipt <= 2_000_000_000 ? { code, receipt } : null;
  }
  const num = /^#?(\d{1,10})$/.exec(compact);
  if (num) {
    const number = Number(num[1]);
    return number >= 1 && number <= 2_000_000_000 ? { number } : null;
  }
  return null;
}

/**
 * A sale found from its receipt at a register, for a return: each line with
 * what can still come back. Only this register's shop (the register's
 * cookie names it), and only paid sales.
 */
export async function findTillSale(shopId: string, text: string) {
  const key = parseReceipt(text);
  if (!key) throw fieldError("receipt", "Receipt: a number like 2-000017 (register, then receipt) or an order number like 1043");
  return inShop(shopId, async (tx) => {
    const where = "number" in key ? { number: key.number } : { register: { code: key.code }, registerReceipt: key.receipt };
    const order = await tx.order.findFirst({
      where,
      select: {
        id: true,
        number: true,
        channel: true,
        status: true,
        currency: true,
        paid: true,
        refunded: true,
        createdAt: true,
        stripePaymentId: true,
        registerReceipt: true,
        register: { select: { code: true } },
        payments: { select: { kind: true } },
        lines: {
          orderBy: { position: "asc" },
          select: { id: true, title: true, variantTitle: true, sku: true, quantity: true, returnedQuantity: true, total: true },
        },
      },
    });
    if (!order) throw fieldError("receipt", `Receipt: no sale ${text.trim().slice(0, 40)} in this shop; check the number on the receipt`);
    if (order.paid === 0) throw fieldError("receipt", `Receipt: sale ${order.number} has not been paid, so there is nothing to give back`);
    return {
      orderId: order.id,
      number: order.number,
      label: order.register && order.registerReceipt ? receiptLabel(order.register.code, order.registerReceipt) : `#${order.number}`,
      soldAt: order.createdAt.toISOString(),
      currency: order.currency,
      paid: order.paid,
      refunded: order.refunded,
      paidBy: order.stripePaymentId ? ("card_online" as const) : order.payments.some((p) => p.kind === "cash") ? ("cash" as const) : ("card_terminal" as const),
      lines: order.lines.map((l) => ({
        lineId: l.id,
        title: l.title,
        variantTitle: l.variantTitle,
        sku: l.sku,
        quantity: l.quantity,
        returnable: l.quantity - l.returnedQuantity,
        // What one unit brought in, after its share of the discount.
        unitValue: Math.round(l.total / l.quantity),
      })),
    };
  });
}

/**
 * A return at a register, approved by a manager's PIN checked here (a
 * wrong PIN counts towards its lock, as at sign-in). The money leaves this
 * register's drawer; the items go back in stock at the order's location
 * unless the cashier says otherwise; the order's history names the
 * register, the cashier and the manager.
 */
export async function returnAtRegister(
  shopId: string,
  register: { registerId: string; locationId: string; name: string },
  input: TillReturnInput,
  /** The language of the PIN's refusals (the rest of a return's are still English). */
  locale: Locale = "en",
) {
  const approver = await checkPin(shopId, { userId: input.approval.userId, pin: input.approval.pin, purpose: "approve" }, locale);
  if (!hasRole(approver.role, "manager")) throw forbidden("Only a manager or owner can approve a return: ask one to type their PIN");
  const cashier = await inShop(shopId, (tx) => tx.membership.findFirst({ where: { userId: input.staffId }, select: { user: { select: { name: true } } } }));
  if (!cashier) throw notFound("Cashier");
  const label = `${cashier.user.name} at ${register.name}, approved by ${approver.name}`;
  return refundOrder(
    shopId,
    { userId: input.staffId, label },
    { orderId: input.orderId, lines: input.lines, restock: input.restock, tender: input.tender, reason: input.reason },
    { registerId: register.registerId, locationId: register.locationId },
  );
}
