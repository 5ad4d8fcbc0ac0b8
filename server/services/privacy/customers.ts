import { z } from "zod";
import { inShop } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { recordAudit } from "../audit/record";
import { notFound } from "../errors";
import { erasedTraces, eraseOutsideDatabase } from "./outside";

/** One customer record of the shop, with its orders there, as a JSON document (a request under data-protection law). */
export function exportCustomer(shopId: string, customerId: string) {
  return inShop(shopId, async (tx) => {
    const customer = await tx.customer.findFirst({
      where: { id: customerId },
      select: {
        id: true,
        name: true,
        email: true,
        phone: true,
        notes: true,
        marketingConsent: true,
        consentAt: true,
        orderCount: true,
        totalSpent: true,
        createdAt: true,
      },
    });
    if (!customer) throw notFound("Customer");
    const orders = await tx.order.findMany({
      where: { customerId },
      orderBy: { createdAt: "asc" },
      take: 10_000,
      select: {
        number: true,
        createdAt: true,
        status: true,
        currency: true,
        total: true,
        paid: true,
        refunded: true,
        contactName: true,
        contactEmail: true,
        contactPhone: true,
        deliveryAddress: true,
        note: true,
        lines: { select: { title: true, variantTitle: true, quantity: true, unitPrice: true, total: true }, orderBy: { position: "asc" } },
      },
    });
    await recordAudit(tx, shopId, { kind: "customer.exported", recordType: "customers", recordId: customerId });
    return { exportedAt: new Date().toISOString(), customer, orders };
  });
}

/**
 * Erases one customer's personal data in this shop: the record, the contact
 * details on its orders and every copy in this shop (order history, staff
 * notices, emails and their files, queued jobs, the audit log's values:
 * erase_shop_customer in the migrations); the orders and their amounts stay
 * for the shop's accounts. The person's account (if any) is not touched.
 */
export async function eraseCustomer(shopId: string, customerId: string) {
  const erased = await inShop(shopId, async (tx) => {
    const [row] = parseRows(
      z.object({ r: erasedTraces.extend({ orders: z.number() }).nullable() }),
      await tx.$queryRaw`SELECT erase_shop_customer(${customerId}::uuid) AS r`,
    );
    if (!row?.r) throw notFound("Customer");
    await recordAudit(tx, shopId, { kind: "customer.erased", recordType: "customers", recordId: customerId, after: { orders_kept: row.r.orders } });
    return row.r;
  });
  await eraseOutsideDatabase(erased, { shopId });
  return { ordersKept: erased.orders };
}
