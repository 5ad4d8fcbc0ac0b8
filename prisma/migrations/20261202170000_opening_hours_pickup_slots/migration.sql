-- Issue 25 (items 2 and 3): opening hours per location, their exceptions,
-- whether a location is a customer-facing pickup point (and its public
-- name), pickup slot settings, and the slot an order is collected in.
-- Times of day are minutes after local midnight in the shop's time zone;
-- an interval whose close is before its open ends the next day (overnight).

ALTER TABLE "locations" ADD COLUMN "pickup_point" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "locations" ADD COLUMN "public_name" TEXT;
ALTER TABLE "locations" ADD COLUMN "pickup_prep_minutes" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "locations" ADD COLUMN "pickup_slot_minutes" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "locations" ADD COLUMN "pickup_slot_capacity" INTEGER NOT NULL DEFAULT 5;
ALTER TABLE "locations" ADD CONSTRAINT "locations_public_name_check" CHECK (public_name IS NULL OR length(public_name) BETWEEN 1 AND 80);
ALTER TABLE "locations" ADD CONSTRAINT "locations_pickup_prep_minutes_check" CHECK (pickup_prep_minutes BETWEEN 0 AND 10080);
ALTER TABLE "locations" ADD CONSTRAINT "locations_pickup_slot_minutes_check" CHECK (pickup_slot_minutes BETWEEN 5 AND 480);
ALTER TABLE "locations" ADD CONSTRAINT "locations_pickup_slot_capacity_check" CHECK (pickup_slot_capacity BETWEEN 1 AND 1000);

-- Stock rooms are not places a customer walks into.
UPDATE "locations" SET "pickup_point" = false
WHERE name ~* '(back ?room|stock ?room|store ?room|storage|warehouse|depot|réserve|reserve|entrepôt|entrepot|arrière)';

CREATE TABLE "location_hours" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    -- ISO weekday: 1 Monday ... 7 Sunday.
    "weekday" SMALLINT NOT NULL,
    "opens_minute" INTEGER NOT NULL,
    "closes_minute" INTEGER NOT NULL,
    CONSTRAINT "location_hours_pkey" PRIMARY KEY ("shop_id", "id"),
    CONSTRAINT "location_hours_weekday_check" CHECK (weekday BETWEEN 1 AND 7),
    CONSTRAINT "location_hours_opens_check" CHECK (opens_minute BETWEEN 0 AND 1439),
    CONSTRAINT "location_hours_closes_check" CHECK (closes_minute BETWEEN 1 AND 1440 AND closes_minute <> opens_minute)
);
CREATE INDEX "location_hours_shop_id_location_id_weekday_idx" ON "location_hours"("shop_id", "location_id", "weekday");
ALTER TABLE "location_hours" ADD CONSTRAINT "location_hours_shop_id_location_id_fkey" FOREIGN KEY ("shop_id", "location_id") REFERENCES "locations"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A day that differs from the week: closed (no times), or open at other
-- hours (one row per interval).
CREATE TABLE "location_exceptions" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "opens_minute" INTEGER,
    "closes_minute" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "location_exceptions_pkey" PRIMARY KEY ("shop_id", "id"),
    CONSTRAINT "location_exceptions_times_check" CHECK (
      (opens_minute IS NULL AND closes_minute IS NULL)
      OR (opens_minute BETWEEN 0 AND 1439 AND closes_minute BETWEEN 1 AND 1440 AND closes_minute <> opens_minute)),
    CONSTRAINT "location_exceptions_note_check" CHECK (length(note) <= 120)
);
CREATE INDEX "location_exceptions_shop_id_location_id_day_idx" ON "location_exceptions"("shop_id", "location_id", "day");
ALTER TABLE "location_exceptions" ADD CONSTRAINT "location_exceptions_shop_id_location_id_fkey" FOREIGN KEY ("shop_id", "location_id") REFERENCES "locations"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE location_hours ENABLE ROW LEVEL SECURITY;
CREATE POLICY location_hours_shop ON location_hours
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE location_exceptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY location_exceptions_shop ON location_exceptions
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

-- Managers' changes to hours are in the audit log like the location itself.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON location_hours
  FOR EACH ROW EXECUTE FUNCTION audit_row('weekday', '', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON location_exceptions
  FOR EACH ROW EXECUTE FUNCTION audit_row('day', '', '');

-- The pickup slot the customer chose; its capacity is counted over these.
ALTER TABLE "orders" ADD COLUMN "pickup_slot_start" TIMESTAMPTZ(3);
ALTER TABLE "orders" ADD COLUMN "pickup_slot_end" TIMESTAMPTZ(3);
ALTER TABLE "orders" ADD CONSTRAINT "orders_pickup_slot_check" CHECK (
  (pickup_slot_start IS NULL AND pickup_slot_end IS NULL) OR (pickup_slot_end > pickup_slot_start));
CREATE INDEX "orders_shop_id_location_id_pickup_slot_start_idx" ON "orders"("shop_id", "location_id", "pickup_slot_start");

-- "Open now" on shop cards, for many shops at once: the hours of active
-- shops' pickup points only (internal locations are never shown), and
-- exceptions from p_from on. Hours are public; nothing else is read.
CREATE FUNCTION public_opening_hours(p_shop_ids uuid[], p_from date)
  RETURNS TABLE (shop_id uuid, timezone text, location_id uuid, weekday int, day date, opens_minute int, closes_minute int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT h.shop_id, s.timezone, h.location_id, h.weekday::int, NULL::date, h.opens_minute, h.closes_minute
  FROM location_hours h
  JOIN locations l ON l.shop_id = h.shop_id AND l.id = h.location_id AND l.pickup_point
  JOIN shops s ON s.id = h.shop_id AND s.status = 'active'
  WHERE h.shop_id = ANY(p_shop_ids[1:250])
  UNION ALL
  SELECT e.shop_id, s.timezone, e.location_id, NULL, e.day, e.opens_minute, e.closes_minute
  FROM location_exceptions e
  JOIN locations l ON l.shop_id = e.shop_id AND l.id = e.location_id AND l.pickup_point
  JOIN shops s ON s.id = e.shop_id AND s.status = 'active'
  WHERE e.shop_id = ANY(p_shop_ids[1:250]) AND e.day >= p_from AND e.day < p_from + 30
$$;
REVOKE ALL ON FUNCTION public_opening_hours(uuid[], date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_opening_hours(uuid[], date) TO nearshop_app;
