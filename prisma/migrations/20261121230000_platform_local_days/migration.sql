-- The platform report's "last N days" are each shop's own last N days, in
-- its timezone, as its rollups are: a shop east of UTC whose day has
-- already turned counts today's sales too.
DROP FUNCTION platform_sales(date, date);
CREATE FUNCTION platform_sales(p_days int, p_now timestamptz)
  RETURNS TABLE (shop_id uuid, orders bigint, revenue bigint, items bigint, refunds bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ WITH w AS (SELECT id, (p_now AT TIME ZONE timezone)::date AS today FROM shops)
        SELECT w.id, coalesce(s.orders, 0), coalesce(s.revenue, 0), coalesce(s.items, 0), coalesce(r.amount, 0)
        FROM w
        LEFT JOIN LATERAL (SELECT sum(orders)::bigint AS orders, sum(revenue)::bigint AS revenue, sum(items)::bigint AS items
                           FROM report_sales rs WHERE rs.shop_id = w.id AND rs.day BETWEEN w.today - (p_days - 1) AND w.today) s ON true
        LEFT JOIN LATERAL (SELECT sum(amount)::bigint AS amount
                           FROM report_refunds rr WHERE rr.shop_id = w.id AND rr.day BETWEEN w.today - (p_days - 1) AND w.today) r ON true
        WHERE s.orders IS NOT NULL OR r.amount IS NOT NULL $$;
REVOKE ALL ON FUNCTION platform_sales(int, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_sales(int, timestamptz) TO nearshop_app;
