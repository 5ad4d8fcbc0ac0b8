// Past sales generated in SQL: the demo seed gives its shops a few weeks of
// history for the reports dashboard, and the reports benchmark two years
// for 200 shops.

/** Runs one statement with positional parameters (pg or Prisma). */
export type Run = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Orders for the given shops, `perShop` each, spread evenly over the
 * `days` local days before today, between 08:00 and 20:00 local time: 70 %
 * at the till (cash or card terminal, two locations), 20 % online pickup and
 * 10 % delivery paid online; 1 in 50 cancelled and 1 in 50 refunded in full
 * two hours later. One or two lines each, priced from the shop's variants,
 * with the payment, the refund and an order event each. No stock moves:
 * this is history for reports, not a replay of the stock ledger. Run as the
 * database owner (no RLS); order numbers start at 1, so for shops without
 * orders only.
 */
export async function generateSales(run: Run, shopIds: string[], perShop: number, days: number) {
  await run(
    `WITH info AS (
       SELECT s.id AS shop_id, s.timezone, s.currency, (now() AT TIME ZONE s.timezone)::date AS today,
              (SELECT array_agg(l.id ORDER BY l.position) FROM locations l WHERE l.shop_id = s.id) AS locs,
              own.user_id AS staff, own.name AS staff_name,
              pv.pids, pv.vids, pv.titles, pv.skus, pv.prices
       FROM shops s
       CROSS JOIN LATERAL (
         SELECT m.user_id, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.shop_id = s.id AND m.role = 'owner' LIMIT 1) own
       CROSS JOIN LATERAL (
         SELECT array_agg(p.id ORDER BY p.handle) AS pids, array_agg(v.id ORDER BY p.handle) AS vids, array_agg(p.title ORDER BY p.handle) AS titles,
                array_agg(v.sku ORDER BY p.handle) AS skus, array_agg(v.price ORDER BY p.handle) AS prices
         FROM products p JOIN variants v ON v.shop_id = p.shop_id AND v.product_id = p.id WHERE p.shop_id = s.id AND p.status = 'active') pv
       WHERE s.id = ANY($1::uuid[])),
     src AS (
       SELECT i.*, g, gen_random_uuid() AS id,
              ((i.today - $3::int + (g % $3::int))::timestamp + make_interval(mins => 480 + (g * 37) % 720)) AT TIME ZONE i.timezone AS at,
              1 + g % array_length(i.pids, 1) AS a, 1 + (g % array_length(i.pids, 1) + 1 + g % 7) % array_length(i.pids, 1) AS b,
              1 + g % 3 AS qa, 1 + (g / 3) % 2 AS qb, g % 2 = 0 AS two,
              CASE WHEN g % 10 < 7 THEN 'pos' ELSE 'online' END AS channel,
              CASE WHEN g % 10 < 7 THEN 'in_store' WHEN g % 10 < 9 THEN 'pickup' ELSE 'delivery' END AS fulfilment,
              CASE WHEN g % 50 = 1 THEN 'cancelled' WHEN g % 50 = 2 THEN 'refunded' ELSE 'completed' END AS status,
              CASE WHEN g % 10 >= 7 THEN 'stripe' WHEN g % 3 = 0 THEN 'cash' ELSE 'card_terminal' END AS tender,
              CASE WHEN g % 10 < 7 AND g % 4 = 3 THEN i.locs[2] ELSE i.locs[1] END AS location_id
       FROM info i, generate_series(0, $2::int - 1) g),
     priced AS (
       SELECT src.*, prices[a] * qa + CASE WHEN two THEN prices[b] * qb ELSE 0 END AS total FROM src),
     o AS (
       INSERT INTO orders (shop_id, id, number, channel, fulfilment, status, payment_method, location_id, staff_id, currency, tax_inclusive,
                           subtotal, tax, total, paid, refunded, contact_name, created_at, updated_at, completed_at)
       SELECT shop_id, id, g + 1, channel::"OrderChannel", fulfilment::"Fulfilment", status::"OrderStatus",
              (CASE WHEN channel = 'pos' THEN 'in_store' ELSE 'card_online' END)::"PaymentMethod", location_id,
              CASE WHEN channel = 'pos' THEN staff END, currency, true, total, round(total / 6.0)::int, total,
              CASE WHEN status = 'cancelled' THEN 0 ELSE total END, CASE WHEN status = 'refunded' THEN total ELSE 0 END,
              CASE WHEN channel = 'pos' THEN 'Walk-in customer' ELSE 'Online customer ' || (g % 97) END, at, at, at
       FROM priced RETURNING shop_id, id),
     l AS (
       INSERT INTO order_lines (shop_id, id, order_id, position, variant_id, product_id, title, sku, quantity, unit_price, tax_rate, tax, total)
       SELECT shop_id, gen_random_uuid(), id, 0, vids[a], pids[a], titles[a], skus[a], qa, prices[a], 2000, round(prices[a] * qa / 6.0)::int, prices[a] * qa FROM priced
       UNION ALL
       SELECT shop_id, gen_random_uuid(), id, 1, vids[b], pids[b], titles[b], skus[b], qb, prices[b], 2000, round(prices[b] * qb / 6.0)::int, prices[b] * qb FROM priced WHERE two
       RETURNING 1),
     p AS (
       INSERT INTO payments (shop_id, id, order_id, kind, amount, location_id, staff_id, created_at)
       SELECT shop_id, gen_random_uuid(), id, tender::"TenderKind", total, location_id, CASE WHEN channel = 'pos' THEN staff END, at
       FROM priced WHERE status <> 'cancelled' RETURNING 1),
     r AS (
       INSERT INTO refunds (shop_id, id, order_id, kind, amount, location_id, staff_id, created_at)
       SELECT shop_id, gen_random_uuid(), id, tender::"TenderKind", total, location_id, staff, at + interval '2 hours'
       FROM priced WHERE status = 'refunded' RETURNING 1),
     e AS (
       INSERT INTO order_events (shop_id, id, order_id, to_status, actor_id, actor, created_at)
       SELECT shop_id, gen_random_uuid(), id, status::"OrderStatus", CASE WHEN channel = 'pos' THEN staff END, CASE WHEN channel = 'pos' THEN staff_name ELSE 'Online customer (guest)' END,
              CASE WHEN status = 'refunded' THEN at + interval '2 hours' ELSE at END
       FROM priced RETURNING 1)
     SELECT (SELECT count(*) FROM o) + (SELECT count(*) FROM l) + (SELECT count(*) FROM p) + (SELECT count(*) FROM r) + (SELECT count(*) FROM e) AS n`,
    [shopIds, perShop, days],
  );
  await run(
    `INSERT INTO shop_sequences (shop_id, name, value) SELECT id, 'order', $2 FROM unnest($1::uuid[]) id
     ON CONFLICT (shop_id, name) DO UPDATE SET value = EXCLUDED.value`,
    [shopIds, perShop],
  );
}
