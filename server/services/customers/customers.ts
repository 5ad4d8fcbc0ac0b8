import { inShop } from "../../db/client.server";
import type { Prisma } from "../../db/generated/client.ts";
import { fieldError, isUniqueViolation, notFound } from "../errors";
import type { CustomerInput } from "../../schemas/orders";

const PAGE = 50;

const row = {
  id: true,
  name: true,
  email: true,
  phone: true,
  marketingConsent: true,
  orderCount: true,
  totalSpent: true,
  lastOrderAt: true,
} satisfies Prisma.CustomerSelect;

/**
 * Text searched for as written: Prisma's `contains` is a LIKE, where `%`, `_`
 * and the backslash are wildcards or an escape; each is escaped with a
 * backslash (PostgreSQL's default LIKE escape), so "a_b" does not find "axb".
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The shop's customers by name, or those whose name, email or phone contains `q`. */
export function listCustomers(shopId: string, input: { q?: string; cursor?: string }) {
  return inShop(shopId, async (tx) => {
    const q = input.q ? likeLiteral(input.q) : undefined;
    const where: Prisma.CustomerWhereInput = q
      ? {
          OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q.toLowerCase() } }, { phone: { contains: q } }],
        }
      : {};
    const rows = await tx.customer.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      ...(input.cursor ? { cursor: { shopId_id: { shopId, id: input.cursor } }, skip: 1 } : {}),
      take: PAGE + 1,
      select: row,
    });
    const more = rows.length > PAGE;
    const items = rows.slice(0, PAGE);
    return { items, nextCursor: more ? items[items.length - 1]?.id : undefined };
  });
}

/** One customer with their notes and their last 50 orders. */
export function getCustomer(shopId: string, customerId: string) {
  return inShop(shopId, async (tx) => {
    const customer = await tx.customer.findFirst({
      where: { id: customerId },
      select: {
        ...row,
        notes: true,
        consentAt: true,
        createdAt: true,
        orders: {
          orderBy: { id: "desc" },
          take: PAGE,
          select: { id: true, number: true, channel: true, status: true, total: true, currency: true, createdAt: true },
        },
      },
    });
    if (!customer) throw notFound("Customer");
    return customer;
  });
}

function uniqueEmail(error: unknown): never {
  if (isUniqueViolation(error, "email")) throw fieldError("email", "Another customer of this shop has this email");
  throw error;
}

export async function createCustomer(shopId: string, input: CustomerInput) {
  try {
    return await inShop(shopId, (tx) =>
      tx.customer.create({
        data: { shopId, ...input, email: input.email ?? null, phone: input.phone ?? null, consentAt: input.marketingConsent ? new Date() : null },
        select: { id: true, name: true },
      }),
    );
  } catch (error) {
    uniqueEmail(error);
  }
}

/** Edits a customer; giving marketing consent stamps when, withdrawing it clears that. */
export async function updateCustomer(shopId: string, customerId: string, input: CustomerInput) {
  try {
    return await inShop(shopId, async (tx) => {
      const before = await tx.customer.findFirst({ where: { id: customerId }, select: { marketingConsent: true, consentAt: true } });
      if (!before) throw notFound("Customer");
      const consentAt = input.marketingConsent ? (before.marketingConsent ? before.consentAt : new Date()) : null;
      return tx.customer.update({
        where: { shopId_id: { shopId, id: customerId } },
        data: { ...input, email: input.email ?? null, phone: input.phone ?? null, consentAt },
        select: { id: true, name: true },
      });
    });
  } catch (error) {
    uniqueEmail(error);
  }
}
