-- Customer discovery: the PostgreSQL search engine's public index.
--
-- These tables hold only what a customer may see (active products of active
-- shops, no costs). They are written by the search-index job and read by
-- anyone: row-level security lets every role read, and lets the app role
-- write only the rows of the shop its transaction is scoped to.

CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- CreateTable
CREATE TABLE "search_products" (
    "product_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "shop_slug" TEXT NOT NULL,
    "shop_name" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "brand" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "category_id" TEXT,
    "category_path" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "category_names" TEXT NOT NULL DEFAULT '',
    "min_price" INTEGER NOT NULL,
    "max_price" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "price_band" TEXT NOT NULL,
    "attributes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "available" INTEGER NOT NULL,
    "in_stock" BOOLEAN NOT NULL,
    "thumb" TEXT,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "search_products_pkey" PRIMARY KEY ("product_id")
);

-- CreateTable
CREATE TABLE "search_shops" (
    "shop_id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "category_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "product_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "search_shops_pkey" PRIMARY KEY ("shop_id")
);

-- CreateTable
CREATE TABLE "search_terms" (
    "term" TEXT NOT NULL,

    CONSTRAINT "search_terms_pkey" PRIMARY KEY ("term")
);

-- CreateIndex
CREATE INDEX "search_products_shop_id_title_idx" ON "search_products"("shop_id", "title");

-- CreateIndex
CREATE INDEX "search_products_title_trgm_idx" ON "search_products" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "search_shops_name_trgm_idx" ON "search_shops" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "search_terms_term_trgm_idx" ON "search_terms" USING GIN ("term" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "search_products" ADD CONSTRAINT "search_products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "search_shops" ADD CONSTRAINT "search_shops_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ----------------------------------------------------------- by hand

-- The text a product is found by, weighted: title, then brand, then its
-- category names, then its description. 'simple' (no stemming): shops write
-- in many languages; prefix matching covers plurals ("apple" finds
-- "apples"). One immutable function, so the index and the queries agree.
CREATE FUNCTION search_product_document(title text, brand text, category_names text, description text)
  RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(brand, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce(category_names, '')), 'C')
        || setweight(to_tsvector('simple'::regconfig, left(coalesce(description, ''), 2000)), 'D')
  $$;

CREATE INDEX search_products_document_idx ON search_products
  USING GIN (search_product_document(title, brand, category_names, description));
CREATE INDEX search_products_geo_idx ON search_products USING GIST (ll_to_earth(latitude, longitude));
CREATE INDEX search_products_category_path_idx ON search_products USING GIN (category_path);
CREATE INDEX search_shops_geo_idx ON search_shops USING GIST (ll_to_earth(latitude, longitude));

ALTER TABLE search_products ENABLE ROW LEVEL SECURITY;
CREATE POLICY search_products_read ON search_products FOR SELECT USING (true);
CREATE POLICY search_products_write ON search_products
  USING (shop_id = app_current_shop())
  WITH CHECK (shop_id = app_current_shop());

ALTER TABLE search_shops ENABLE ROW LEVEL SECURITY;
CREATE POLICY search_shops_read ON search_shops FOR SELECT USING (true);
CREATE POLICY search_shops_write ON search_shops
  USING (shop_id = app_current_shop())
  WITH CHECK (shop_id = app_current_shop());

-- Words only: nothing here says which shop or product they came from.
GRANT SELECT, INSERT ON search_terms TO nearshop_app;
REVOKE UPDATE, DELETE ON search_terms FROM nearshop_app;
