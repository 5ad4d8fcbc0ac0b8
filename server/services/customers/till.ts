import { inShop } from "../../db/client.server";
import type { Prisma } from "../../db/generated/client.ts";
import type { TillCustomerCreate } from "../../schemas/till";
import { isUniqueViolation } from "../errors";

/** What a till shows of a customer: enough to pick the right one at the counter. */
const tillRow = { id: true, name: true, email: true, phone: true } satisfies Prisma.CustomerSelect;
export type TillCustomer = Prisma.CustomerGetPayload<{ select: typeof tillRow }>;

/** The index that keeps one customer per email in a shop (prisma/migrations/20261121160000_selling). */
const ONE_PER_EMAIL = "customers_shop_id_email_key";

/** Up to 10 of the shop's customers whose name, email or phone contains `q` (none typed: the first by name). */
export function tillCustomers(shopId: string, q: string | undefined): Promise<TillCustomer[]> {
  // Prisma's `contains` passes LIKE's wildcards through: "_" would match everyone.
  const text = q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  return inShop(shopId, (tx) =>
    tx.customer.findMany({
      where: text
        ? { OR: [{ name: { contains: text, mode: "insensitive" } }, { email: { contains: text.toLowerCase() } }, { phone: { contains: text } }] }
        : {},
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 10,
      select: tillRow,
    }),
  );
}

/**
 * A customer added at the counter. The same email twice is the same person:
 * the shop's record with that email is attached instead (a second cashier,
 * or the customer given twice in a busy minute), read after the unique
 * index refuses the insert, so a race between two tills ends the same way.
 */
export async function addTillCustomer(shopId: string, input: TillCustomerCreate): Promise<TillCustomer & { existing: boolean }> {
  try {
    const made = await inShop(shopId, (tx) =>
      tx.customer.create({ data: { shopId, name: input.name, email: input.email ?? null, phone: input.phone ?? null }, select: tillRow }),
    );
    return { ...made, existing: false };
  } catch (error) {
    if (!input.email || !isUniqueViolation(error, ONE_PER_EMAIL)) throw error;
    const found = await inShop(shopId, (tx) => tx.customer.findFirst({ where: { email: input.email }, select: tillRow }));
    if (!found) throw error;
    return { ...found, existing: true };
  }
}
