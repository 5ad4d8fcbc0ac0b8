-- Search in the shop's language (issue 26): a French shop's products are
-- found by French stems without accents ("tartes aux pommes" finds "tarte
-- pomme", "pates" finds "pâtes"), an English shop's by English stems.
--
-- Rewrites search_products once (a few minutes per million rows on 2 cores,
-- under an exclusive lock: search answers wait while this runs).

CREATE TYPE "ShopLanguage" AS ENUM ('fr', 'en');

-- The language the shop writes its catalog in; its owner can change it in
-- the settings. Existing shops: French where French is the main language.
ALTER TABLE "shops" ADD COLUMN "language" "ShopLanguage" NOT NULL DEFAULT 'en';
UPDATE shops SET language = 'fr' WHERE country IN ('FR', 'BE', 'LU', 'MC');

-- unaccent ships with PostgreSQL (contrib) and is a trusted extension.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Words without accents, then PostgreSQL's Snowball stemmer of the language
-- (its stop words are dropped: "aux", "the"). Plain ASCII words keep the
-- stemmer alone: unaccent would change nothing in them.
CREATE TEXT SEARCH CONFIGURATION nearshop_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION nearshop_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION nearshop_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION nearshop_en ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

CREATE FUNCTION search_config(language "ShopLanguage")
  RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE language WHEN 'fr' THEN 'nearshop_fr'::regconfig ELSE 'nearshop_en'::regconfig END $$;

-- The text a product is found by, weighted as before (title, brand,
-- category names, description), in its shop's language. Queries parse the
-- words with the same configuration (server/services/search/postgres.ts).
CREATE FUNCTION search_product_document(language "ShopLanguage", title text, brand text, category_names text, description text)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector(search_config(language), coalesce(title, '')), 'A')
        || setweight(to_tsvector(search_config(language), coalesce(brand, '')), 'B')
        || setweight(to_tsvector(search_config(language), coalesce(category_names, '')), 'C')
        || setweight(to_tsvector(search_config(language), left(coalesce(description, ''), 2000)), 'D')
  $$;

-- One rewrite: the language column comes with the new document (all 'en'),
-- then the French shops' rows are written again with theirs.
ALTER TABLE search_products
  DROP COLUMN document,
  ADD COLUMN language "ShopLanguage" NOT NULL DEFAULT 'en',
  ADD COLUMN document tsvector
    GENERATED ALWAYS AS (search_product_document(language, title, brand, category_names, description)) STORED;

UPDATE search_products p SET language = s.language FROM shops s WHERE s.id = p.shop_id AND s.language <> 'en';

CREATE INDEX search_products_document_idx ON search_products USING GIN (document);

DROP FUNCTION search_product_document(text, text, text, text);
