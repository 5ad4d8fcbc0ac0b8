import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import type { TenderKind } from "../../db/generated/client.ts";
import { formatMoney } from "../../schemas/money";
import { badRequest, fieldError, notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import type { RefundInput, RepayRefundInput } from "../../schemas/orders";
import { lockOrder, moveStock, orderLines, recordStatus, type Actor } from "./core";
import { publishOrderChange } from "./live";
import { HOLDS_RESERVATION, transitionProblem } from "./states";

/**
 * Money back for an order: in full or in part, with the items returned and,
 * if chosen, put back in stock at the order's location. Card payments
 * taken through Stripe are refunded through Stripe by a job (the refund is
 * pending until Stripe answers); cash and terminal refunds are done at the
 * counter and recorded as such. Never more than was paid.
 */
export async function refundOrder(
  shopId: string,
  actor: Actor,
  input: Omit<RefundInput, "approval" | "tender"> & { tender?: RefundInput["tender"] | "exchange" },
  at?: { registerId: string; locationId: string },
) {
  const result = await inShop(shopId, async (tx) => {
    const order = await lockOrder(tx, shopId, input.orderId);
    if (!order) throw notFound("Order");
    if (order.paid === 0) throw badRequest("This order has not been paid: cancel it instead");
    const refundable = order.paid - order.refunded;
    const lines = await orderLines(tx, order.id);
    const returned = input.lines.map((r) => {
      const line = lines.find((l) => l.id === r.lineId);
      if (!line) throw fieldError("lines", "One of the returned items is not on this order");
      const left = line.quantity - line.returnedQuantity;
      if (r.quantity > left) throw fieldError("lines", `Only ${left} of ${line.sku} can still be returned`);
      return { ...line, quantity: r.quantity, value: Math.round((line.total * r.quantity) / line.quantity) };
    });
    const amount = input.amount ?? returned.reduce((a, r) => a + r.value, 0);
    if (amount <= 0) throw fieldError("amount", "Enter an amount to refund");
    if (amount > refundable) {
      throw fieldError(
        "amount",
        `At most ${formatMoney(refundable, order.currency)} can be refunded on this order (paid ${formatMoney(order.paid, order.currency)}, already refunded ${formatMoney(order.refunded, order.currency)})`,
      );
    }
    const full = amount === refundable;
    const to = full ? "refunded" : "partially_refunded";
    const problem = transitionProblem(order, to);
    if (problem) {
      throw badRequest(HOLDS_RESERVATION.has(order.status) && !full ? "Until the order is completed, only a full refund is possible" : problem);
    }
    if (HOLDS_RESERVATION.has(order.status)) {
      await moveStock(tx, shopId, "release", order, lines, actor.userId);
    } else if (input.restock && returned.length) {
      await moveStock(tx, shopId, "return", order, returned, actor.userId);
    }
    for (const r of returned) {
      await tx.$executeRaw`
        UPDATE order_lines SET returned_quantity = returned_quantity + ${r.quantity}::int
        WHERE shop_id = ${shopId}::uuid AND id = ${r.id}::uuid`;
    }
    // Paid online: back through Stripe. At the counter: as staff chose, else
    // as it was paid (cash if any of it was).
    // An exchange gives nothing back: the value is a credit spent on the next sale.
    const kind: TenderKind =
      input.tender === "exchange"
        ? "exchange"
        : order.stripePaymentId
          ? "stripe"
          : (input.tender ?? ((await tx.payment.findFirst({ where: { orderId: order.id, kind: "cash" }, select: { id: true } })) ? "cash" : "card_terminal"));
    const refundId = uuidv7();
    await tx.refund.create({
      data: {
        shopId,
        id: refundId,
        orderId: order.id,
        kind,
        amount,
        status: kind === "stripe" ? "pending" : "succeeded",
        reason: input.reason ?? "",
        restock: input.restock && returned.length > 0,
        lines: returned.map((r) => ({ lineId: r.id, quantity: r.quantity })),
        // At a register the money leaves that register's drawer (its cash-up counts it).
        locationId: at?.locationId ?? order.locationId,
        registerId: at?.registerId ?? null,
        staffId: actor.userId,
      },
      select: { id: true },
    });
    await tx.$executeRaw`
      UPDATE orders SET refunded = refunded + ${amount}::int, status = ${to}::"OrderStatus", updated_at = now()
      WHERE shop_id = ${shopId}::uuid AND id = ${order.id}::uuid`;
    const how = kind === "exchange" ? "as an exchange credit" : `(${kind.replace("_", " ")})`;
    const note = `${formatMoney(amount, order.currency)} refunded ${how}${input.reason ? `: ${input.reason}` : ""}`;
    await recordStatus(tx, shopId, order.id, order.status, to, actor, note);
    if (kind === "stripe") await recordEvent(tx, { type: "refund.stripe", payload: { refundId }, shopId });
    return { refundId, orderId: order.id, number: order.number, status: to, amount, kind };
  });
  await publishOrderChange(shopId, { orderId: result.orderId, number: result.number, status: result.status, isNew: false });
  return result;
}

/**
 * A card refund that failed at Stripe (payments/stripe.ts, settleRefund),
 * paid back at the counter instead: a new refund of the same amount in cash
 * or on the card terminal, at the order's location (so the cash-up counts
 * cash that left the till), naming the failed one. The order's refunded
 * total does not change: the failed refund stayed in it, as the shop owed
 * it. Once per failed refund (the order lock, and a unique index).
 */
export async function repayFailedRefund(shopId: string, actor: Actor, input: RepayRefundInput) {
  const result = await inShop(shopId, async (tx) => {
    const order = await lockOrder(tx, shopId, input.orderId);
    if (!order) throw notFound("Order");
    const failed = await tx.refund.findFirst({
      where: { id: input.refundId, orderId: order.id },
      select: { id: true, amount: true, status: true, repaidBy: { select: { id: true } } },
    });
    if (!failed) throw notFound("Refund");
    if (failed.status !== "failed") throw badRequest("Only a refund that failed can be paid back another way");
    if (failed.repaidBy) throw badRequest("This failed refund has already been paid back");
    const refundId = uuidv7();
    const how = input.tender.replace("_", " ");
    await tx.refund.create({
      data: {
        shopId,
        id: refundId,
        orderId: order.id,
        kind: input.tender,
        amount: failed.amount,
        status: "succeeded",
        reason: input.note || "Pays back a card refund that failed",
        repaysId: failed.id,
        locationId: order.locationId,
        staffId: actor.userId,
      },
      select: { id: true },
    });
    const note = `${formatMoney(failed.amount, order.currency)} paid back (${how}) for the card refund that failed${input.note ? `: ${input.note}` : ""}`;
    await recordStatus(tx, shopId, order.id, order.status, order.status, actor, note);
    return { refundId, orderId: order.id, number: order.number, status: order.status, amount: failed.amount, currency: order.currency, kind: input.tender };
  });
  await publishOrderChange(shopId, { orderId: result.orderId, number: result.number, status: "refund", isNew: false });
  return result;
}
