-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "cash_up_id" UUID;

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "cash_up_id" UUID;

-- CreateIndex
CREATE INDEX "payments_shop_id_location_id_cash_up_id_idx" ON "payments"("shop_id", "location_id", "cash_up_id");

-- CreateIndex
CREATE INDEX "refunds_shop_id_location_id_cash_up_id_idx" ON "refunds"("shop_id", "location_id", "cash_up_id");

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_cash_up_fkey" FOREIGN KEY ("shop_id", "cash_up_id") REFERENCES "cash_ups"("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_cash_up_fkey" FOREIGN KEY ("shop_id", "cash_up_id") REFERENCES "cash_ups"("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;


-- A cash-up claims the payments and refunds it counts (cash_up_id) instead
-- of taking a time window: a sale whose transaction commits just after a
-- cash-up read the till, stamped with a time before it, is then counted by
-- the next cash-up rather than by none.
-- What earlier cash-ups counted by their windows:
UPDATE payments p SET cash_up_id = c.id
FROM cash_ups c
WHERE p.shop_id = c.shop_id AND p.location_id = c.location_id AND p.created_at > c.period_start AND p.created_at <= c.period_end;
UPDATE refunds r SET cash_up_id = c.id
FROM cash_ups c
WHERE r.shop_id = c.shop_id AND r.location_id = c.location_id AND r.created_at > c.period_start AND r.created_at <= c.period_end
  AND r.kind = 'cash' AND r.status = 'succeeded';
