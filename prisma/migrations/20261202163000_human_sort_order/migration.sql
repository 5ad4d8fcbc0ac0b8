-- Names people read sort as people expect: "Éclair" between "Eau" and "Fraise",
-- "apple" beside "Apple", not after "Zucchini" as in the database's C.UTF-8
-- byte order. ICU's root collation (deterministic: ties still break by bytes,
-- so keyset pages stay a total order). Indexes on these columns are rebuilt
-- with the column, so ORDER BY title still reads the index.
-- The till feed's trigger reads products.title: it is put back as it was.
DROP TRIGGER products_feed ON products;
ALTER TABLE "products" ALTER COLUMN "title" TYPE TEXT COLLATE "und-x-icu";
CREATE TRIGGER products_feed AFTER UPDATE ON products
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION product_feed_stamp();
ALTER TABLE "categories" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
ALTER TABLE "locations" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
ALTER TABLE "customers" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
ALTER TABLE "registers" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
ALTER TABLE "saved_filters" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
ALTER TABLE "users" ALTER COLUMN "name" TYPE TEXT COLLATE "und-x-icu";
