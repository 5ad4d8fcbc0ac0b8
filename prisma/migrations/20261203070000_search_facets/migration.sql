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

-- Adds a statement's changes to the counts as deltas, aggregated (one upsert
-- per statement, whatever the batch size). Rows are upserted in key order so
-- that two writers of one shop lock its counts in the same order (no
-- deadlock). Counts that reach zero are removed. A shop being deleted gets
-- nothing back (its counts go by ON DELETE CASCADE).
CREATE FUNCTION search_facets_add(shop_ids uuid[], facets text[], facet_values text[], deltas int[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_facets AS s (shop_id, facet, value, count)
  SELECT d.shop_id, d.facet, d.value, sum(d.delta)
  FROM unnest(shop_ids, facets, facet_values, deltas) AS d(shop_id, facet, value, delta)
  WHERE EXISTS (SELECT 1 FROM shops WHERE shops.id = d.shop_id)
  GROUP BY d.shop_id, d.facet, d.value HAVING sum(d.delta) <> 0
  ORDER BY d.shop_id, d.facet, d.value
  ON CONFLICT (shop_id, facet, value) DO UPDATE SET count = s.count + excluded.count;
  DELETE FROM search_facets WHERE count = 0 AND shop_id IN (SELECT DISTINCT unnest(shop_ids));
END $$;

-- One function per event, each with static SQL over its own transition
-- tables (plans kept per session: a dynamic EXECUTE cost about 1.5 ms per
-- indexing statement). Every write statement fires its trigger, even one
-- that touched no row (an upsert that only updated fires the insert
-- trigger too), so each returns at once when there is nothing to count.
CREATE FUNCTION search_facets_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  SELECT array_agg(n.shop_id) AS s, array_agg(f.facet) AS f, array_agg(f.value) AS v, array_agg(1) AS x INTO d
  FROM new_rows n, search_facet_values(n.category_path, n.brand, n.price_band, n.attributes, n.in_stock) f;
  IF d.s IS NOT NULL THEN PERFORM search_facets_add(d.s, d.f, d.v, d.x); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION search_facets_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  SELECT array_agg(o.shop_id) AS s, array_agg(f.facet) AS f, array_agg(f.value) AS v, array_agg(-1) AS x INTO d
  FROM old_rows o, search_facet_values(o.category_path, o.brand, o.price_band, o.attributes, o.in_stock) f;
  IF d.s IS NOT NULL THEN PERFORM search_facets_add(d.s, d.f, d.v, d.x); END IF;
  RETURN NULL;
END $$;

-- Most updates (a stock change moving `available` only) change no facet:
-- those rows are left out before anything is counted.
CREATE FUNCTION search_facets_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d record;
BEGIN
  WITH changed AS (
    SELECT o.shop_id AS o_shop, o.category_path AS o_path, o.brand AS o_brand, o.price_band AS o_band,
           o.attributes AS o_attrs, o.in_stock AS o_stock,
           n.shop_id AS n_shop, n.category_path AS n_path, n.brand AS n_brand, n.price_band AS n_band,
           n.attributes AS n_attrs, n.in_stock AS n_stock
    FROM old_rows o FULL JOIN new_rows n ON n.product_id = o.product_id
    WHERE (o.shop_id, o.category_path, o.brand, o.price_band, o.attributes, o.in_stock)
          IS DISTINCT FROM (n.shop_id, n.category_path, n.brand, n.price_band, n.attributes, n.in_stock)
  ), deltas AS (
    SELECT c.n_shop AS shop_id, f.facet, f.value, 1 AS delta
    FROM changed c, search_facet_values(c.n_path, c.n_brand, c.n_band, c.n_attrs, c.n_stock) f WHERE c.n_shop IS NOT NULL
    UNION ALL
    SELECT c.o_shop, f.facet, f.value, -1
    FROM changed c, search_facet_values(c.o_path, c.o_brand, c.o_band, c.o_attrs, c.o_stock) f WHERE c.o_shop IS NOT NULL
  )
  SELECT array_agg(shop_id) AS s, array_agg(facet) AS f, array_agg(value) AS v, array_agg(delta) AS x INTO d FROM deltas;
  IF d.s IS NOT NULL THEN PERFORM search_facets_add(d.s, d.f, d.v, d.x); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER search_facets_insert AFTER INSERT ON search_products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facets_on_insert();
CREATE TRIGGER search_facets_update AFTER UPDATE ON search_products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facets_on_update();
CREATE TRIGGER search_facets_delete AFTER DELETE ON search_products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facets_on_delete();

-- The counts of what is already indexed.
INSERT INTO search_facets (shop_id, facet, value, count)
SELECT p.shop_id, f.facet, f.value, count(*)
FROM search_products p, search_facet_values(p.category_path, p.brand, p.price_band, p.attributes, p.in_stock) f
GROUP BY p.shop_id, f.facet, f.value;
