-- Selling: orders (online and at the till) with their lines, status events,
-- payments and refunds; customers (CRM); cash-ups; carts of signed-in
-- customers; per-shop order numbers; received Stripe events; and the
-- shop's selling settings. Row-level security and guards follow the
-- generated part.

-- AlterTable
ALTER TABLE "shops" ADD COLUMN     "tax_inclusive" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "tax_standard" INTEGER NOT NULL DEFAULT 2000,
ADD COLUMN     "tax_reduced" INTEGER NOT NULL DEFAULT 550,
ADD COLUMN     "discount_limit" INTEGER NOT NULL DEFAULT 1000,
ADD COLUMN     "delivery_radius_km" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "delivery_fee" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "unpaid_order_minutes" INTEGER NOT NULL DEFAULT 30;

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('pending_payment', 'paid', 'confirmed', 'preparing', 'ready_for_pickup', 'out_for_delivery', 'completed', 'cancelled', 'refunded', 'partially_refunded');

-- CreateEnum
CREATE TYPE "OrderChannel" AS ENUM ('online', 'pos');

-- CreateEnum
CREATE TYPE "Fulfilment" AS ENUM ('pickup', 'delivery', 'in_store');

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('pay_at_pickup', 'card_online', 'in_store');

-- CreateEnum
CREATE TYPE "TenderKind" AS ENUM ('cash', 'card_terminal', 'stripe');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "customers" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "user_id" UUID,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "marketing_consent" BOOLEAN NOT NULL DEFAULT false,
    "consent_at" TIMESTAMPTZ(3),
    "order_count" INTEGER NOT NULL DEFAULT 0,
    "total_spent" INTEGER NOT NULL DEFAULT 0,
    "last_order_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "orders" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "client_ref" UUID,
    "channel" "OrderChannel" NOT NULL,
    "fulfilment" "Fulfilment" NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "payment_method" "PaymentMethod" NOT NULL,
    "location_id" UUID NOT NULL,
    "customer_id" UUID,
    "user_id" UUID,
    "staff_id" UUID,
    "currency" CHAR(3) NOT NULL,
    "tax_inclusive" BOOLEAN NOT NULL,
    "subtotal" INTEGER NOT NULL,
    "discount" INTEGER NOT NULL DEFAULT 0,
    "discount_approved_by" UUID,
    "tax" INTEGER NOT NULL,
    "delivery_fee" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL,
    "paid" INTEGER NOT NULL DEFAULT 0,
    "refunded" INTEGER NOT NULL DEFAULT 0,
    "contact_name" TEXT NOT NULL,
    "contact_email" TEXT,
    "contact_phone" TEXT,
    "delivery_address" TEXT,
    "delivery_km" DOUBLE PRECISION,
    "note" TEXT NOT NULL DEFAULT '',
    "access_key_hash" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "stripe_session_id" TEXT,
    "stripe_payment_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "orders_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "order_lines" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "variant_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "variant_title" TEXT NOT NULL DEFAULT '',
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" INTEGER NOT NULL,
    "discount" INTEGER NOT NULL DEFAULT 0,
    "tax_rate" INTEGER NOT NULL,
    "tax" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "returned_quantity" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "order_events" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "from_status" "OrderStatus",
    "to_status" "OrderStatus" NOT NULL,
    "actor_id" UUID,
    "actor" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "payments" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "kind" "TenderKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "tendered" INTEGER,
    "change" INTEGER,
    "reference" TEXT,
    "location_id" UUID NOT NULL,
    "staff_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "kind" "TenderKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "status" "RefundStatus" NOT NULL DEFAULT 'succeeded',
    "reason" TEXT NOT NULL DEFAULT '',
    "restock" BOOLEAN NOT NULL DEFAULT false,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "stripe_id" TEXT,
    "location_id" UUID NOT NULL,
    "staff_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "cash_ups" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "staff_id" UUID,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    "float" INTEGER NOT NULL DEFAULT 0,
    "cash_sales" INTEGER NOT NULL,
    "cash_refunds" INTEGER NOT NULL,
    "expected" INTEGER NOT NULL,
    "counted" INTEGER NOT NULL,
    "difference" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cash_ups_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "carts" (
    "shop_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "items" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "carts_pkey" PRIMARY KEY ("shop_id","user_id")
);

-- CreateTable
CREATE TABLE "shop_sequences" (
    "shop_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "shop_sequences_pkey" PRIMARY KEY ("shop_id","name")
);

-- CreateTable
CREATE TABLE "stripe_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "shop_id" UUID,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "result" TEXT,

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customers_shop_id_name_id_idx" ON "customers"("shop_id", "name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "customers_shop_id_email_key" ON "customers"("shop_id", "email");

-- CreateIndex
CREATE UNIQUE INDEX "customers_shop_id_user_id_key" ON "customers"("shop_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_stripe_session_id_key" ON "orders"("stripe_session_id");

-- CreateIndex
CREATE INDEX "orders_shop_id_status_created_at_idx" ON "orders"("shop_id", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_shop_id_customer_id_created_at_idx" ON "orders"("shop_id", "customer_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_shop_id_created_at_idx" ON "orders"("shop_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_id_idx" ON "orders"("id");

-- CreateIndex
CREATE INDEX "orders_user_id_created_at_idx" ON "orders"("user_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "orders_shop_id_number_key" ON "orders"("shop_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "orders_shop_id_client_ref_key" ON "orders"("shop_id", "client_ref");

-- CreateIndex
CREATE INDEX "order_lines_shop_id_order_id_position_idx" ON "order_lines"("shop_id", "order_id", "position");

-- CreateIndex
CREATE INDEX "order_events_shop_id_order_id_created_at_idx" ON "order_events"("shop_id", "order_id", "created_at");

-- CreateIndex
CREATE INDEX "payments_shop_id_order_id_idx" ON "payments"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "payments_shop_id_location_id_created_at_idx" ON "payments"("shop_id", "location_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_stripe_id_key" ON "refunds"("stripe_id");

-- CreateIndex
CREATE INDEX "refunds_shop_id_order_id_idx" ON "refunds"("shop_id", "order_id");

-- CreateIndex
CREATE INDEX "refunds_shop_id_location_id_created_at_idx" ON "refunds"("shop_id", "location_id", "created_at");

-- CreateIndex
CREATE INDEX "cash_ups_shop_id_location_id_period_end_idx" ON "cash_ups"("shop_id", "location_id", "period_end" DESC);

-- CreateIndex
CREATE INDEX "stripe_events_processed_at_idx" ON "stripe_events"("processed_at");

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_location_id_fkey" FOREIGN KEY ("shop_id", "location_id") REFERENCES "locations"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shop_id_customer_id_fkey" FOREIGN KEY ("shop_id", "customer_id") REFERENCES "customers"("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_shop_id_order_id_fkey" FOREIGN KEY ("shop_id", "order_id") REFERENCES "orders"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cash_ups" ADD CONSTRAINT "cash_ups_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "carts" ADD CONSTRAINT "carts_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_sequences" ADD CONSTRAINT "shop_sequences_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- --------------------------------------------------------------- guards
ALTER TABLE shops ADD CONSTRAINT shops_selling_check CHECK (
  tax_standard BETWEEN 0 AND 10000 AND tax_reduced BETWEEN 0 AND 10000 AND discount_limit BETWEEN 0 AND 10000
  AND delivery_radius_km >= 0 AND delivery_fee >= 0 AND unpaid_order_minutes BETWEEN 1 AND 10080);
ALTER TABLE orders ADD CONSTRAINT orders_money_check CHECK (
  subtotal >= 0 AND discount >= 0 AND tax >= 0 AND delivery_fee >= 0 AND total >= 0
  AND paid >= 0 AND refunded >= 0 AND refunded <= paid);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_quantity_check CHECK (
  quantity > 0 AND unit_price >= 0 AND returned_quantity BETWEEN 0 AND quantity);
ALTER TABLE payments ADD CONSTRAINT payments_amount_check CHECK (amount > 0);
ALTER TABLE refunds ADD CONSTRAINT refunds_amount_check CHECK (amount > 0);

-- Status history is append-only, like the stock ledger.
REVOKE UPDATE, DELETE ON order_events FROM nearshop_app;
CREATE FUNCTION append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
  FOR EACH ROW EXECUTE FUNCTION append_only();

-- ------------------------------------------------------------- tenancy
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY customers_shop ON customers
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_shop ON orders
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
-- A customer reads their own orders across shops (the account page), as a
-- user reads their own memberships.
CREATE POLICY orders_own ON orders FOR SELECT
  USING (user_id = app_current_user());
ALTER TABLE order_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY order_lines_shop ON order_lines
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE order_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY order_events_shop ON order_events
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY payments_shop ON payments
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
CREATE POLICY refunds_shop ON refunds
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE cash_ups ENABLE ROW LEVEL SECURITY;
CREATE POLICY cash_ups_shop ON cash_ups
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE carts ENABLE ROW LEVEL SECURITY;
CREATE POLICY carts_shop ON carts
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE shop_sequences ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_sequences_shop ON shop_sequences
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

-- Stripe events are platform-wide and never edited after processing.
REVOKE DELETE ON stripe_events FROM nearshop_app;

-- The unpaid-order sweep looks across shops for card orders past their
-- time; under RLS it could not, so this function answers only that
-- (shop and order ids), as the owner.
CREATE INDEX orders_awaiting_payment_idx ON orders (expires_at) WHERE status = 'pending_payment';
CREATE FUNCTION overdue_orders(p_limit int) RETURNS TABLE (shop_id uuid, order_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, id FROM orders WHERE status = 'pending_payment' AND expires_at <= now() ORDER BY expires_at LIMIT p_limit $$;
REVOKE ALL ON FUNCTION overdue_orders(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION overdue_orders(int) TO nearshop_app;

-- Which shop an order belongs to, for its customer: only when the caller is
-- the order's signed-in customer or holds its guest link's key (hashed).
CREATE FUNCTION order_owner(p_order_id uuid, p_user_id uuid, p_key_hash text) RETURNS TABLE (shop_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id FROM orders WHERE id = p_order_id
        AND ((p_user_id IS NOT NULL AND user_id = p_user_id) OR (p_key_hash IS NOT NULL AND access_key_hash = p_key_hash)) $$;
REVOKE ALL ON FUNCTION order_owner(uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION order_owner(uuid, uuid, text) TO nearshop_app;
