import type { OrderStatus } from "../../server/db/generated/enums";
import { useT, type T, type WebKey } from "../lib/i18n";
import { Badge, type Tone } from "./ui";

const STATUS_TONES: Record<OrderStatus, Tone> = {
  pending_payment: "neutral",
  paid: "warning",
  confirmed: "warning",
  preparing: "info",
  ready_for_pickup: "success",
  out_for_delivery: "success",
  completed: "neutral",
  cancelled: "danger",
  refunded: "danger",
  partially_refunded: "danger",
};

/** An order status as a badge reads it. */
export const STATUS_KEYS: Record<OrderStatus, WebKey> = {
  pending_payment: "orders.status.pendingPayment",
  paid: "orders.status.paid",
  confirmed: "orders.status.confirmed",
  preparing: "orders.status.preparing",
  ready_for_pickup: "orders.status.readyForPickup",
  out_for_delivery: "orders.status.outForDelivery",
  completed: "orders.status.completed",
  cancelled: "orders.status.cancelled",
  refunded: "orders.status.refunded",
  partially_refunded: "orders.status.partiallyRefunded",
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const t = useT();
  return (
    <Badge tone={STATUS_TONES[status] ?? "neutral"} className={`status status-${status}`}>
      {t(STATUS_KEYS[status])}
    </Badge>
  );
}

/** The button that moves an order to this status. */
export const STEP_KEYS: Partial<Record<OrderStatus, WebKey>> = {
  preparing: "orders.step.preparing",
  ready_for_pickup: "orders.step.readyForPickup",
  out_for_delivery: "orders.step.outForDelivery",
  completed: "orders.step.completed",
  cancelled: "orders.step.cancelled",
};

/** The words of the button that moves an order on to `to`. */
export function stepLabel(t: T, to: OrderStatus): string {
  const key = STEP_KEYS[to];
  return key ? t(key) : "";
}
