import { z } from "zod";
import { asUser, db } from "../../db/client.server";
import { parseRows } from "../../db/rows";
import { notFound } from "../errors";

/**
 * A customer's own side of the shops they use: favourite shops (a list on
 * their account, a heart on each shop page) and their marketing consent in
 * each shop that keeps a record of them. Rows are the user's by row-level
 * security (app.user_id), or through functions that only touch the
 * account's own records.
 */
async function shopBySlug(slug: string) {
  const shop = await db.shop.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, status: true } });
  if (!shop || shop.status !== "active") throw notFound("Shop");
  return shop;
}

export async function setFavourite(userId: string, shopSlug: string, on: boolean) {
  const shop = await shopBySlug(shopSlug);
  await asUser(userId, async (tx) => {
    if (on) {
      await tx.$executeRaw`INSERT INTO favourite_shops (user_id, shop_id) VALUES (${userId}::uuid, ${shop.id}::uuid) ON CONFLICT DO NOTHING`;
    } else {
      await tx.favouriteShop.deleteMany({ where: { userId, shopId: shop.id } });
    }
  });
  return { shop: shop.name, favourite: on };
}

/** The heart's state on a shop page: one indexed lookup, not the whole list. */
export async function isFavourite(userId: string, shopSlug: string) {
  return asUser(userId, async (tx) => (await tx.favouriteShop.count({ where: { userId, shop: { slug: shopSlug } } })) > 0);
}

/** Newest first, at most 200: a person's own list. */
export async function myFavourites(userId: string) {
  return asUser(userId, (tx) =>
    tx.favouriteShop.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { createdAt: true, shop: { select: { name: true, slug: true, city: true, status: true } } },
    }),
  ).then((rows) =>
    rows.filter((r) => r.shop.status === "active").map((r) => ({ name: r.shop.name, slug: r.shop.slug, city: r.shop.city, since: r.createdAt })),
  );
}

const ConsentRow = z.object({ shopName: z.string(), shopSlug: z.string(), consent: z.boolean(), consentAt: z.date().nullable() });

/** The shops that keep a customer record of this account, each with its marketing consent. */
export async function myMarketingConsents(userId: string) {
  return parseRows(
    ConsentRow,
    await db.$queryRaw`SELECT shop_name AS "shopName", shop_slug AS "shopSlug", consent, consent_at AS "consentAt" FROM my_marketing_consents(${userId}::uuid)`,
  );
}

export async function setMarketingConsent(userId: string, shopSlug: string, consent: boolean) {
  const shop = await db.shop.findUnique({ where: { slug: shopSlug }, select: { id: true, name: true } });
  if (!shop) throw notFound("Shop");
  const [row] = parseRows(
    z.object({ ok: z.boolean() }),
    await db.$queryRaw`SELECT set_my_marketing_consent(${userId}::uuid, ${shop.id}::uuid, ${consent}) AS ok`,
  );
  // No record of this person in that shop: nothing to consent to (and nothing said about whether another account has one).
  if (!row?.ok) throw notFound("Shop");
  return { shop: shop.name, consent };
}

/** The language the web app speaks to this account from now on, on every device (the switcher, signed in). */
export async function setLocale(userId: string, locale: "en" | "fr") {
  await db.user.update({ where: { id: userId }, data: { locale }, select: { id: true } });
  return { locale };
}
