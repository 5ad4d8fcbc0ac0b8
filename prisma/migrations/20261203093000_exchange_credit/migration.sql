-- Exchanges at the till: a return's value kept as a credit (a refund of kind
-- 'exchange', no money leaves the drawer) and spent once on the new sale (a
-- payment of kind 'exchange' naming that refund).
ALTER TYPE "TenderKind" ADD VALUE 'exchange';

ALTER TABLE "payments" ADD COLUMN "refund_id" UUID;

-- Same shop's refund only; a credit is spent at most once.
ALTER TABLE "payments"
    ADD CONSTRAINT "payments_refund_fkey" FOREIGN KEY ("shop_id", "refund_id") REFERENCES "refunds" ("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
CREATE UNIQUE INDEX "payments_shop_id_refund_id_key" ON "payments" ("shop_id", "refund_id");
