import { inShop } from "../../db/client.server";
import { notFound } from "../errors";
import { recordEvent } from "../outbox/record";
import { getOrder } from "./read";
import { vatByRate } from "./vat";

/** Queues the receipt of a sale to an email address (sent by the notifications job). */
export function emailReceipt(shopId: string, orderId: string, email: string) {
  return inShop(shopId, async (tx) => {
    const order = await tx.order.findFirst({ where: { id: orderId }, select: { id: true, number: true } });
    if (!order) throw notFound("Order");
    await recordEvent(tx, { type: "receipt.requested", payload: { orderId, email }, shopId });
    return { queued: true, number: order.number };
  });
}

/** The refunded lines a refund recorded ([{ lineId, quantity }]); anything else in the column reads as none. */
function refundedLines(value: unknown): { lineId: string; quantity: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) =>
    v && typeof v === "object" && typeof v.lineId === "string" && Number.isInteger(v.quantity) && v.quantity > 0
      ? [{ lineId: v.lineId, quantity: v.quantity as number }]
      : [],
  );
}

/**
 * Everything a printed receipt carries beyond the order: the shop's legal
 * details (address, VAT and company numbers, footer), who rang it up, the
 * tax per rate, and each refund as its own refund receipt (what went back,
 * its tax per rate, who refunded it).
 */
export async function receiptOf(shopId: string, number: number) {
  const order = await getOrder(shopId, { number });
  return inShop(shopId, async (tx) => {
    const shop = await tx.shop.findUniqueOrThrow({
      where: { id: shopId },
      select: {
        name: true,
        addressLine1: true,
        addressLine2: true,
        city: true,
        postalCode: true,
        country: true,
        email: true,
        phone: true,
        vatNumber: true,
        companyNumber: true,
        receiptFooter: true,
        timezone: true,
      },
    });
    const rows = await tx.refund.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" }, select: { id: true, lines: true, staffId: true } });
    const staffIds = [...new Set([order.staffId, ...rows.map((r) => r.staffId)].filter((id): id is string => Boolean(id)))];
    const names = new Map(
      staffIds.length ? (await tx.user.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]) : [],
    );
    const refunds = order.refunds.map((refund) => {
      const row = rows.find((r) => r.id === refund.id);
      const returned = refundedLines(row?.lines);
      const lines = returned.flatMap((r) => {
        const line = order.lines.find((l) => l.id === r.lineId);
        return line ? [{ ...line, returning: Math.min(r.quantity, line.quantity) }] : [];
      });
      return {
        ...refund,
        cashier: row?.staffId ? (names.get(row.staffId) ?? "Former staff member") : null,
        lines: lines.map((l) => ({
          id: l.id,
          title: l.title,
          variantTitle: l.variantTitle,
          quantity: l.returning,
          amount: Math.round((l.total * l.returning) / l.quantity),
        })),
        vat: vatByRate(lines, (l) => (l as (typeof lines)[number]).returning),
      };
    });
    return {
      order,
      shop,
      cashier: order.staffId ? (names.get(order.staffId) ?? "Former staff member") : null,
      vat: vatByRate(order.lines),
      refunds,
    };
  });
}
