-- A card refund that failed at Stripe can be paid back another way (cash or
-- the card terminal): the new refund names the failed one, once.
-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "repays_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "refunds_shop_id_repays_id_key" ON "refunds"("shop_id", "repays_id");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_repays_fkey" FOREIGN KEY ("shop_id", "repays_id") REFERENCES "refunds"("shop_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;


