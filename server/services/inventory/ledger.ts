import { z } from "zod";
import { parseRows } from "../../db/rows";
import { v7 as uuidv7 } from "uuid";
import { eventName, EVENTS } from "../outbox/events";
import { inShop } from "../../db/client.server";
import { currentRequest, isSaneRequestId } from "../../request-context";
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
  /**
   * A till sale the shop lets go below the recorded stock (the item is in
   * the customer's hand): never refused for want of stock, and the units
   * the level did not have are written on its ledger row (beyond_stock).
   */
  belowStock?: boolean;
};

export type Level = { onHand: number; reserved: number; available: number; lowStockThreshold: number | null; beyondStock: number };

const Target = z.object({ productId: z.string(), sku: z.string(), locationName: z.string() });
type Target = z.output<typeof Target>;
const LevelRow = z.object({ i: z.number(), onHand: z.number(), reserved: z.number(), lowStockThreshold: z.number().nullable(), beyondStock: z.number() });

async function target(tx: ShopTx, shopId: string, variantId: string, locationId: string): Promise<Target> {
  const [row] = parseRows(
    Target,
    await tx.$queryRaw`
    SELECT v.product_id AS "productId", v.sku, l.name AS "locationName"
    FROM variants v, locations l
    WHERE v.shop_id = ${shopId}::uuid AND v.id = ${variantId}::uuid
      AND l.shop_id = ${shopId}::uuid AND l.id = ${locationId}::uuid`,
  );
  if (!row) throw notFound("Variant or location");
  return row;
}

/**
 * The only way stock changes: each level and its movement row are written
 * by one statement, so a level is always the sum of its movements. See
 * applyMovements.
 */
export async function applyMovement(tx: ShopTx, shopId: string, m: Movement): Promise<Level> {
  const [level] = await applyMovements(tx, shopId, [m]);
  return level!;
}

/**
 * Several stock movements (at most one per variant and location) in two
 * statements whatever their number, all or none: a refused one throws, and
 * the caller's transaction rolls back the others.
 *
 * Locks are taken in one global order, so stock writers cannot deadlock
 * each other: first the products' rows in id order (each keeps the total
 * available across its variants and locations), then the levels in
 * variant and location order. The level UPDATE (or INSERT ... ON CONFLICT)
 * queues concurrent changes rather than letting them overwrite each other,
 * and its WHERE refuses any change that would leave less than nothing on
 * hand or reserve more than is there, with two exceptions: a till sale
 * marked belowStock goes through whatever the level (the units it lacked
 * are written on its row), and a change that takes nothing from what is
 * available (a receipt, a return, a release, a reservation sold) is not
 * refused for a level such a sale left below zero.
 */
export async function applyMovements(tx: ShopTx, shopId: string, movements: Movement[]): Promise<Level[]> {
  const keys = new Set(movements.map((m) => `${m.variantId}:${m.locationId}`));
  if (keys.size !== movements.length) throw new Error("applyMovements: one movement per variant and location");
  const rows = movements.map((m, i) => ({
    i,
    movement_id: uuidv7(),
    stock_event_id: uuidv7(),
    low_event_id: uuidv7(),
    variant_id: m.variantId,
    location_id: m.locationId,
    kind: m.kind,
    d_on: m.onHandDelta,
    d_res: m.reservedDelta ?? 0,
    reason: m.reason ?? null,
    reference: m.reference ?? null,
    user_id: m.userId ?? null,
    below: m.belowStock === true && m.kind === "sold" && m.onHandDelta < 0 && (m.reservedDelta ?? 0) === 0,
  }));
  const input = JSON.stringify(rows);
  const requestId = isSaneRequestId(currentRequest()?.requestId) ? currentRequest()?.requestId : null;
  // The products' totals, locked in id order (ORDER BY is applied before
  // FOR UPDATE), in the statement that finds each variant and location.
  const targets = parseRows(
    Target.extend({ i: z.number() }),
    await tx.$queryRaw`
    WITH m AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS m(i int, variant_id uuid, location_id uuid, d_on int, d_res int)
    ), wanted AS (
      SELECT m.i, m.d_on - m.d_res AS delta, v.product_id, v.sku, l.name AS location_name
      FROM m
      JOIN variants v ON v.shop_id = ${shopId}::uuid AND v.id = m.variant_id
      JOIN locations l ON l.shop_id = ${shopId}::uuid AND l.id = m.location_id
    ), locked AS (
      SELECT p.id FROM products p
      WHERE p.shop_id = ${shopId}::uuid AND p.id IN (SELECT product_id FROM wanted)
      ORDER BY p.id
      FOR UPDATE
    ), totals AS (
      UPDATE products p SET available = p.available + t.delta
      FROM (SELECT product_id, sum(delta)::int AS delta FROM wanted GROUP BY product_id) t
      WHERE p.shop_id = ${shopId}::uuid AND p.id = t.product_id AND p.id IN (SELECT id FROM locked)
    )
    SELECT i, product_id AS "productId", sku, location_name AS "locationName" FROM wanted ORDER BY i`,
  );
  if (targets.length !== movements.length) throw notFound("Variant or location");
  const productOf = targets.map((t) => t.productId);
  // The levels (each created at its first movement), their movements and
  // the events in one statement. Low stock is announced once, when
  // available falls to the threshold or below from above it; it re-arms
  // once stock rises above it again.
  const levels = parseRows(
    LevelRow,
    await tx.$queryRaw`
    WITH m AS (
      SELECT m.*, (${productOf}::uuid[])[m.i + 1] AS product_id
      FROM jsonb_to_recordset(${input}::jsonb) AS m(i int, movement_id uuid, stock_event_id uuid, low_event_id uuid, variant_id uuid, location_id uuid, kind "MovementKind",
                                                   d_on int, d_res int, reason text, reference text, user_id uuid, below boolean)
    ), level AS (
      INSERT INTO stock_levels AS s (shop_id, variant_id, location_id, on_hand, reserved)
      -- The proposed row passes the CHECKs even when it only leads to the
      -- update below (PostgreSQL checks it first); a new level must be valid
      -- on its own, an existing one is checked in the update.
      SELECT ${shopId}::uuid, m.variant_id, m.location_id, CASE WHEN m.below THEN m.d_on ELSE greatest(m.d_on, 0) END,
             least(greatest(m.d_res, 0), greatest(m.d_on, 0))
      FROM m
      WHERE (m.d_on >= 0 AND m.d_res BETWEEN 0 AND m.d_on) OR m.below
         OR EXISTS (SELECT 1 FROM stock_levels x WHERE x.shop_id = ${shopId}::uuid AND x.variant_id = m.variant_id AND x.location_id = m.location_id)
      ORDER BY m.variant_id, m.location_id
      ON CONFLICT (shop_id, variant_id, location_id) DO UPDATE
        SET on_hand = s.on_hand + (SELECT d_on FROM m WHERE m.variant_id = EXCLUDED.variant_id AND m.location_id = EXCLUDED.location_id),
            reserved = s.reserved + (SELECT d_res FROM m WHERE m.variant_id = EXCLUDED.variant_id AND m.location_id = EXCLUDED.location_id),
            updated_at = now()
        WHERE (SELECT below
                   OR (s.on_hand + d_on >= 0 AND s.reserved + d_res BETWEEN 0 AND s.on_hand + d_on)
                   OR (d_on >= d_res AND d_res <= 0 AND s.reserved + d_res >= 0)
               FROM m WHERE m.variant_id = EXCLUDED.variant_id AND m.location_id = EXCLUDED.location_id)
      RETURNING s.variant_id, s.location_id, s.on_hand, s.reserved, s.low_stock_threshold, s.on_hand - s.reserved AS available
    ), moved AS (
      -- The units this sale took that were not available before it.
      SELECT m.*, level.on_hand, level.reserved, level.low_stock_threshold, level.available,
             CASE WHEN m.below THEN least(-m.d_on, greatest(0, -level.available)) ELSE 0 END AS beyond
      FROM level JOIN m ON m.variant_id = level.variant_id AND m.location_id = level.location_id
    ), movement AS (
      INSERT INTO stock_movements (shop_id, id, variant_id, location_id, kind, on_hand_delta, reserved_delta, reason, reference, user_id, beyond_stock)
      SELECT ${shopId}::uuid, movement_id, variant_id, location_id, kind, d_on, d_res, reason, reference, user_id, beyond FROM moved
    ), events AS (
      INSERT INTO outbox (id, shop_id, queue, type, payload, request_id)
      SELECT stock_event_id, ${shopId}::uuid, ${EVENTS["stock.changed"].queue}, ${eventName("stock.changed")},
             jsonb_build_object('productId', product_id, 'variantId', variant_id, 'locationId', location_id, 'available', available), ${requestId}::text
      FROM moved
      UNION ALL
      SELECT low_event_id, ${shopId}::uuid, ${EVENTS["stock.low"].queue}, ${eventName("stock.low")},
             jsonb_build_object('variantId', variant_id, 'locationId', location_id, 'available', available, 'threshold', low_stock_threshold), ${requestId}::text
      FROM moved
      WHERE low_stock_threshold IS NOT NULL AND available - (d_on - d_res) > low_stock_threshold AND available <= low_stock_threshold
      RETURNING 1
    )
    SELECT i, on_hand AS "onHand", reserved, low_stock_threshold AS "lowStockThreshold", beyond AS "beyondStock",
           (SELECT count(*) FROM events)::int AS events, pg_notify('outbox', '')::text AS woke
    FROM moved ORDER BY i`,
  );
  if (levels.length !== movements.length) {
    const done = new Set(levels.map((l) => l.i));
    const refused = targets.find((t) => !done.has(t.i))!;
    const m = movements[refused.i]!;
    const [now] = parseRows(
      z.object({ onHand: z.number(), reserved: z.number() }),
      await tx.$queryRaw`
      SELECT on_hand AS "onHand", reserved FROM stock_levels
      WHERE shop_id = ${shopId}::uuid AND variant_id = ${m.variantId}::uuid AND location_id = ${m.locationId}::uuid`,
    );
    const available = (now?.onHand ?? 0) - (now?.reserved ?? 0);
    throw badRequest(`Not enough stock of ${refused.sku} at ${refused.locationName}: ${now?.onHand ?? 0} on hand, ${available} available`);
  }
  return levels.map((l) => ({
    onHand: l.onHand,
    reserved: l.reserved,
    lowStockThreshold: l.lowStockThreshold,
    available: l.onHand - l.reserved,
    beyondStock: l.beyondStock,
  }));
}

export type AdjustInput = { variantId: string; locationId: string; delta: number; reason: string };
export type ReceiveInput = { variantId: string; locationId: string; quantity: number; reason?: string };
export type TransferInput = { variantId: string; fromLocationId: string; toLocationId: string; quantity: number; reason?: string };

/** A count correction, damage, theft...: any signed change, with a reason. */
export function adjustStock(shopId: string, userId: string, input: AdjustInput) {
  if (input.delta === 0) throw badRequest("An adjustment of 0 changes nothing: enter a positive or negative quantity");
  return inShop(shopId, (tx) => applyMovement(tx, shopId, { ...input, kind: "adjusted", onHandDelta: input.delta, reason: input.reason, userId }));
}

/** Goods in from a supplier. */
export function receiveStock(shopId: string, userId: string, input: ReceiveInput) {
  return inShop(shopId, (tx) => applyMovement(tx, shopId, { ...input, kind: "received", onHandDelta: input.quantity, reason: input.reason ?? null, userId }));
}

/** Moves stock between two locations: both halves or neither. */
export function transferStock(shopId: string, userId: string, input: TransferInput) {
  if (input.fromLocationId === input.toLocationId) throw badRequest("Choose two different locations");
  const reference = `transfer:${uuidv7()}`;
  const base = { variantId: input.variantId, reason: input.reason ?? null, reference, userId };
  const out = { ...base, locationId: input.fromLocationId, kind: "transfer_out" as const, onHandDelta: -input.quantity };
  const into = { ...base, locationId: input.toLocationId, kind: "transfer_in" as const, onHandDelta: input.quantity };
  return inShop(shopId, async (tx) => {
    const [from, to] = await applyMovements(tx, shopId, [out, into]);
    return {
      reference,
      levels: [
        { locationId: out.locationId, ...from! },
        { locationId: into.locationId, ...to! },
      ],
    };
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
