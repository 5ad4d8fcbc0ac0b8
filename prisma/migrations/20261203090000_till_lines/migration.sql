-- Issue 18, till lines: a custom-amount line (no product: an item without a
-- barcode, rung up by description and price), a line's own discount, and a
-- cashier's note on a line.

-- A custom line has neither a variant nor a product; a catalog line has both.
ALTER TABLE "order_lines" ALTER COLUMN "variant_id" DROP NOT NULL;
ALTER TABLE "order_lines" ALTER COLUMN "product_id" DROP NOT NULL;
ALTER TABLE "order_lines" ADD CONSTRAINT order_lines_product_check CHECK ((variant_id IS NULL) = (product_id IS NULL));

-- The discount given on this line alone (its part of "discount", which also holds its share of the order's discount).
ALTER TABLE "order_lines" ADD COLUMN "line_discount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "order_lines" ADD CONSTRAINT order_lines_line_discount_check CHECK (line_discount >= 0 AND line_discount <= discount);

ALTER TABLE "order_lines" ADD COLUMN "note" TEXT NOT NULL DEFAULT '';
