-- Room on each page for the rows every sale rewrites.
--
-- A stock movement rewrites its product's row (products.available) and its
-- level's row. With full pages PostgreSQL cannot rewrite a row in place (a
-- HOT update), so it writes a new index entry in every index of the table:
-- eight for products, two of them GIN (title trigrams, attributes), whose
-- pending lists the writing sale then has to flush, holding its row locks
-- meanwhile. Measured in bench/selling.ts before this change: 35 % of
-- product updates in place, statements of 12 to 140 ms. Neither column is
-- indexed, so with room on the page every such update stays in place.
--
-- This only sets the room for pages written from now on (new products, and
-- pages as autovacuum frees them); `VACUUM FULL products, stock_levels`
-- rewrites existing tables at once, under an exclusive lock.
ALTER TABLE products SET (fillfactor = 80);
ALTER TABLE stock_levels SET (fillfactor = 90);
