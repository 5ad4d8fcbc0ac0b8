import { STATUS_LABELS } from "../../server/services/orders/states";
import type { OrderStatus } from "../../server/db/generated/enums";

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status status-${status}`}>{STATUS_LABELS[status]}</span>;
}

export const STEP_LABELS: Partial<Record<OrderStatus, string>> = {
  preparing: "Start preparing",
  ready_for_pickup: "Ready for pickup",
  out_for_delivery: "Out for delivery",
  completed: "Complete",
  cancelled: "Cancel order",
};
