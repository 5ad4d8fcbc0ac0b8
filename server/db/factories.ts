import { randomUUID } from "node:crypto";
import { baseDb, inShop } from "./client.server";
import { createDefaultLocation } from "../services/inventory/locations";
import { setShopSql } from "./tenancy";
import { hashPassword } from "../auth/password";
import type { Role } from "./generated/client.ts";
import { defaultLanguage, type ShopDetails } from "../schemas/shop";
import type { ProductInput } from "../schemas/catalog";

// Valid records in one call, with sensible defaults; used by the seed and
// the tests. They write through the app role, so RLS applies here too.

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function createUser(over: { email?: string; name?: string; password?: string; verified?: boolean; platformAdmin?: boolean } = {}) {
  const password = over.password ?? "correct horse battery";
  return baseDb.user.create({
    data: {
      email: (over.email ?? `user-${unique()}@example.test`).toLowerCase(),
      name: over.name ?? "Test User",
      passwordHash: await hashPassword(password),
      emailVerifiedAt: over.verified === false ? null : new Date(),
      isPlatformAdmin: over.platformAdmin ?? false,
    },
    select: { id: true, email: true, name: true, isPlatformAdmin: true },
  });
}

export function shopDetails(over: Partial<ShopDetails> = {}): ShopDetails {
  return {
    name: "Corner Shop",
    slug: `shop-${unique()}`,
    currency: "EUR",
    timezone: "Europe/Paris",
    addressLine1: "1 Rue de la Paix",
    city: "Paris",
    postalCode: "75002",
    country: "FR",
    latitude: 48.8686,
    longitude: 2.3314,
    ...over,
  };
}

export async function addMember(shopId: string, userId: string, role: Role) {
  const [, membership] = await baseDb.$transaction([
    baseDb.$executeRaw(setShopSql(shopId)),
    baseDb.membership.create({ data: { shopId, userId, role }, select: { id: true, role: true } }),
  ]);
  return membership;
}

/** A shop with its owner (and any extra staff by role). */
export async function createShop(over: Partial<ShopDetails> & { owner?: { id: string } } = {}) {
  const { owner: givenOwner, ...details } = over;
  const owner = givenOwner ?? (await createUser({ name: "Owner" }));
  const full = shopDetails(details);
  const shop = await baseDb.shop.create({
    data: { id: randomUUID(), ...full, language: full.language ?? defaultLanguage(full.country) },
    select: { id: true, slug: true, name: true },
  });
  await addMember(shop.id, owner.id, "owner");
  const location = await inShop(shop.id, (tx) => createDefaultLocation(tx, { id: shop.id, ...full }));
  return { ...shop, ownerId: owner.id, locationId: location.id };
}

/** A valid product input: one default variant unless options are given. */
export function productInput(over: Partial<ProductInput> = {}): ProductInput {
  const u = unique().toUpperCase();
  return {
    title: `Test product ${u}`,
    description: "",
    status: "active",
    tags: [],
    attributes: {},
    options: [],
    variants: [{ optionValues: [], sku: `SKU-${u}`, price: 250, taxClass: "standard" }],
    ...over,
  };
}

/** A shop's Stripe account as if onboarding were done (tests): card payments on. */
export async function connectShopAccount(shopId: string, accountId: string) {
  await inShop(shopId, (tx) =>
    tx.shopStripeAccount.create({ data: { shopId, accountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true }, select: { shopId: true } }),
  );
}
