import type { Fulfilment, OrderStatus } from "../../db/generated/client.ts";
import { badRequest } from "../errors";

/**
 * The order state machine. Online orders start at pending_payment (card)
 * or confirmed (pay at pickup); till sales are completed at once.
 * Refunds move a paid order to refunded or partially_refunded; they are
 * made by services/orders/refunds.ts, not by a plain transition.
 */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ["paid", "cancelled"],
  paid: ["preparing", "refunded"],
  confirmed: ["preparing", "cancelled"],
  preparing: ["ready_for_pickup", "out_for_delivery", "cancelled", "refunded"],
  ready_for_pickup: ["completed", "cancelled", "refunded"],
  out_for_delivery: ["completed", "cancelled", "refunded"],
  completed: ["refunded", "partially_refunded"],
  partially_refunded: ["refunded", "partially_refunded"],
  cancelled: [],
  refunded: [],
};

/**
 * Steps of fulfilment between counted statuses: they record no payment and
 * move no order in or out of the shop's figures, so reports ignore them.
 */
export const FULFILMENT_STEPS: ReadonlySet<OrderStatus> = new Set(["preparing", "ready_for_pickup", "out_for_delivery"]);

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: "Awaiting payment",
  paid: "Paid",
  confirmed: "Confirmed · pay at pickup",
  preparing: "Preparing",
  ready_for_pickup: "Ready for pickup",
  out_for_delivery: "Out for delivery",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
  partially_refunded: "Partially refunded",
};

/** Statuses whose lines still hold reserved stock (not yet sold, not released). */
export const HOLDS_RESERVATION: ReadonlySet<OrderStatus> = new Set([
  "pending_payment",
  "paid",
  "confirmed",
  "preparing",
  "ready_for_pickup",
  "out_for_delivery",
]);

/** Orders that still need the staff's attention (the live board). */
export const OPEN_STATUSES: readonly OrderStatus[] = ["paid", "confirmed", "preparing", "ready_for_pickup", "out_for_delivery"];

/** A status inside a sentence: the badge's words, lower case, with the badge's "·" said as words. */
const inProse = (s: OrderStatus) => (s === "confirmed" ? "confirmed (pay at pickup)" : STATUS_LABELS[s].toLowerCase());

type Order = { status: OrderStatus; fulfilment: Fulfilment; paid: number; refunded: number; total: number };

/**
 * Why this order cannot move to `to`, or null when it can: the table
 * above, plus what the fulfilment and payment allow.
 */
export function transitionProblem(order: Order, to: OrderStatus): string | null {
  const from = order.status;
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from].map(inProse);
    return `An order that is ${inProse(from)} cannot become ${inProse(to)}` + (allowed.length ? `; it can become: ${allowed.join(", ")}` : "; it is final");
  }
  if (to === "ready_for_pickup" && order.fulfilment !== "pickup") return "Only a pickup order can be ready for pickup";
  if (to === "out_for_delivery" && order.fulfilment !== "delivery") return "Only a delivery order can go out for delivery";
  if (to === "cancelled" && order.paid > order.refunded) return "This order is paid: refund it instead of cancelling it";
  if ((to === "refunded" || to === "partially_refunded") && order.paid === 0) return "This order has not been paid: cancel it instead";
  return null;
}

export function assertTransition(order: Order, to: OrderStatus): void {
  const problem = transitionProblem(order, to);
  if (problem) throw badRequest(problem);
}

/** The next steps staff can take from the order page or board (refunds aside). */
export function nextSteps(order: Order): OrderStatus[] {
  return TRANSITIONS[order.status].filter((to) => to !== "refunded" && to !== "partially_refunded" && to !== "paid" && transitionProblem(order, to) === null);
}
