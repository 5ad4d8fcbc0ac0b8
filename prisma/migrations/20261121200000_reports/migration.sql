-- CreateTable
CREATE TABLE "report_sales" (
    "shop_id" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "hour" SMALLINT NOT NULL,
    "channel" TEXT NOT NULL,
    "location_id" UUID NOT NULL,
    "staff_id" UUID,
    "orders" INTEGER NOT NULL,
    "revenue" BIGINT NOT NULL,
    "items" INTEGER NOT NULL,
    "discount" BIGINT NOT NULL,
    "tax" BIGINT NOT NULL,

    CONSTRAINT "report_sales_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "report_payments" (
    "shop_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" "TenderKind" NOT NULL,
    "location_id" UUID NOT NULL,
    "payments" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "report_payments_pkey" PRIMARY KEY ("shop_id","day","kind","location_id")
);

-- CreateTable
CREATE TABLE "report_refunds" (
    "shop_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "kind" "TenderKind" NOT NULL,
    "location_id" UUID NOT NULL,
    "refunds" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "report_refunds_pkey" PRIMARY KEY ("shop_id","day","kind","location_id")
);

-- CreateTable
CREATE TABLE "report_products" (
    "shop_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "product_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "revenue" BIGINT NOT NULL,

    CONSTRAINT "report_products_pkey" PRIMARY KEY ("shop_id","day","product_id")
);

-- CreateTable
CREATE TABLE "report_closings" (
    "shop_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "closed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "orders_before" INTEGER NOT NULL,
    "orders_after" INTEGER NOT NULL,
    "revenue_before" BIGINT NOT NULL,
    "revenue_after" BIGINT NOT NULL,
    "refunds_before" BIGINT NOT NULL,
    "refunds_after" BIGINT NOT NULL,

    CONSTRAINT "report_closings_pkey" PRIMARY KEY ("shop_id","day")
);

-- CreateIndex
CREATE INDEX "report_sales_shop_id_day_idx" ON "report_sales"("shop_id", "day");

-- CreateIndex
CREATE INDEX "report_sales_day_idx" ON "report_sales"("day");

-- CreateIndex
CREATE INDEX "report_closings_closed_at_idx" ON "report_closings"("closed_at");

-- CreateIndex
CREATE INDEX "payments_shop_id_created_at_idx" ON "payments"("shop_id", "created_at");

-- CreateIndex
CREATE INDEX "refunds_shop_id_created_at_idx" ON "refunds"("shop_id", "created_at");

-- AddForeignKey
ALTER TABLE "report_sales" ADD CONSTRAINT "report_sales_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_payments" ADD CONSTRAINT "report_payments_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_refunds" ADD CONSTRAINT "report_refunds_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_products" ADD CONSTRAINT "report_products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_closings" ADD CONSTRAINT "report_closings_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- ------------------------------------------------------------- tenancy
ALTER TABLE report_sales ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_sales_shop ON report_sales
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE report_payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_payments_shop ON report_payments
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE report_refunds ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_refunds_shop ON report_refunds
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE report_products ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_products_shop ON report_products
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE report_closings ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_closings_shop ON report_closings
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
-- A closing is a record of what was corrected: never edited.
REVOKE UPDATE ON report_closings FROM nearshop_app;

-- ------------------------------------------------------------- rollups
-- Rebuilds one shop's rollups for one local day from the ledger, and says
-- what they held before and hold now. Runs as the caller, inside the shop's
-- scope (RLS), so it can only ever touch that shop. The local day follows
-- the shop's timezone: a day may last 23 or 25 hours.
-- Counted orders: every order except those still awaiting card payment and
-- those cancelled (unpaid or called off); by the time they were placed.
-- Payments and refunds (not failed) count on the day they happened.
CREATE FUNCTION report_rollup_day(p_shop uuid, p_day date)
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
    AND o.status NOT IN ('pending_payment', 'cancelled')
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

-- The nightly closing looks across shops for those whose local day ended
-- (30 minutes ago, for late events) and is not closed yet; under RLS it
-- could not, so this answers only that, as the owner.
CREATE FUNCTION report_days_to_close(p_limit int) RETURNS TABLE (shop_id uuid, day date)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT s.id, d.day FROM shops s
        CROSS JOIN LATERAL (SELECT ((now() AT TIME ZONE s.timezone) - interval '30 minutes')::date - 1 AS day) d
        WHERE NOT EXISTS (SELECT 1 FROM report_closings c WHERE c.shop_id = s.id AND c.day = d.day)
        ORDER BY s.id LIMIT p_limit $$;
REVOKE ALL ON FUNCTION report_days_to_close(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION report_days_to_close(int) TO nearshop_app;

-- Platform admins' totals per shop for a period, from the rollups only.
CREATE FUNCTION platform_sales(p_from date, p_to date)
  RETURNS TABLE (shop_id uuid, orders bigint, revenue bigint, items bigint, refunds bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT coalesce(s.shop_id, r.shop_id), coalesce(s.orders, 0), coalesce(s.revenue, 0), coalesce(s.items, 0), coalesce(r.amount, 0)
        FROM (SELECT shop_id, sum(orders)::bigint AS orders, sum(revenue)::bigint AS revenue, sum(items)::bigint AS items
              FROM report_sales WHERE day BETWEEN p_from AND p_to GROUP BY shop_id) s
        FULL JOIN (SELECT shop_id, sum(amount)::bigint AS amount FROM report_refunds WHERE day BETWEEN p_from AND p_to GROUP BY shop_id) r
          ON r.shop_id = s.shop_id $$;
REVOKE ALL ON FUNCTION platform_sales(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_sales(date, date) TO nearshop_app;
