-- Issue 19: each shop is paid through its own Stripe account (Connect,
-- direct charges: docs/decisions/0015-stripe-connect-charges.md), the
-- platform's commission as Stripe's application fee, disputes, and second
-- payments for one order refunded automatically.

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "application_fee" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "stripe_account" TEXT,
ADD COLUMN     "application_fee_refunded" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "disputed" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "fee_returned" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "outside_nearshop" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stripe_status" TEXT,
ADD COLUMN     "stripe_status_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "stripe_events" ADD COLUMN     "account" TEXT;

-- CreateTable
CREATE TABLE "shop_stripe_accounts" (
    "shop_id" UUID NOT NULL,
    "account_id" TEXT NOT NULL,
    "charges_enabled" BOOLEAN NOT NULL DEFAULT false,
    "payouts_enabled" BOOLEAN NOT NULL DEFAULT false,
    "details_submitted" BOOLEAN NOT NULL DEFAULT false,
    "currently_due" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "past_due" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "current_deadline" TIMESTAMPTZ(3),
    "disabled_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shop_stripe_accounts_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "commission_rates" (
    "currency" CHAR(3) NOT NULL,
    "percent_bp" INTEGER NOT NULL,
    "fixed" INTEGER NOT NULL,
    "updated_by" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "commission_rates_pkey" PRIMARY KEY ("currency")
);

-- CreateTable
CREATE TABLE "shop_commission_plans" (
    "shop_id" UUID NOT NULL,
    "percent_bp" INTEGER NOT NULL,
    "fixed" INTEGER NOT NULL,
    "refunds_return_fee" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT NOT NULL DEFAULT '',
    "updated_by" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shop_commission_plans_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "card_disputes" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "stripe_id" TEXT NOT NULL,
    "order_id" UUID,
    "payment_intent" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "due_by" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "card_disputes_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "duplicate_payments" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "payment_intent" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "refund_id" TEXT,
    "refund_status" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "duplicate_payments_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateIndex
CREATE INDEX "orders_shop_id_stripe_payment_id_idx" ON "orders"("shop_id", "stripe_payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "shop_stripe_accounts_account_id_key" ON "shop_stripe_accounts"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "card_disputes_stripe_id_key" ON "card_disputes"("stripe_id");

-- CreateIndex
CREATE INDEX "card_disputes_shop_id_status_due_by_idx" ON "card_disputes"("shop_id", "status", "due_by");

-- CreateIndex
CREATE INDEX "card_disputes_shop_id_order_id_idx" ON "card_disputes"("shop_id", "order_id");

-- CreateIndex
CREATE UNIQUE INDEX "duplicate_payments_payment_intent_key" ON "duplicate_payments"("payment_intent");

-- CreateIndex
CREATE INDEX "duplicate_payments_shop_id_order_id_idx" ON "duplicate_payments"("shop_id", "order_id");

-- AddForeignKey
ALTER TABLE "shop_stripe_accounts" ADD CONSTRAINT "shop_stripe_accounts_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_commission_plans" ADD CONSTRAINT "shop_commission_plans_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "card_disputes" ADD CONSTRAINT "card_disputes_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "duplicate_payments" ADD CONSTRAINT "duplicate_payments_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- NOT NULL on the arrays (Prisma's String[] with a default).
ALTER TABLE shop_stripe_accounts ALTER COLUMN currently_due SET NOT NULL, ALTER COLUMN past_due SET NOT NULL;

ALTER TABLE orders ADD CONSTRAINT orders_application_fee_check
  CHECK (application_fee >= 0 AND application_fee_refunded BETWEEN 0 AND application_fee AND disputed >= 0);
ALTER TABLE refunds ADD CONSTRAINT refunds_fee_returned_check CHECK (fee_returned >= 0);
ALTER TABLE commission_rates ADD CONSTRAINT commission_rates_check CHECK (percent_bp BETWEEN 0 AND 5000 AND fixed BETWEEN 0 AND 100000);
ALTER TABLE shop_commission_plans ADD CONSTRAINT shop_commission_plans_check CHECK (percent_bp BETWEEN 0 AND 5000 AND fixed BETWEEN 0 AND 100000);

-- Tenancy, layer 3 (docs/decisions/0003): every new tenant table.
ALTER TABLE shop_stripe_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_stripe_accounts_shop ON shop_stripe_accounts
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE shop_commission_plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY shop_commission_plans_shop ON shop_commission_plans
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE card_disputes ENABLE ROW LEVEL SECURITY;
CREATE POLICY card_disputes_shop ON card_disputes
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE duplicate_payments ENABLE ROW LEVEL SECURITY;
CREATE POLICY duplicate_payments_shop ON duplicate_payments
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

-- A Connect event names a connected account, not a shop: this answers only
-- which shop an account belongs to, so the event can then be handled
-- inside that shop.
CREATE FUNCTION stripe_account_shop(p_account text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id FROM shop_stripe_accounts WHERE account_id = p_account $$;
REVOKE ALL ON FUNCTION stripe_account_shop(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION stripe_account_shop(text) TO nearshop_app;

-- The platform admin's views across shops (commission per shop per month,
-- restricted accounts, open disputes) read through these, as the owner:
-- only what those pages show.
CREATE FUNCTION platform_commission_by_month(p_months int) RETURNS TABLE (shop_id uuid, month date, currency text, orders bigint, gross bigint, fee bigint, fee_refunded bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT o.shop_id, date_trunc('month', o.created_at AT TIME ZONE 'UTC')::date, o.currency::text, count(*), sum(o.paid)::bigint,
               sum(o.application_fee)::bigint, sum(o.application_fee_refunded)::bigint
        FROM orders o
        WHERE o.application_fee > 0 AND o.created_at >= date_trunc('month', now()) - make_interval(months => greatest(p_months, 1) - 1)
        GROUP BY 1, 2, 3 $$;
REVOKE ALL ON FUNCTION platform_commission_by_month(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_commission_by_month(int) TO nearshop_app;

CREATE FUNCTION platform_restricted_accounts() RETURNS TABLE (shop_id uuid, account_id text, charges_enabled boolean, payouts_enabled boolean, currently_due text[], current_deadline timestamptz, disabled_reason text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, account_id, charges_enabled, payouts_enabled, currently_due, current_deadline, disabled_reason
        FROM shop_stripe_accounts
        WHERE NOT charges_enabled OR NOT payouts_enabled OR cardinality(currently_due) > 0 OR disabled_reason IS NOT NULL $$;
REVOKE ALL ON FUNCTION platform_restricted_accounts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_restricted_accounts() TO nearshop_app;

CREATE FUNCTION platform_open_disputes() RETURNS TABLE (shop_id uuid, id uuid, order_id uuid, amount int, currency text, reason text, status text, due_by timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, id, order_id, amount, currency::text, reason, status, due_by FROM card_disputes
        WHERE status NOT IN ('won', 'lost', 'warning_closed', 'prevented') ORDER BY due_by NULLS LAST $$;
REVOKE ALL ON FUNCTION platform_open_disputes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_open_disputes() TO nearshop_app;

-- The platform's starting commission; platform admins change it (Admin,
-- Commission). Other currencies have none until one is set.
INSERT INTO commission_rates (currency, percent_bp, fixed, updated_at) VALUES ('EUR', 250, 25, now());

CREATE FUNCTION platform_commission_plans() RETURNS TABLE (shop_id uuid, percent_bp int, fixed int, refunds_return_fee boolean, note text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, percent_bp, fixed, refunds_return_fee, note FROM shop_commission_plans $$;
REVOKE ALL ON FUNCTION platform_commission_plans() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_commission_plans() TO nearshop_app;
