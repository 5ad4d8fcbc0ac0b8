import { v7 as uuidv7 } from "uuid";
import { inShop } from "../../db/client.server";
import type { ShopTx } from "../../db/tenancy";
import type { MovementKind } from "../../db/generated/client.ts";
import { badRequest, notFound } from "../errors";

export type Movement = {
  variantId: string;
  locationId: string;
  kind: MovementKind;
  onHandDelta: number;
  reservedDelta?: number;
  reason?: string | null;
  reference?: string | null;
  userId?: string | null;
};

export type Level = { onHand: number; reserved: number; available: number; lowStockThreshold: number | null };

type Target = { productId: string; sku: string; locationName: string };

async function target(tx: ShopTx, shopId: string, variantId: string, locationId: string): Promise<Target> {
  const [row] = await tx.$queryRaw<Target[]>`
    SELECT v.product_id AS "productId", v.sku, l.name AS "locationName"
    FROM variants v, locations l
    WHERE v.shop_id = ${shopId}::uuid AND v.id = ${variantId}::uuid
      AND l.shop_id = ${shopId}::uuid AND l.id = ${locationId}::uuid`;
  if (!row) throw notFound("Variant or location");
  return row;
}

/**
 * The only way stock changes: the level and its movement row are written
 * by one statement, so the level is always the sum of its movements. The
 * UPDATE locks the level's row, so concurrent changes queue up rather than
 * overwrite each other, and its WHERE refuses any change that would leave
 * less than nothing on hand or reserve more than is there.
 */
export async function applyMovement(tx: ShopTx, shopId: string, m: Movement): Promise<Level> {
  const dOn = m.onHandDelta;
  const dRes = m.reservedDelta ?? 0;
  // The product's total first, in the same statement that finds the variant
  // and location: every stock writer locks the product row before level
  // rows, so they cannot deadlock each other.
  const [t] = await tx.$queryRaw<Target[]>`
    UPDATE products p SET available = p.available + ${dOn - dRes}::int
    FROM variants v, locations l
    WHERE v.shop_id = ${shopId}::uuid AND v.id = ${m.variantId}::uuid
      AND l.shop_id = ${shopId}::uuid AND l.id = ${m.locationId}::uuid
      AND p.shop_id = v.shop_id AND p.id = v.product_id
    RETURNING p.id AS "productId", v.sku, l.name AS "locationName"`;
  if (!t) throw notFound("Variant or location");
  // The level (created at its first movement), its movement and the events
  // in one statement: a refused movement writes nothing. Low stock is
  // announced once, when available falls to the threshold or below from
  // above it; it re-arms once stock rises above it again.
  const [level] = await tx.$queryRaw<{ onHand: number; reserved: number; lowStockThreshold: number | null }[]>`
    WITH level AS (
      INSERT INTO stock_levels AS s (shop_id, variant_id, location_id, on_hand, reserved)
      -- The proposed row passes the CHECKs even when it only leads to the
      -- update below (PostgreSQL checks it first); a new level must be valid
      -- on its own, an existing one is checked in the update.
      SELECT ${shopId}::uuid, ${m.variantId}::uuid, ${m.locationId}::uuid, greatest(${dOn}::int, 0), least(greatest(${dRes}::int, 0), greatest(${dOn}::int, 0))
      WHERE (${dOn}::int >= 0 AND ${dRes}::int BETWEEN 0 AND ${dOn}::int)
         OR EXISTS (SELECT 1 FROM stock_levels x WHERE x.shop_id = ${shopId}::uuid AND x.variant_id = ${m.variantId}::uuid AND x.location_id = ${m.locationId}::uuid)
      ON CONFLICT (shop_id, variant_id, location_id) DO UPDATE
        SET on_hand = s.on_hand + ${dOn}::int, reserved = s.reserved + ${dRes}::int, updated_at = now()
        WHERE s.on_hand + ${dOn}::int >= 0 AND s.reserved + ${dRes}::int BETWEEN 0 AND s.on_hand + ${dOn}::int
      RETURNING s.on_hand, s.reserved, s.low_stock_threshold, s.on_hand - s.reserved AS available
    ), movement AS (
      INSERT INTO stock_movements (shop_id, id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, user_id)
      SELECT ${shopId}::uuid, ${uuidv7()}::uuid, ${m.variantId}::uuid, ${m.locationId}::uuid, ${m.kind}::"MovementKind",
             ${dOn}::int, ${dRes}::int, ${m.reason ?? null}, ${m.reference ?? null}, ${m.userId ?? null}::uuid
      FROM level
    ), events AS (
      INSERT INTO outbox (id, shop_id, queue, type, payload)
      SELECT ${uuidv7()}::uuid, ${shopId}::uuid, 'search-index', 'stock.changed',
             jsonb_build_object('productId', ${t.productId}::uuid, 'variantId', ${m.variantId}::uuid, 'locationId', ${m.locationId}::uuid, 'available', available)
      FROM level
      UNION ALL
      SELECT ${uuidv7()}::uuid, ${shopId}::uuid, 'notifications', 'low-stock',
             jsonb_build_object('variantId', ${m.variantId}::uuid, 'locationId', ${m.locationId}::uuid, 'available', available, 'threshold', low_stock_threshold)
      FROM level
      WHERE low_stock_threshold IS NOT NULL AND available - ${dOn - dRes}::int > low_stock_threshold AND available <= low_stock_threshold
      RETURNING 1
    )
    SELECT on_hand AS "onHand", reserved, low_stock_threshold AS "lowStockThreshold", pg_notify('outbox', '')::text AS woke,
           (SELECT count(*) FROM events)::int AS events
    FROM level`;
  if (!level) {
    const [now] = await tx.$queryRaw<{ onHand: number; reserved: number }[]>`
      SELECT on_hand AS "onHand", reserved FROM stock_levels
      WHERE shop_id = ${shopId}::uuid AND variant_id = ${m.variantId}::uuid AND location_id = ${m.locationId}::uuid`;
    const available = (now?.onHand ?? 0) - (now?.reserved ?? 0);
    throw badRequest(
      `Not enough stock of ${t.sku} at ${t.locationName}: ${now?.onHand ?? 0} on hand, ${available} available`,
    );
  }
  const available = level.onHand - level.reserved;
  return { onHand: level.onHand, reserved: level.reserved, lowStockThreshold: level.lowStockThreshold, available };
}

export type AdjustInput = { variantId: string; locationId: string; delta: number; reason: string };
export type ReceiveInput = { variantId: string; locationId: string; quantity: number; reason?: string };
export type TransferInput = { variantId: string; fromLocationId: string; toLocationId: string; quantity: number; reason?: string };

/** A count correction, damage, theft...: any signed change, with a reason. */
export function adjustStock(shopId: string, userId: string, input: AdjustInput) {
  if (input.delta === 0) throw badRequest("An adjustment of 0 changes nothing: enter a positive or negative quantity");
  return inShop(shopId, (tx) =>
    applyMovement(tx, shopId, { ...input, kind: "adjusted", onHandDelta: input.delta, reason: input.reason, userId }),
  );
}

/** Goods in from a supplier. */
export function receiveStock(shopId: string, userId: string, input: ReceiveInput) {
  return inShop(shopId, (tx) =>
    applyMovement(tx, shopId, { ...input, kind: "received", onHandDelta: input.quantity, reason: input.reason ?? null, userId }),
  );
}

/** Moves stock between two locations: both halves or neither. */
export function transferStock(shopId: string, userId: string, input: TransferInput) {
  if (input.fromLocationId === input.toLocationId) throw badRequest("Choose two different locations");
  const reference = `transfer:${uuidv7()}`;
  const base = { variantId: input.variantId, reason: input.reason ?? null, reference, userId };
  const out = { ...base, locationId: input.fromLocationId, kind: "transfer_out" as const, onHandDelta: -input.quantity };
  const into = { ...base, locationId: input.toLocationId, kind: "transfer_in" as const, onHandDelta: input.quantity };
  // Lock the two levels in one global order, so two opposite transfers
  // cannot deadlock each other.
  const ordered = input.fromLocationId < input.toLocationId ? [out, into] : [into, out];
  return inShop(shopId, async (tx) => {
    const levels = [];
    for (const m of ordered) levels.push({ locationId: m.locationId, ...(await applyMovement(tx, shopId, m)) });
    return { reference, levels };
  });
}

/** The low-stock threshold of one variant at one location (null: no alert). */
export function setThreshold(shopId: string, input: { variantId: string; locationId: string; threshold: number | null }) {
  return inShop(shopId, async (tx) => {
    await target(tx, shopId, input.variantId, input.locationId);
    await tx.$executeRaw`
      INSERT INTO stock_levels (shop_id, variant_id, location_id, low_stock_threshold)
      VALUES (${shopId}::uuid, ${input.variantId}::uuid, ${input.locationId}::uuid, ${input.threshold}::int)
      ON CONFLICT (shop_id, variant_id, location_id) DO UPDATE SET low_stock_threshold = EXCLUDED.low_stock_threshold`;
    return { threshold: input.threshold };
  });
}
