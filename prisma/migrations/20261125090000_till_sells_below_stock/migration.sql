-- A till may sell an item the ledger says is not there: it is in the
-- customer's hand, so the recorded stock is what is wrong. The shop chooses
-- (on by default); online orders never sell below what is recorded.
ALTER TABLE "shops" ADD COLUMN "till_sells_below_stock" BOOLEAN NOT NULL DEFAULT true;

-- How many units of a movement the recorded stock did not have (a till sale
-- with the setting on): the ledger says so on the row, and the manager's
-- list of items sold without recorded stock reads these rows only.
ALTER TABLE "stock_movements" ADD COLUMN "beyond_stock" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_beyond_stock_check
  CHECK (beyond_stock = 0 OR (kind = 'sold' AND beyond_stock > 0 AND beyond_stock <= -on_hand_delta));
-- (uuid v7 ids: newest first is id order, the list pages by id.)
CREATE INDEX stock_movements_beyond_stock_idx ON stock_movements (shop_id, id DESC) WHERE beyond_stock > 0;

-- A level may now stand below zero, or below what it has reserved, after
-- such a sale. applyMovements (the only writer) still refuses any other
-- change that would leave less than nothing available, and the level is
-- still the sum of its movements. Reserved is never negative.
ALTER TABLE stock_levels DROP CONSTRAINT stock_levels_on_hand_check;
ALTER TABLE stock_levels DROP CONSTRAINT stock_levels_reserved_check;
ALTER TABLE stock_levels ADD CONSTRAINT stock_levels_reserved_check CHECK (reserved >= 0);
