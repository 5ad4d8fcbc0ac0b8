-- What the PostgreSQL search engine checks on every row it reads, stored
-- once when a row is written instead of computed again on each read:
--
-- document     the product's search text (search_product_document). The
--              GIN index was on the expression, so a row found another way
--              (by distance) had its text parsed again to be checked.
-- earth_point  where the row is, as earthdistance's point. ll_to_earth()
--              and the earth domain's checks cost about 3 µs a row, and
--              earth_distance() (not inlined) about 5 µs more: 8 ms of the
--              9 ms it took to read the thousand products near a city.
--
-- Rewrites search_products under an exclusive lock (a few minutes per
-- million rows on 2 cores): search answers wait while this runs.
-- fillfactor 90 leaves room on each page so that a stock change rewrites a
-- product's row in place, keeping a shop's products together on disk.
ALTER TABLE search_products
  ADD COLUMN document tsvector
    GENERATED ALWAYS AS (search_product_document(title, brand, category_names, description)) STORED,
  ADD COLUMN earth_point cube GENERATED ALWAYS AS (ll_to_earth(latitude, longitude)::cube) STORED,
  SET (fillfactor = 90);

DROP INDEX search_products_document_idx;
CREATE INDEX search_products_document_idx ON search_products USING GIN (document);
DROP INDEX search_products_geo_idx;
CREATE INDEX search_products_earth_point_idx ON search_products USING GIST (earth_point);

ALTER TABLE search_shops
  ADD COLUMN earth_point cube GENERATED ALWAYS AS (ll_to_earth(latitude, longitude)::cube) STORED;
DROP INDEX search_shops_geo_idx;
CREATE INDEX search_shops_earth_point_idx ON search_shops USING GIST (earth_point);
