-- Facet counts of each shop's whole listing (issue 21): the shop page and an
-- unfiltered listing of one shop read these instead of counting every
-- product of the shop per view. Kept exact by statement-level triggers on
-- search_products (one aggregated upsert per statement, whatever the batch
-- size); a search narrowed by a query or a filter still counts its hits.
CREATE TABLE "search_facets" (
    "shop_id" UUID NOT NULL,
    "facet" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "search_facets_pkey" PRIMARY KEY ("shop_id","facet","value")
);

ALTER TABLE "search_facets" ADD CONSTRAINT "search_facets_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The price sorts of one shop's listing read its first page from here.
CREATE INDEX "search_products_shop_id_min_price_idx" ON "search_products"("shop_id", "min_price");

-- Public like search_products: anyone reads, a write must be for the scoped shop.
ALTER TABLE search_facets ENABLE ROW LEVEL SECURITY;
CREATE POLICY search_facets_read ON search_facets FOR SELECT USING (true);
CREATE POLICY search_facets_write ON search_facets
  USING (shop_id = app_current_shop())
  WITH CHECK (shop_id = app_current_shop());

-- The facet values one search_products row counts in: 'total' and
-- 'in_stock' (value ''), each category of its path, its brand, its price
-- band and each attribute, as the engine's counted facets have them.
CREATE FUNCTION search_facet_values(category_path text[], brand text, price_band text, attributes text[], in_stock boolean)
RETURNS TABLE (facet text, value text) LANGUAGE sql IMMUTABLE AS $$
  SELECT 'total', ''
  UNION ALL SELECT 'in_stock', '' WHERE in_stock
  UNION ALL SELECT 'category', c FROM unnest(category_path) c
  UNION ALL SELECT 'brand', brand WHERE brand IS NOT NULL
  UNION ALL SELECT 'price_band', price_band
  UNION ALL SELECT 'attribute', a FROM unnest(attributes) a
$$;

-- Applies a statement's changes as deltas, aggregated (one upsert per
-- statement, whatever the batch size). Rows are upserted in key order so
-- that two writers of one shop lock its counts in the same order (no
-- deadlock); an update that changes no facet (most stock changes) writes
-- nothing. Counts that reach zero are removed.
CREATE FUNCTION search_facets_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'shop_id, category_path, brand, price_band, attributes, in_stock';
  src text;
BEGIN
  src := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT %s, 1 AS d FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT %s, -1 AS d FROM old_rows', cols)
    ELSE format('SELECT %1$s, 1 AS d FROM new_rows UNION ALL SELECT %1$s, -1 FROM old_rows', cols)
  END;
  EXECUTE format($q$
    INSERT INTO search_facets AS s (shop_id, facet, value, count)
    SELECT r.shop_id, f.facet, f.value, sum(r.d)
    FROM (%s) r, search_facet_values(r.category_path, r.brand, r.price_band, r.attributes, r.in_stock) f
    -- A shop's deletion removes its counts itself (ON DELETE CASCADE).
    WHERE EXISTS (SELECT 1 FROM shops WHERE shops.id = r.shop_id)
    GROUP BY r.shop_id, f.facet, f.value HAVING sum(r.d) <> 0
    ORDER BY r.shop_id, f.facet, f.value
    ON CONFLICT (shop_id, facet, value) DO UPDATE SET count = s.count + excluded.count$q$, src);
  EXECUTE format('DELETE FROM search_facets WHERE count = 0 AND shop_id IN (SELECT shop_id FROM (%s) r)', src);
  RETURN NULL;
END $$;

CREATE TRIGGER search_facets_insert AFTER INSERT ON search_products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facets_apply();
CREATE TRIGGER search_facets_update AFTER UPDATE ON search_products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facets_apply();
CREATE TRIGGER search_facets_delete AFTER DELETE ON search_products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facets_apply();

-- The counts of what is already indexed.
INSERT INTO search_facets (shop_id, facet, value, count)
SELECT p.shop_id, f.facet, f.value, count(*)
FROM search_products p, search_facet_values(p.category_path, p.brand, p.price_band, p.attributes, p.in_stock) f
GROUP BY p.shop_id, f.facet, f.value;
