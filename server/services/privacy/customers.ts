import { inShop } from "../../db/client.server";
import { recordAudit } from "../audit/record";
import { notFound } from "../errors";

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
 * Erases one customer's personal data in this shop: the record and the
 * contact details on its orders; the orders and their amounts stay for the
 * shop's accounts. The person's account (if any) is not touched.
 */
export function eraseCustomer(shopId: string, customerId: string) {
  return inShop(shopId, async (tx) => {
    const erased = await tx.customer.updateMany({
      where: { id: customerId },
      data: { name: "Erased customer", email: null, phone: null, notes: "", marketingConsent: false, consentAt: null, userId: null },
    });
    if (erased.count !== 1) throw notFound("Customer");
    const orders = await tx.order.updateMany({
      where: { customerId },
      data: { contactName: "Erased customer", contactEmail: null, contactPhone: null, deliveryAddress: null, note: "" },
    });
    await recordAudit(tx, shopId, { kind: "customer.erased", recordType: "customers", recordId: customerId, after: { orders_kept: orders.count } });
    return { ordersKept: orders.count };
  });
}
