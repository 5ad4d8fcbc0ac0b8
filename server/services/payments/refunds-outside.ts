import { IdRow, parseRows } from "../../db/rows";
import type Stripe from "stripe";
import { v7 as uuidv7 } from "uuid";
import { baseDb, inShop } from "../../db/client.server";
import { formatMoney } from "../../schemas/money";
import { lockOrder, moveStock, orderLines, recordStatus } from "../orders/core";
import { publishOrderChange } from "../orders/live";
import { HOLDS_RESERVATION, transitionProblem } from "../orders/states";
import { recordEvent } from "../outbox/record";
import { stripeClient } from "./client";

/**
 * A refund made in the shop's own Stripe dashboard (refund.created with no
 * refund of ours behind it): recorded against the order whose payment it
 * refunds, once (the Stripe id is unique), so the order's refundable amount
 * is what Stripe says and staff cannot refund the same money again. If the
 * payment is not recorded yet (events out of order), the job fails and is
 * retried later.
 */
export async function recordOutsideRefund(shopId: string, account: string | null, r: Stripe.Refund) {
  const pi = typeof r.payment_intent === "string" ? r.payment_intent : r.payment_intent?.id;
  if (!pi) return "refund without a payment intent: not ours";
  const status = r.status === "succeeded" ? "succeeded" : r.status === "failed" || r.status === "canceled" ? "failed" : "pending";
  const done = await inShop(shopId, async (tx) => {
    const found = await tx.order.findFirst({ where: { stripePaymentId: pi }, select: { id: true } });
    if (!found) return null;
    const order = (await lockOrder(tx, shopId, found.id))!;
    const [row] = parseRows(
      IdRow,
      await tx.$queryRaw`
      INSERT INTO refunds (shop_id, id, order_id, kind, amount, status, reason, stripe_id, stripe_status, stripe_status_at, outside_nearshop, location_id)
      VALUES (${shopId}::uuid, ${uuidv7()}::uuid, ${order.id}::uuid, 'stripe', ${r.amount}::int, ${status}::"RefundStatus", 'Refunded in the Stripe dashboard',
              ${r.id}, ${r.status}, now(), true, ${order.locationId}::uuid)
      ON CONFLICT (stripe_id) DO NOTHING RETURNING id`,
    );
    if (!row) return { order, inserted: false };
    const refunded = order.refunded + r.amount;
    const to = refunded >= order.paid ? "refunded" : "partially_refunded";
    const moves = !transitionProblem(order, to);
    if (moves && to === "refunded" && HOLDS_RESERVATION.has(order.status)) await moveStock(tx, shopId, "release", order, await orderLines(tx, order.id), null);
    await tx.$executeRaw`
      UPDATE orders SET refunded = ${refunded}::int, status = ${moves ? to : order.status}::"OrderStatus", updated_at = now()
      WHERE shop_id = ${shopId}::uuid AND id = ${order.id}::uuid`;
    await recordStatus(
      tx,
      shopId,
      order.id,
      order.status,
      moves ? to : order.status,
      { userId: null, label: "Stripe" },
      `${formatMoney(r.amount, order.currency)} refunded in the shop's Stripe dashboard, outside Nearshop`,
    );
    return { order, inserted: true };
  });
  if (!done) throw new Error(`refund ${r.id}: its payment ${pi} is not recorded yet; retry later`);
  await syncFeeRefunded(shopId, done.order.id);
  if (done.inserted) await publishOrderChange(shopId, { orderId: done.order.id, number: done.order.number, status: "refund", isNew: false });
  return done.inserted ? `refund made outside Nearshop recorded (${account ?? "platform"})` : "refund made outside Nearshop already recorded";
}

/**
 * The order's commission given back, as Stripe's application fee says
 * (read on the platform, where the fee lives), and each refund's share:
 * what the fee's refunds added since the last look goes to the refunds
 * that have none yet, newest first.
 */
export async function syncFeeRefunded(shopId: string, orderId: string) {
  const stripe = stripeClient();
  if (!stripe) return;
  const order = await inShop(shopId, (tx) =>
    tx.order.findFirst({ where: { id: orderId }, select: { stripePaymentId: true, stripeAccount: true, applicationFee: true, applicationFeeRefunded: true } }),
  );
  if (!order?.stripePaymentId || !order.stripeAccount || order.applicationFee === 0) return;
  const pi = await stripe.paymentIntents.retrieve(order.stripePaymentId, {}, { stripeAccount: order.stripeAccount });
  const charge = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
  if (!charge) return;
  const [fee] = (await stripe.applicationFees.list({ charge, limit: 1 })).data;
  if (!fee || fee.amount_refunded === order.applicationFeeRefunded) return;
  await inShop(shopId, async (tx) => {
    const locked = await lockOrder(tx, shopId, orderId);
    const before = (await tx.order.findFirst({ where: { id: orderId }, select: { applicationFeeRefunded: true } }))?.applicationFeeRefunded ?? 0;
    if (!locked || fee.amount_refunded <= before) return;
    await tx.order.update({ where: { shopId_id: { shopId, id: orderId } }, data: { applicationFeeRefunded: fee.amount_refunded }, select: { id: true } });
    const latest = await tx.refund.findFirst({
      where: { orderId, kind: "stripe", feeReturned: 0, status: { not: "failed" } },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    if (latest)
      await tx.refund.update({ where: { shopId_id: { shopId, id: latest.id } }, data: { feeReturned: fee.amount_refunded - before }, select: { id: true } });
  });
}

/** payout.failed: the money is back in the shop's Stripe balance; the owner is told what the bank said. */
export async function payoutFailed(shopId: string, payout: Stripe.Payout) {
  await baseDb.$transaction(async (tx) => {
    await recordEvent(tx, {
      type: "payout.failed",
      shopId,
      payload: {
        payoutId: payout.id,
        amount: payout.amount,
        currency: payout.currency.toUpperCase(),
        reason: payout.failure_message ?? payout.failure_code ?? "no reason given",
      },
    });
  });
  return `payout ${payout.id} failed: owner told`;
}

/**
 * The `refund.duplicate` job: gives back a second payment for an order
 * already paid, on the shop's account, with the commission (the platform
 * keeps nothing of money it should not have taken). Once per payment: the
 * payment intent is the idempotency key and the row keeps Stripe's answer.
 */
export async function refundDuplicatePayment(shopId: string, duplicateId: string) {
  const stripe = stripeClient();
  if (!stripe) throw new Error("STRIPE_SECRET_KEY is not set");
  const dup = await inShop(shopId, (tx) =>
    tx.duplicatePayment.findFirst({ where: { id: duplicateId }, select: { paymentIntent: true, refundId: true, orderId: true } }),
  );
  if (!dup) return "duplicate not found";
  if (dup.refundId) return `already refunded: ${dup.refundId}`;
  const account = (await inShop(shopId, (tx) => tx.shopStripeAccount.findFirst({ select: { accountId: true } })))?.accountId;
  const pi = account ? await stripe.paymentIntents.retrieve(dup.paymentIntent, {}, { stripeAccount: account }) : null;
  const refund = await stripe.refunds.create(
    {
      payment_intent: dup.paymentIntent,
      reason: "duplicate",
      metadata: { duplicateId, orderId: dup.orderId, shopId },
      ...(pi?.application_fee_amount ? { refund_application_fee: true } : {}),
    },
    { ...(account ? { stripeAccount: account } : {}), idempotencyKey: `duplicate:${dup.paymentIntent}` },
  );
  await inShop(shopId, (tx) => tx.duplicatePayment.updateMany({ where: { id: duplicateId }, data: { refundId: refund.id, refundStatus: refund.status } }));
  return `${refund.id}: ${refund.status}`;
}
