import { db } from "../../db/client.server";
import { notFound } from "../errors";

const PAGE = 50;

/** All shops, newest first, for platform admins; keyset-paginated. */
export async function listShopsForAdmin(input: { q?: string; cursor?: string }) {
  const rows = await db.shop.findMany({
    where: input.q ? { OR: [{ name: { contains: input.q, mode: "insensitive" } }, { slug: { contains: input.q.toLowerCase() } }] } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: { id: true, name: true, slug: true, city: true, country: true, status: true, currency: true, timezone: true, createdAt: true },
  });
  return { shops: rows.slice(0, PAGE), nextCursor: rows.length > PAGE ? rows[PAGE - 1]?.id : undefined };
}

/** One shop for a platform admin's forms (its commission plan is set in its own currency). */
export async function shopForAdmin(shopId: string) {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true, name: true, slug: true, currency: true, timezone: true } });
  if (!shop) throw notFound("Shop");
  return shop;
}
