-- Registers (issue 22): a till device at a location, paired to one browser,
-- numbering its own receipts; staff PINs for the till; sales made offline
-- and what the server made of them.

-- How long a register may sell without reaching the server.
ALTER TABLE "shops" ADD COLUMN "offline_hours" INTEGER NOT NULL DEFAULT 24;

CREATE TABLE "registers" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    -- Short per-shop number printed before its receipt numbers (2-000017).
    "code" INTEGER NOT NULL,
    -- sha256 of the token the paired browser keeps; null until paired.
    "token_hash" TEXT,
    "paired_at" TIMESTAMPTZ(3),
    -- Set when a manager unpairs it: what it sends afterwards is held.
    "unpaired_at" TIMESTAMPTZ(3),
    -- The first receipt number not yet handed to the browser (blocks).
    "next_receipt" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "registers_pkey" PRIMARY KEY ("shop_id", "id"),
    CONSTRAINT "registers_next_receipt_check" CHECK (next_receipt >= 1)
);
CREATE UNIQUE INDEX "registers_shop_id_code_key" ON "registers"("shop_id", "code");
CREATE UNIQUE INDEX "registers_shop_id_name_key" ON "registers"("shop_id", "name");
CREATE UNIQUE INDEX "registers_token_hash_key" ON "registers"("token_hash");
ALTER TABLE "registers" ADD CONSTRAINT "registers_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "registers" ADD CONSTRAINT "registers_shop_id_location_id_fkey" FOREIGN KEY ("shop_id", "location_id") REFERENCES "locations"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A till PIN per member of a shop: argon2 for the server's check, and a
-- PBKDF2 verifier the paired registers keep to check it offline (worth no
-- more than the till: a PIN opens nothing else).
ALTER TABLE "memberships" ADD COLUMN "pin_hash" TEXT;
ALTER TABLE "memberships" ADD COLUMN "pin_verifier" TEXT;
ALTER TABLE "memberships" ADD COLUMN "pin_failures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "memberships" ADD COLUMN "pin_locked_at" TIMESTAMPTZ(3);

-- Sales are numbered per register as well as per shop.
ALTER TABLE "orders" ADD COLUMN "register_id" UUID;
ALTER TABLE "orders" ADD COLUMN "register_receipt" INTEGER;
CREATE UNIQUE INDEX "orders_shop_id_register_id_register_receipt_key" ON "orders"("shop_id", "register_id", "register_receipt");
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_register_id_fkey" FOREIGN KEY ("shop_id", "register_id") REFERENCES "registers"("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
ALTER TABLE "payments" ADD COLUMN "register_id" UUID;
CREATE INDEX "payments_shop_id_register_id_cash_up_id_idx" ON "payments"("shop_id", "register_id", "cash_up_id");
-- Cash refunded at a register comes out of its drawer.
ALTER TABLE "refunds" ADD COLUMN "register_id" UUID;
ALTER TABLE "cash_ups" ADD COLUMN "register_id" UUID;
CREATE INDEX "cash_ups_shop_id_register_id_period_end_idx" ON "cash_ups"("shop_id", "register_id", "period_end" DESC);

CREATE TYPE "RegisterSaleStatus" AS ENUM ('applied', 'needs_review', 'held', 'reviewed');

-- Every sale a register sent, once by client reference: the sync's memory.
CREATE TABLE "register_sales" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "register_id" UUID NOT NULL,
    "client_ref" UUID NOT NULL,
    "receipt" INTEGER NOT NULL,
    "status" "RegisterSaleStatus" NOT NULL,
    "order_id" UUID,
    "sold_at" TIMESTAMPTZ(3) NOT NULL,
    "staff_id" UUID,
    "sale" JSONB NOT NULL,
    -- What differed from the server when it arrived (price, archived, stock).
    "differences" JSONB NOT NULL DEFAULT '[]',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_by" UUID,
    "reviewed_at" TIMESTAMPTZ(3),
    CONSTRAINT "register_sales_pkey" PRIMARY KEY ("shop_id", "id")
);
CREATE UNIQUE INDEX "register_sales_shop_id_client_ref_key" ON "register_sales"("shop_id", "client_ref");
CREATE UNIQUE INDEX "register_sales_shop_id_register_id_receipt_key" ON "register_sales"("shop_id", "register_id", "receipt");
CREATE INDEX "register_sales_review_idx" ON "register_sales"("shop_id", "id" DESC) WHERE status IN ('needs_review', 'held');
ALTER TABLE "register_sales" ADD CONSTRAINT "register_sales_shop_id_register_id_fkey" FOREIGN KEY ("shop_id", "register_id") REFERENCES "registers"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "register_sales" ADD CONSTRAINT "register_sales_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- The catalog feed: when a variant last changed, in one cursor order.
ALTER TABLE "variants" ADD COLUMN "feed_seq" BIGINT;
CREATE SEQUENCE catalog_feed_seq;
GRANT USAGE, SELECT ON SEQUENCE catalog_feed_seq TO nearshop_app;
CREATE INDEX "variants_shop_id_feed_seq_idx" ON "variants"("shop_id", "feed_seq");

ALTER TABLE registers ENABLE ROW LEVEL SECURITY;
CREATE POLICY registers_shop ON registers
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE register_sales ENABLE ROW LEVEL SECURITY;
CREATE POLICY register_sales_shop ON register_sales
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

-- A register's token names its shop: the one question the app asks before
-- it has a shop scope, answered as the owner.
CREATE FUNCTION register_by_token(p_hash text) RETURNS TABLE (shop_id uuid, register_id uuid, unpaired boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, id, unpaired_at IS NOT NULL FROM registers WHERE token_hash = p_hash $$;
REVOKE ALL ON FUNCTION register_by_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION register_by_token(text) TO nearshop_app;

-- Variants removed from a product: the feed tells registers to drop them.
CREATE TABLE "variant_tombstones" (
    "shop_id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "feed_seq" BIGINT NOT NULL,
    CONSTRAINT "variant_tombstones_pkey" PRIMARY KEY ("shop_id", "variant_id")
);
CREATE INDEX "variant_tombstones_shop_id_feed_seq_idx" ON "variant_tombstones"("shop_id", "feed_seq");
ALTER TABLE variant_tombstones ENABLE ROW LEVEL SECURITY;
CREATE POLICY variant_tombstones_shop ON variant_tombstones
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

UPDATE variants SET feed_seq = nextval('catalog_feed_seq');

-- What a till shows or prices changed: the variant moves to the feed's end.
CREATE FUNCTION variant_feed_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.feed_seq := nextval('catalog_feed_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER variants_feed_insert BEFORE INSERT ON variants
  FOR EACH ROW EXECUTE FUNCTION variant_feed_stamp();
CREATE TRIGGER variants_feed_update BEFORE UPDATE ON variants
  FOR EACH ROW WHEN (OLD.price IS DISTINCT FROM NEW.price OR OLD.sku IS DISTINCT FROM NEW.sku
                     OR OLD.barcode IS DISTINCT FROM NEW.barcode OR OLD.tax_class IS DISTINCT FROM NEW.tax_class
                     OR OLD.option_values IS DISTINCT FROM NEW.option_values)
  EXECUTE FUNCTION variant_feed_stamp();

-- A product renamed, archived or brought back: all its variants move.
CREATE FUNCTION product_feed_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE variants SET feed_seq = nextval('catalog_feed_seq') WHERE shop_id = NEW.shop_id AND product_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER products_feed AFTER UPDATE ON products
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION product_feed_stamp();

-- A deleted variant leaves a tombstone, written as the owner (no foreign
-- key: a shop deleted whole may leave a few, read by nobody).
CREATE FUNCTION variant_feed_tombstone() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO variant_tombstones (shop_id, variant_id, feed_seq) VALUES (OLD.shop_id, OLD.id, nextval('catalog_feed_seq'))
  ON CONFLICT (shop_id, variant_id) DO UPDATE SET feed_seq = EXCLUDED.feed_seq;
  RETURN NULL;
END $$;
CREATE TRIGGER variants_feed_delete AFTER DELETE ON variants
  FOR EACH ROW EXECUTE FUNCTION variant_feed_tombstone();
