import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { EVENTS, eventNameOf, type EventName, type OutboxEvent } from "./events";
import { outboxRows } from "./record";
import { unknownJob } from "../../../jobs/queues";
import { handleSearchEvent } from "../../../jobs/search-index";
import { handleOrderJob } from "../../../jobs/orders";

const id = "0190c2a0-0000-7000-8000-000000000001";

describe("the outbox event registry", () => {
  it("names every event in one style, thing.what_happened", () => {
    for (const name of Object.keys(EVENTS)) expect(name).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it("accepts only registered names with their payloads (checked by tsc)", () => {
    const good: OutboxEvent = { type: "order.placed", payload: { orderId: id }, shopId: id };
    // @ts-expect-error an unregistered name does not compile
    const unregistered: OutboxEvent = { type: "order-placed", payload: { orderId: id } };
    // @ts-expect-error a registered name with another event's payload does not compile
    const wrongPayload: OutboxEvent = { type: "order.placed", payload: { refundId: id } };
    const built: string = ["order", "placed"].join(".");
    // @ts-expect-error a name built at runtime is a string, not a registered name
    const runtime: OutboxEvent = { type: built, payload: { orderId: id } };
    expect([good, unregistered, wrongPayload, runtime]).toHaveLength(4);
  });

  it("writes the registry's queue and refuses a payload that breaks the event's schema before anything is stored", () => {
    const [row] = outboxRows([{ type: "stock.low", payload: { variantId: id, locationId: id, available: 1, threshold: 2 }, shopId: id }]);
    expect(row).toMatchObject({ queue: "notifications", type: "stock.low" });
    expect(() => outboxRows([{ type: "refund.stripe", payload: { refundId: "not-an-id" } }])).toThrow();
  });

  it("reads every name used before the registry as its new name, so stored rows and queued jobs are still delivered", () => {
    const legacy: [string, EventName][] = [
      ["order-placed", "order.placed"],
      ["order-ready-for-pickup", "order.ready_for_pickup"],
      ["order-out-for-delivery", "order.out_for_delivery"],
      ["order-cancelled", "order.cancelled"],
      ["refund-failed", "refund.failed"],
      ["receipt", "receipt.requested"],
      ["low-stock", "stock.low"],
      ["welcome", "account.welcome"],
      ["account-exists", "account.exists"],
      ["password-reset", "account.password_reset"],
      ["staff-invite", "staff.invited"],
      ["catalog-import", "import.started"],
    ];
    for (const [old, now] of legacy) expect(eventNameOf(old)).toBe(now);
    expect(eventNameOf("order.placed")).toBe("order.placed");
    expect(eventNameOf("__proto__")).toBeUndefined();
    expect(eventNameOf("constructor")).toBeUndefined();
  });
});

describe("an unknown event", () => {
  it("is failed without retries (kept in the failed set), the same way on every queue", async () => {
    expect(() => unknownJob("notifications", "order.teleported")).toThrow(UnrecoverableError);
    await expect(handleSearchEvent("shop.demolished", { shopId: id, payload: {} })).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(handleOrderJob("order.teleported", { eventId: id, shopId: id, payload: {} })).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
