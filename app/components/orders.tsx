import { STATUS_LABELS } from "../../server/services/orders/states";
import type { OrderStatus } from "../../server/db/generated/enums";
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

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? "neutral"} className={`status status-${status}`}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export const STEP_LABELS: Partial<Record<OrderStatus, string>> = {
  preparing: "Start preparing",
  ready_for_pickup: "Ready for pickup",
  out_for_delivery: "Out for delivery",
  completed: "Complete",
  cancelled: "Cancel order",
};
