-- Issue 18, till lines: a custom-amount line (no product: an item without a
-- barcode, rung up by description and price), a line's own discount, and a
-- cashier's note on a line.

-- A custom line has neither a variant nor a product; a catalog line has both.
ALTER TABLE "order_lines" ALTER COLUMN "variant_id" DROP NOT NULL;
ALTER TABLE "order_lines" ALTER COLUMN "product_id" DROP NOT NULL;
ALTER TABLE "order_lines" ADD CONSTRAINT order_lines_product_check CHECK ((variant_id IS NULL) = (product_id IS NULL));

-- The discount given on this line alone (its part of "discount", which also holds its share of the order's discount).
ALTER TABLE "order_lines" ADD COLUMN "line_discount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "order_lines" ADD CONSTRAINT order_lines_line_discount_check CHECK (line_discount >= 0 AND line_discount <= discount);

ALTER TABLE "order_lines" ADD COLUMN "note" TEXT NOT NULL DEFAULT '';

-- The daily rollup's product table is keyed by product: a custom amount (no product) counts in the day's sales, not among products.
CREATE OR REPLACE FUNCTION report_rollup_day(p_shop uuid, p_day date)
RETURNS TABLE (orders_before int, orders_after int, revenue_before bigint, revenue_after bigint, refunds_before bigint, refunds_after bigint)
LANGUAGE plpgsql SET search_path = public AS $$
#variable_conflict use_column
DECLARE
  tz text;
  t0 timestamptz;
  t1 timestamptz;
BEGIN
  SELECT s.timezone INTO tz FROM shops s WHERE s.id = p_shop;
  IF tz IS NULL THEN
    RAISE EXCEPTION 'report_rollup_day: no shop %', p_shop;
  END IF;
  t0 := p_day::timestamp AT TIME ZONE tz;
  t1 := (p_day + 1)::timestamp AT TIME ZONE tz;

  SELECT coalesce(sum(r.orders), 0)::int, coalesce(sum(r.revenue), 0)::bigint INTO orders_before, revenue_before
    FROM report_sales r WHERE r.shop_id = p_shop AND r.day = p_day;
  SELECT coalesce(sum(r.amount), 0)::bigint INTO refunds_before
    FROM report_refunds r WHERE r.shop_id = p_shop AND r.day = p_day;

  DELETE FROM report_sales r WHERE r.shop_id = p_shop AND r.day = p_day;
  DELETE FROM report_products r WHERE r.shop_id = p_shop AND r.day = p_day;
  DELETE FROM report_payments r WHERE r.shop_id = p_shop AND r.day = p_day;
  DELETE FROM report_refunds r WHERE r.shop_id = p_shop AND r.day = p_day;

  INSERT INTO report_sales (shop_id, day, hour, channel, location_id, staff_id, orders, revenue, items, discount, tax)
  SELECT p_shop, p_day, extract(hour FROM o.created_at AT TIME ZONE tz)::smallint,
         CASE WHEN o.channel = 'pos' THEN 'till' WHEN o.fulfilment = 'delivery' THEN 'delivery' ELSE 'pickup' END,
         o.location_id, o.staff_id, count(*), sum(o.total), coalesce(sum(li.items), 0), sum(o.discount), sum(o.tax)
  FROM orders o
  LEFT JOIN LATERAL (
    SELECT sum(l.quantity)::int AS items FROM order_lines l WHERE l.shop_id = o.shop_id AND l.order_id = o.id
  ) li ON true
  WHERE o.shop_id = p_shop AND o.created_at >= t0 AND o.created_at < t1
    AND o.status NOT IN ('pending_payment', 'cancelled')
  GROUP BY 3, 4, 5, 6;

  INSERT INTO report_products (shop_id, day, product_id, title, quantity, revenue)
  SELECT p_shop, p_day, l.product_id, (array_agg(l.title ORDER BY o.created_at DESC))[1], sum(l.quantity), sum(l.total)
  FROM orders o JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.id
  WHERE o.shop_id = p_shop AND o.created_at >= t0 AND o.created_at < t1
    AND o.status NOT IN ('pending_payment', 'cancelled') AND l.product_id IS NOT NULL
  GROUP BY l.product_id;

  INSERT INTO report_payments (shop_id, day, kind, location_id, payments, amount)
  SELECT p_shop, p_day, p.kind, p.location_id, count(*), sum(p.amount)
  FROM payments p WHERE p.shop_id = p_shop AND p.created_at >= t0 AND p.created_at < t1
  GROUP BY p.kind, p.location_id;

  INSERT INTO report_refunds (shop_id, day, kind, location_id, refunds, amount)
  SELECT p_shop, p_day, r.kind, r.location_id, count(*), sum(r.amount)
  FROM refunds r WHERE r.shop_id = p_shop AND r.created_at >= t0 AND r.created_at < t1 AND r.status <> 'failed'
  GROUP BY r.kind, r.location_id;

  SELECT coalesce(sum(r.orders), 0)::int, coalesce(sum(r.revenue), 0)::bigint INTO orders_after, revenue_after
    FROM report_sales r WHERE r.shop_id = p_shop AND r.day = p_day;
  SELECT coalesce(sum(r.amount), 0)::bigint INTO refunds_after
    FROM report_refunds r WHERE r.shop_id = p_shop AND r.day = p_day;
  RETURN NEXT;
END
$$;
