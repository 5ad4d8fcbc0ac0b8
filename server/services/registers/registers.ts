import { z } from "zod";
import { parseRows } from "../../db/rows";
import { cookieValue } from "../../http/cookie-value";
import { v7 as uuidv7 } from "uuid";
import { baseDb, inShop } from "../../db/client.server";
import { hashToken, newToken } from "../../auth/tokens";
import { RECEIPT_BLOCK } from "../../schemas/registers";
import { fieldError, isUniqueViolation, notFound } from "../errors";
import type { ShopTx } from "../../db/tenancy";

export const REGISTER_COOKIE = "nearshop_register";

const registerSelect = {
  id: true,
  name: true,
  code: true,
  locationId: true,
  pairedAt: true,
  unpairedAt: true,
  createdAt: true,
  location: { select: { name: true } },
} as const;

export function listRegisters(shopId: string) {
  return inShop(shopId, (tx) => tx.register.findMany({ orderBy: { code: "asc" }, take: 200, select: registerSelect }));
}

/** A new register at one of the shop's locations; its code is the shop's next. */
export async function createRegister(shopId: string, input: { locationId: string; name: string }) {
  try {
    return await inShop(shopId, async (tx) => {
      const location = await tx.location.findFirst({ where: { id: input.locationId }, select: { id: true } });
      if (!location) throw notFound("Location");
      // One register created at a time per shop, so two cannot take one code.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`registers:${shopId}`}))`;
      const last = await tx.register.findFirst({ orderBy: { code: "desc" }, select: { code: true } });
      return tx.register.create({
        data: { shopId, id: uuidv7(), locationId: location.id, name: input.name, code: (last?.code ?? 0) + 1 },
        select: registerSelect,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw fieldError("name", "Name: another register already has this name");
    throw error;
  }
}

/**
 * Pairs the browser a manager is using to a register: a new token (the
 * browser keeps it in an HttpOnly cookie, we keep its hash), which ends
 * any earlier pairing of that register. Unpaired sales of the old device
 * still arrive and are held (sync.ts).
 */
export function pairRegister(shopId: string, registerId: string) {
  return inShop(shopId, async (tx) => {
    const { token, tokenHash } = newToken();
    const done = await tx.register.updateMany({ where: { id: registerId }, data: { tokenHash, pairedAt: new Date(), unpairedAt: null } });
    if (!done.count) throw notFound("Register");
    return { token };
  });
}

/**
 * A lost or stolen register: its token stops opening the till, and what it
 * sends from now on is held for a manager (its hash is kept to recognise it).
 */
export function unpairRegister(shopId: string, registerId: string) {
  return inShop(shopId, async (tx) => {
    const done = await tx.register.updateMany({ where: { id: registerId, unpairedAt: null }, data: { unpairedAt: new Date() } });
    if (!done.count) {
      const exists = await tx.register.findFirst({ where: { id: registerId }, select: { id: true } });
      if (!exists) throw notFound("Register");
    }
    return { unpaired: true };
  });
}

export type PairedRegister = { shopId: string; registerId: string; unpaired: boolean };

/** The register a token names, or null; any shop (the token says which). */
export async function registerByToken(token: string | null | undefined): Promise<PairedRegister | null> {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = parseRows(
    z.object({ shop_id: z.string(), register_id: z.string(), unpaired: z.boolean() }),
    await baseDb.$queryRaw`
    SELECT shop_id, register_id, unpaired FROM register_by_token(${hashToken(token)})`,
  );
  return row ? { shopId: row.shop_id, registerId: row.register_id, unpaired: row.unpaired } : null;
}

/** The cookie that keeps a register's token in the paired browser (never readable by its scripts). */
export function registerCookie(token: string | null, secure: boolean) {
  const value = token ? encodeURIComponent(token) : "";
  const age = token ? 400 * 24 * 3600 : 0;
  return `${REGISTER_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${age}${secure ? "; Secure" : ""}`;
}

/** The register token from a Cookie header; a malformed one counts as none. */
export function registerTokenOf(header: string): string | null {
  return cookieValue(header, REGISTER_COOKIE, /^[A-Za-z0-9_-]{20,100}$/);
}

/** The register with its shop's till settings, as the paired till needs them. */
export async function registerState(tx: ShopTx, registerId: string) {
  const register = await tx.register.findFirst({
    where: { id: registerId },
    select: {
      id: true,
      name: true,
      code: true,
      locationId: true,
      unpairedAt: true,
      location: { select: { name: true } },
      shop: {
        select: {
          id: true,
          slug: true,
          name: true,
          currency: true,
          timezone: true,
          taxInclusive: true,
          taxStandard: true,
          taxReduced: true,
          discountLimit: true,
          tillSellsBelowStock: true,
          offlineHours: true,
        },
      },
    },
  });
  if (!register) throw notFound("Register");
  return register;
}

/**
 * The next block of receipt numbers for the register: numbers the browser
 * hands out itself, online or off, so two registers (or a re-paired one)
 * never print the same number. Blocks are taken under the register row's
 * lock, so two tabs asking at once get two different blocks.
 */
export async function allocateBlock(tx: ShopTx, shopId: string, registerId: string) {
  const [row] = parseRows(
    z.object({ start: z.number() }),
    await tx.$queryRaw`
    UPDATE registers SET next_receipt = next_receipt + ${RECEIPT_BLOCK}
    WHERE shop_id = ${shopId}::uuid AND id = ${registerId}::uuid
    RETURNING next_receipt - ${RECEIPT_BLOCK} AS start`,
  );
  if (!row) throw notFound("Register");
  return { start: row.start, end: row.start + RECEIPT_BLOCK };
}

/** "2-000017": the register's code, then its own number. */
export function receiptLabel(code: number, receipt: number) {
  return `${code}-${String(receipt).padStart(6, "0")}`;
}

/** How long the shop's registers may sell without reaching the server. */
export async function setOfflineHours(shopId: string, offlineHours: number) {
  return inShop(shopId, (tx) => tx.shop.update({ where: { id: shopId }, data: { offlineHours }, select: { offlineHours: true } }));
}

export function offlineHours(shopId: string) {
  return inShop(shopId, (tx) => tx.shop.findFirstOrThrow({ where: { id: shopId }, select: { offlineHours: true } }));
}
