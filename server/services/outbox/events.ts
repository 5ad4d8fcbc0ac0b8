import { z } from "zod";

export const QUEUES = ["notifications", "search-index", "imports", "reports", "orders", "webhooks"] as const;
export type QueueName = (typeof QUEUES)[number];

const id = z.uuid();
const orderEvent = z.object({ orderId: id });

/**
 * Every outbox event: its name (`thing.what_happened`), the queue that
 * handles it and its payload. recordEvent accepts only these names with
 * their payloads, and each worker must hold a handler for every event of its
 * queue (a `satisfies Record<EventsOf<queue>, ...>` map), so the compiler
 * finds every producer and consumer of a name.
 */
export const EVENTS = {
  // notifications: an email (and in-app notice) per event
  "order.placed": { queue: "notifications", payload: orderEvent },
  "order.ready_for_pickup": { queue: "notifications", payload: orderEvent },
  "order.out_for_delivery": { queue: "notifications", payload: orderEvent },
  "order.cancelled": { queue: "notifications", payload: orderEvent },
  "order.delayed": { queue: "notifications", payload: orderEvent },
  "refund.failed": { queue: "notifications", payload: z.object({ orderId: id, refundId: id }) },
  "receipt.requested": { queue: "notifications", payload: z.object({ orderId: id, email: z.string() }) },
  "stock.low": { queue: "notifications", payload: z.object({ variantId: id, locationId: id, available: z.number().int(), threshold: z.number().int() }) },
  "account.welcome": { queue: "notifications", payload: z.object({ userId: id }) },
  "account.exists": { queue: "notifications", payload: z.object({ userId: id }) },
  "account.password_reset": { queue: "notifications", payload: z.object({ userId: id }) },
  "staff.invited": { queue: "notifications", payload: z.object({ invitationId: id }) },
  "dispute.opened": { queue: "notifications", payload: z.object({ disputeId: id }) },
  "payout.failed": {
    queue: "notifications",
    payload: z.object({ payoutId: z.string().max(255), amount: z.number().int(), currency: z.string().length(3), reason: z.string().max(500) }),
  },
  // search-index: keep the search engine in line with the catalog
  "product.changed": { queue: "search-index", payload: z.object({ productIds: z.array(id).max(10_000) }) },
  "stock.changed": {
    queue: "search-index",
    payload: z.object({ productId: id, variantId: id.optional(), locationId: id.optional(), available: z.number().int().optional() }),
  },
  "shop.updated": { queue: "search-index", payload: z.object({ shopId: id }) },
  "location.changed": { queue: "search-index", payload: z.object({ locationId: id }) },
  // imports
  "import.started": { queue: "imports", payload: z.object({ importId: id }) },
  // reports: rebuild the days a sale touched
  "sales.changed": { queue: "reports", payload: z.object({ orderId: id, at: z.iso.datetime() }) },
  // orders: an unpaid order's time is up; a refund to send to Stripe
  "order.expire": { queue: "orders", payload: z.object({ orderId: id, runAt: z.iso.datetime() }) },
  "refund.stripe": { queue: "orders", payload: z.object({ refundId: id }) },
  // a second payment for one order, refunded automatically
  "refund.duplicate": { queue: "orders", payload: z.object({ duplicateId: id }) },
  // webhooks: a Stripe event recorded by the webhook, handled in the worker
  "stripe.event": { queue: "webhooks", payload: z.object({ stripeEventId: z.string().min(1) }) },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type EventName = keyof typeof EVENTS;
export type EventPayload<N extends EventName> = z.input<(typeof EVENTS)[N]["payload"]>;
/** The events one queue's worker handles. */
export type EventsOf<Q extends QueueName> = { [N in EventName]: (typeof EVENTS)[N]["queue"] extends Q ? N : never }[EventName];

/** An event to record: a registered name with its payload, for a shop or (accounts) none. */
export type OutboxEvent = { [N in EventName]: { type: N; payload: EventPayload<N>; shopId?: string | null } }[EventName];

/**
 * Names used before the registry (issue 23). Rows still in the outbox, and
 * jobs already in Redis, under an old name are delivered under the new one:
 * the dispatcher and the workers read names through `eventNameOf`. Drop an
 * entry once no row or job can carry it (30 days: the failed-job retention).
 */
const LEGACY_NAMES: Record<string, EventName> = {
  "order-placed": "order.placed",
  "order-ready-for-pickup": "order.ready_for_pickup",
  "order-out-for-delivery": "order.out_for_delivery",
  "order-cancelled": "order.cancelled",
  "refund-failed": "refund.failed",
  receipt: "receipt.requested",
  "low-stock": "stock.low",
  welcome: "account.welcome",
  "account-exists": "account.exists",
  "password-reset": "account.password_reset",
  "staff-invite": "staff.invited",
  "catalog-import": "import.started",
};

/** The registered name a stored or queued name stands for, or undefined for a name nobody knows. */
export function eventNameOf(name: string): EventName | undefined {
  if (Object.hasOwn(EVENTS, name)) return name as EventName;
  return Object.hasOwn(LEGACY_NAMES, name) ? LEGACY_NAMES[name] : undefined;
}

/** A registered name, where a statement writes it as a value (raw SQL): the compiler checks it. */
export const eventName = <N extends EventName>(name: N): N => name;
