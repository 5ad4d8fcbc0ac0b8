import { formatMoney } from "../../schemas/money";

/** What differed between a sale as the register made it and the server when it arrived. */
export type Difference =
  | { kind: "price"; sku: string; charged: number; current: number }
  | { kind: "archived"; sku: string }
  | { kind: "missing"; sku: string }
  | { kind: "stock"; sku: string; short: number; approvedBy?: string }
  | { kind: "total"; charged: number; computed: number }
  | { kind: "approval" }
  | { kind: "cash_short"; short: number }
  | { kind: "late"; hours: number }
  | { kind: "future"; minutes: number }
  | { kind: "unpaired" }
  | { kind: "staff" }
  | { kind: "customer" };

/** How a difference reads for a manager. */
export function describeDifference(d: Difference, currency: string): string {
  const m = (n: number) => formatMoney(n, currency);
  switch (d.kind) {
    case "price":
      return `${d.sku}: sold at ${m(d.charged)}, price now ${m(d.current)}`;
    case "archived":
      return `${d.sku}: the product was archived`;
    case "missing":
      return `${d.sku}: the variant no longer exists`;
    case "stock":
      return `${d.sku}: ${d.short} sold beyond recorded stock${d.approvedBy ? ` (approved at the till by ${d.approvedBy})` : ""}`;
    case "total":
      return `Charged ${m(d.charged)}; today's prices and tax make ${m(d.computed)}`;
    case "approval":
      return "A discount above the limit without a manager's approval";
    case "cash_short":
      return `Cash handed over was ${m(d.short)} short`;
    case "late":
      return `Sent ${d.hours} hours after it was made, past the shop's offline limit`;
    case "future": {
      const ahead = d.minutes >= 120 ? `${Math.round(d.minutes / 60)} hours` : `${d.minutes} minutes`;
      return `The register's clock was ${ahead} ahead: recorded at the time it arrived, not the time it showed`;
    }
    case "unpaired":
      return "Sent by a register after it was unpaired";
    case "staff":
      return "Sold by someone no longer on the staff";
    case "customer":
      return "The customer attached at the till is not in the shop's list any more: recorded without a customer";
  }
}
