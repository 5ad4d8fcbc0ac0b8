import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { baseDb, db, inShop } from "../../db/client.server";
import { createDefaultLocation } from "../inventory/locations";
import { hashPassword } from "../../auth/password";
import type { signUpSchema, signUpShopperSchema } from "../../schemas/auth";
import { defaultLanguage } from "../../schemas/shop";
import { recordEvent } from "../outbox/record";
import { fieldError, isUniqueViolation } from "../errors";
import type { ShopTx } from "../../db/tenancy";
import { parseRows } from "../../db/rows";
import { z as zod } from "zod";

export type SignUpInput = z.infer<typeof signUpSchema>;

/**
 * Creates the user, their first shop and their owner membership, and queues
 * the welcome email with the link that confirms the address. If the email is
 * already registered, it queues a note to that address instead: the caller
 * answers both cases with the same "check your inbox", so sign-up never tells
 * a stranger whether an email has an account.
 */
/** `locale`: the language of the page signed up on; the account keeps it (the switcher changes it). */
export async function signUp(input: SignUpInput, locale: "en" | "fr" | null = null): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  // The shop address first, whoever signs up: a taken address (public
  // anyway, at /s/<address>) is said for every email alike, so the answer
  // never depends on whether the email has an account.
  const slugTaken = await db.shop.findUnique({ where: { slug: input.shop.slug }, select: { id: true } });
  if (slugTaken) throw fieldError("shop.slug", "This shop address is taken; choose another");
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    await baseDb.$transaction((tx) => recordEvent(tx, { type: "account.exists", payload: { userId: existing.id } }));
    return;
  }

  const shopId = randomUUID();
  try {
    await inShop(shopId, async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, locale },
        select: { id: true },
      });
      await tx.shop.create({
        data: { id: shopId, ...input.shop, language: input.shop.language ?? defaultLanguage(input.shop.country) },
        select: { id: true },
      });
      await tx.membership.create({ data: { shopId, userId: user.id, role: "owner" }, select: { id: true } });
      await createDefaultLocation(tx, { id: shopId, ...input.shop });
      await recordEvent(tx, { type: "account.welcome", payload: { userId: user.id }, shopId });
      // Listed in "shops near me" from the start.
      await recordEvent(tx, { type: "shop.updated", payload: { shopId }, shopId });
    });
  } catch (error) {
    if (isUniqueViolation(error, "slug")) throw fieldError("shop.slug", "This shop address is taken; choose another");
    // Two sign-ups with one email at the same moment: the loser gets the
    // same answer as any repeat sign-up.
    if (isUniqueViolation(error, "email")) return;
    throw error;
  }
}

/**
 * A customer's account, with no shop: the same answers as `signUp` (a known
 * email gets a note instead, the caller says "check your inbox" either way).
 * Guest orders placed with this email join the account once the address is
 * confirmed (`claimGuestOrders`), never before.
 */
export async function signUpShopper(input: z.infer<typeof signUpShopperSchema>, locale: "en" | "fr" | null = null): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    await baseDb.$transaction((tx) => recordEvent(tx, { type: "account.exists", payload: { userId: existing.id } }));
    return;
  }
  try {
    await baseDb.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, locale }, select: { id: true } });
      await recordEvent(tx, { type: "account.welcome", payload: { userId: user.id } });
    });
  } catch (error) {
    if (isUniqueViolation(error, "email")) return;
    throw error;
  }
}

/**
 * Attaches the online orders placed as a guest with the account's confirmed
 * email, in every shop, and the shops' customer records of that email. Call
 * it in the transaction that proves the address (or at sign-in): the
 * database function does nothing for an unconfirmed account.
 */
const ClaimedRow = zod.object({ n: zod.number().int() });

export async function claimGuestOrders(tx: ShopTx, userId: string): Promise<number> {
  const [row] = parseRows(ClaimedRow, await tx.$queryRaw`SELECT claim_guest_orders(${userId}::uuid) AS n`);
  return row?.n ?? 0;
}
