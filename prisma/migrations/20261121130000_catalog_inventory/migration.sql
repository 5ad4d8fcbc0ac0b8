-- Catalog and inventory: categories, products, variants, images, locations,
-- stock levels with their append-only movement ledger, in-app notifications
-- and CSV imports. Row-level security and the ledger's guards follow the
-- generated part.

-- Trigram index for the back office's product search (title ILIKE '%q%').
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "ProductStatus" AS ENUM ('draft', 'active', 'archived');

-- CreateEnum
CREATE TYPE "TaxClass" AS ENUM ('standard', 'reduced', 'zero', 'exempt');

-- CreateEnum
CREATE TYPE "MovementKind" AS ENUM ('received', 'adjusted', 'sold', 'returned', 'transfer_out', 'transfer_in', 'reserved', 'released');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('pending', 'queued', 'running', 'done', 'failed');

-- AlterTable
ALTER TABLE "email_deliveries" DROP CONSTRAINT "email_deliveries_pkey",
ADD CONSTRAINT "email_deliveries_pkey" PRIMARY KEY ("event_id", "to");

-- CreateTable
CREATE TABLE "categories" (
    "id" TEXT NOT NULL,
    "parent_id" TEXT,
    "name" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "brand" TEXT,
    "category_id" TEXT,
    "status" "ProductStatus" NOT NULL DEFAULT 'draft',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "options" JSONB NOT NULL DEFAULT '[]',
    "available" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "variants" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "option_values" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "sku" TEXT NOT NULL,
    "barcode" TEXT,
    "price" INTEGER NOT NULL,
    "compare_at_price" INTEGER,
    "cost" INTEGER,
    "tax_class" "TaxClass" NOT NULL DEFAULT 'standard',
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "variants_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "product_images" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "alt" TEXT NOT NULL DEFAULT '',
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_images_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "locations" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "address_line1" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "postal_code" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "stock_levels" (
    "shop_id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "on_hand" INTEGER NOT NULL DEFAULT 0,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "low_stock_threshold" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("shop_id","variant_id","location_id")
);

-- CreateTable
CREATE TABLE "stock_movements" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "variant_id" UUID NOT NULL,
    "location_id" UUID NOT NULL,
    "kind" "MovementKind" NOT NULL,
    "on_hand_delta" INTEGER NOT NULL,
    "reserved_delta" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "reference" TEXT,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateTable
CREATE TABLE "import_jobs" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "user_id" UUID,
    "file_name" TEXT NOT NULL,
    "file_key" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'pending',
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "applied_rows" INTEGER NOT NULL DEFAULT 0,
    "unchanged_rows" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("shop_id","id")
);

-- CreateIndex
CREATE INDEX "categories_parent_id_position_idx" ON "categories"("parent_id", "position");

-- CreateIndex
CREATE INDEX "products_shop_id_title_id_idx" ON "products"("shop_id", "title", "id");

-- CreateIndex
CREATE INDEX "products_shop_id_updated_at_id_idx" ON "products"("shop_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "products_shop_id_status_title_id_idx" ON "products"("shop_id", "status", "title", "id");

-- CreateIndex
CREATE INDEX "products_shop_id_category_id_idx" ON "products"("shop_id", "category_id");

-- CreateIndex
CREATE INDEX "products_attributes_idx" ON "products" USING GIN ("attributes" jsonb_path_ops);

-- CreateIndex
CREATE INDEX "products_title_trgm_idx" ON "products" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "products_shop_id_handle_key" ON "products"("shop_id", "handle");

-- CreateIndex
CREATE INDEX "variants_shop_id_product_id_position_idx" ON "variants"("shop_id", "product_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "variants_shop_id_sku_key" ON "variants"("shop_id", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "variants_shop_id_barcode_key" ON "variants"("shop_id", "barcode");

-- CreateIndex
CREATE INDEX "product_images_shop_id_product_id_position_idx" ON "product_images"("shop_id", "product_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "locations_shop_id_name_key" ON "locations"("shop_id", "name");

-- CreateIndex
CREATE INDEX "stock_levels_shop_id_location_id_variant_id_idx" ON "stock_levels"("shop_id", "location_id", "variant_id");

-- CreateIndex
CREATE INDEX "stock_movements_shop_id_variant_id_created_at_idx" ON "stock_movements"("shop_id", "variant_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notifications_shop_id_user_id_created_at_idx" ON "notifications"("shop_id", "user_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_shop_id_event_id_user_id_key" ON "notifications"("shop_id", "event_id", "user_id");

-- CreateIndex
CREATE INDEX "import_jobs_shop_id_created_at_idx" ON "import_jobs"("shop_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "variants" ADD CONSTRAINT "variants_shop_id_product_id_fkey" FOREIGN KEY ("shop_id", "product_id") REFERENCES "products"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_shop_id_product_id_fkey" FOREIGN KEY ("shop_id", "product_id") REFERENCES "products"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "locations" ADD CONSTRAINT "locations_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_shop_id_variant_id_fkey" FOREIGN KEY ("shop_id", "variant_id") REFERENCES "variants"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_shop_id_location_id_fkey" FOREIGN KEY ("shop_id", "location_id") REFERENCES "locations"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_shop_id_variant_id_fkey" FOREIGN KEY ("shop_id", "variant_id") REFERENCES "variants"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_shop_id_location_id_fkey" FOREIGN KEY ("shop_id", "location_id") REFERENCES "locations"("shop_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- ------------------------------------------------------------- ledger
-- Stock levels never go below zero on hand, and never reserve more than is
-- on hand; a movement that would do so fails as a whole.
ALTER TABLE stock_levels ADD CONSTRAINT stock_levels_on_hand_check CHECK (on_hand >= 0);
ALTER TABLE stock_levels ADD CONSTRAINT stock_levels_reserved_check CHECK (reserved >= 0 AND reserved <= on_hand);
ALTER TABLE variants ADD CONSTRAINT variants_price_check CHECK (price >= 0 AND (compare_at_price IS NULL OR compare_at_price >= 0) AND (cost IS NULL OR cost >= 0));

-- The movement ledger is append-only: the application may insert rows, never
-- change or remove them, and no one may change one. (Rows still go when their
-- shop, variant or location is deleted: foreign-key cascades run as the
-- table owner. The app archives products and never deletes locations.)
REVOKE UPDATE, DELETE ON stock_movements FROM nearshop_app;
CREATE FUNCTION stock_movements_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_movements is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
  FOR EACH ROW EXECUTE FUNCTION stock_movements_append_only();

-- ------------------------------------------------------------- tenancy
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
CREATE POLICY products_shop ON products
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE variants ENABLE ROW LEVEL SECURITY;
CREATE POLICY variants_shop ON variants
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE product_images ENABLE ROW LEVEL SECURITY;
CREATE POLICY product_images_shop ON product_images
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE locations ENABLE ROW LEVEL SECURITY;
CREATE POLICY locations_shop ON locations
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE stock_levels ENABLE ROW LEVEL SECURITY;
CREATE POLICY stock_levels_shop ON stock_levels
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE stock_movements ENABLE ROW LEVEL SECURITY;
CREATE POLICY stock_movements_shop ON stock_movements
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY notifications_shop ON notifications
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY import_jobs_shop ON import_jobs
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());

-- Title search for the back office. Under row-level security PostgreSQL
-- will not use an index for ILIKE (the operator is not leakproof), so the
-- trigram index would sit idle. This function runs as the owner, where the
-- index works, and is confined to the caller's shop (app.shop_id) exactly as
-- the policies are.
CREATE FUNCTION product_ids_with_title(p_pattern text) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT id FROM products WHERE shop_id = app_current_shop() AND title ILIKE p_pattern $$;
REVOKE ALL ON FUNCTION product_ids_with_title(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION product_ids_with_title(text) TO nearshop_app;

-- Every shop procedure first asks "what is this user's role in this shop?".
-- One call instead of a transaction that sets app.user_id; it answers only
-- what the memberships_own policy already lets a user read.
CREATE FUNCTION member_role(p_shop_id uuid, p_user_id uuid) RETURNS "Role"
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT role FROM memberships WHERE shop_id = p_shop_id AND user_id = p_user_id $$;
REVOKE ALL ON FUNCTION member_role(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION member_role(uuid, uuid) TO nearshop_app;

-- Categories are shared and read-only for the application.
REVOKE INSERT, UPDATE, DELETE ON categories FROM nearshop_app;

-- ------------------------------------------------------ category tree
-- A retail taxonomy of about two hundred nodes, three levels at most.
WITH RECURSIVE input(id, parent_id, name, position) AS (VALUES
  ('groceries', NULL, 'Groceries', 0),
  ('fruit-and-vegetables', 'groceries', 'Fruit & vegetables', 0),
  ('fresh-fruit', 'fruit-and-vegetables', 'Fresh fruit', 0),
  ('fresh-vegetables', 'fruit-and-vegetables', 'Fresh vegetables', 1),
  ('herbs', 'fruit-and-vegetables', 'Herbs', 2),
  ('dairy-and-eggs', 'groceries', 'Dairy & eggs', 1),
  ('milk-and-cream', 'dairy-and-eggs', 'Milk & cream', 0),
  ('cheese', 'dairy-and-eggs', 'Cheese', 1),
  ('yoghurt', 'dairy-and-eggs', 'Yoghurt', 2),
  ('butter', 'dairy-and-eggs', 'Butter', 3),
  ('eggs', 'dairy-and-eggs', 'Eggs', 4),
  ('meat-and-fish', 'groceries', 'Meat & fish', 2),
  ('beef', 'meat-and-fish', 'Beef', 0),
  ('poultry', 'meat-and-fish', 'Poultry', 1),
  ('pork', 'meat-and-fish', 'Pork', 2),
  ('fish-and-seafood', 'meat-and-fish', 'Fish & seafood', 3),
  ('deli-meats', 'meat-and-fish', 'Deli meats', 4),
  ('pantry', 'groceries', 'Pantry', 3),
  ('pasta-and-rice', 'pantry', 'Pasta & rice', 0),
  ('flour-and-baking', 'pantry', 'Flour & baking', 1),
  ('canned-food', 'pantry', 'Canned food', 2),
  ('oils-and-vinegars', 'pantry', 'Oils & vinegars', 3),
  ('spices-and-seasonings', 'pantry', 'Spices & seasonings', 4),
  ('sauces-and-condiments', 'pantry', 'Sauces & condiments', 5),
  ('breakfast-cereals', 'pantry', 'Breakfast cereals', 6),
  ('honey-and-spreads', 'pantry', 'Honey & spreads', 7),
  ('snacks-and-sweets', 'groceries', 'Snacks & sweets', 4),
  ('chocolate', 'snacks-and-sweets', 'Chocolate', 0),
  ('biscuits', 'snacks-and-sweets', 'Biscuits', 1),
  ('crisps', 'snacks-and-sweets', 'Crisps', 2),
  ('nuts-and-dried-fruit', 'snacks-and-sweets', 'Nuts & dried fruit', 3),
  ('drinks', 'groceries', 'Drinks', 5),
  ('water', 'drinks', 'Water', 0),
  ('juice', 'drinks', 'Juice', 1),
  ('soft-drinks', 'drinks', 'Soft drinks', 2),
  ('coffee', 'drinks', 'Coffee', 3),
  ('tea', 'drinks', 'Tea', 4),
  ('wine-beer-and-spirits', 'groceries', 'Wine, beer & spirits', 6),
  ('wine', 'wine-beer-and-spirits', 'Wine', 0),
  ('beer-and-cider', 'wine-beer-and-spirits', 'Beer & cider', 1),
  ('spirits', 'wine-beer-and-spirits', 'Spirits', 2),
  ('frozen-food', 'groceries', 'Frozen food', 7),
  ('organic-and-health-food', 'groceries', 'Organic & health food', 8),
  ('bakery', NULL, 'Bakery', 1),
  ('bread', 'bakery', 'Bread', 0),
  ('viennoiserie', 'bakery', 'Viennoiserie', 1),
  ('cakes-and-tarts', 'bakery', 'Cakes & tarts', 2),
  ('pastries', 'bakery', 'Pastries', 3),
  ('biscuits-and-cookies', 'bakery', 'Biscuits & cookies', 4),
  ('gluten-free-bakery', 'bakery', 'Gluten-free bakery', 5),
  ('pharmacy-and-health', NULL, 'Pharmacy & health', 2),
  ('medicines', 'pharmacy-and-health', 'Medicines', 0),
  ('pain-relief', 'medicines', 'Pain relief', 0),
  ('cold-and-flu', 'medicines', 'Cold & flu', 1),
  ('allergy', 'medicines', 'Allergy', 2),
  ('digestive-health', 'medicines', 'Digestive health', 3),
  ('first-aid', 'pharmacy-and-health', 'First aid', 1),
  ('vitamins-and-supplements', 'pharmacy-and-health', 'Vitamins & supplements', 2),
  ('personal-care', 'pharmacy-and-health', 'Personal care', 3),
  ('skin-care', 'personal-care', 'Skin care', 0),
  ('hair-care', 'personal-care', 'Hair care', 1),
  ('oral-care', 'personal-care', 'Oral care', 2),
  ('shaving', 'personal-care', 'Shaving', 3),
  ('baby-care', 'pharmacy-and-health', 'Baby care', 4),
  ('medical-devices', 'pharmacy-and-health', 'Medical devices', 5),
  ('beauty', NULL, 'Beauty', 3),
  ('make-up', 'beauty', 'Make-up', 0),
  ('fragrance', 'beauty', 'Fragrance', 1),
  ('nail-care', 'beauty', 'Nail care', 2),
  ('beauty-tools', 'beauty', 'Beauty tools', 3),
  ('electronics', NULL, 'Electronics', 4),
  ('phones-and-accessories', 'electronics', 'Phones & accessories', 0),
  ('mobile-phones', 'phones-and-accessories', 'Mobile phones', 0),
  ('phone-cases', 'phones-and-accessories', 'Phone cases', 1),
  ('chargers-and-cables', 'phones-and-accessories', 'Chargers & cables', 2),
  ('computers', 'electronics', 'Computers', 1),
  ('laptops', 'computers', 'Laptops', 0),
  ('desktops', 'computers', 'Desktops', 1),
  ('tablets', 'computers', 'Tablets', 2),
  ('computer-accessories', 'computers', 'Computer accessories', 3),
  ('audio', 'electronics', 'Audio', 2),
  ('headphones', 'audio', 'Headphones', 0),
  ('speakers', 'audio', 'Speakers', 1),
  ('tv-and-video', 'electronics', 'TV & video', 3),
  ('cameras', 'electronics', 'Cameras', 4),
  ('gaming', 'electronics', 'Gaming', 5),
  ('consoles', 'gaming', 'Consoles', 0),
  ('video-games', 'gaming', 'Video games', 1),
  ('smart-home', 'electronics', 'Smart home', 6),
  ('batteries', 'electronics', 'Batteries', 7),
  ('clothing-and-shoes', NULL, 'Clothing & shoes', 5),
  ('womens-clothing', 'clothing-and-shoes', 'Women''s clothing', 0),
  ('dresses', 'womens-clothing', 'Dresses', 0),
  ('tops', 'womens-clothing', 'Tops', 1),
  ('trousers-and-jeans', 'womens-clothing', 'Trousers & jeans', 2),
  ('coats-and-jackets', 'womens-clothing', 'Coats & jackets', 3),
  ('knitwear', 'womens-clothing', 'Knitwear', 4),
  ('mens-clothing', 'clothing-and-shoes', 'Men''s clothing', 1),
  ('shirts', 'mens-clothing', 'Shirts', 0),
  ('t-shirts', 'mens-clothing', 'T-shirts', 1),
  ('mens-clothing-trousers-and-jeans', 'mens-clothing', 'Trousers & jeans', 2),
  ('mens-clothing-coats-and-jackets', 'mens-clothing', 'Coats & jackets', 3),
  ('mens-clothing-knitwear', 'mens-clothing', 'Knitwear', 4),
  ('childrens-clothing', 'clothing-and-shoes', 'Children''s clothing', 2),
  ('shoes', 'clothing-and-shoes', 'Shoes', 3),
  ('womens-shoes', 'shoes', 'Women''s shoes', 0),
  ('mens-shoes', 'shoes', 'Men''s shoes', 1),
  ('childrens-shoes', 'shoes', 'Children''s shoes', 2),
  ('sports-shoes', 'shoes', 'Sports shoes', 3),
  ('accessories', 'clothing-and-shoes', 'Accessories', 4),
  ('bags', 'accessories', 'Bags', 0),
  ('hats-and-scarves', 'accessories', 'Hats & scarves', 1),
  ('belts', 'accessories', 'Belts', 2),
  ('jewellery', 'accessories', 'Jewellery', 3),
  ('watches', 'accessories', 'Watches', 4),
  ('books', NULL, 'Books', 6),
  ('fiction', 'books', 'Fiction', 0),
  ('literary-fiction', 'fiction', 'Literary fiction', 0),
  ('crime-and-thrillers', 'fiction', 'Crime & thrillers', 1),
  ('science-fiction-and-fantasy', 'fiction', 'Science fiction & fantasy', 2),
  ('romance', 'fiction', 'Romance', 3),
  ('non-fiction', 'books', 'Non-fiction', 1),
  ('history', 'non-fiction', 'History', 0),
  ('biography', 'non-fiction', 'Biography', 1),
  ('science', 'non-fiction', 'Science', 2),
  ('cookery', 'non-fiction', 'Cookery', 3),
  ('travel', 'non-fiction', 'Travel', 4),
  ('childrens-books', 'books', 'Children''s books', 2),
  ('comics-and-graphic-novels', 'books', 'Comics & graphic novels', 3),
  ('textbooks', 'books', 'Textbooks', 4),
  ('magazines', 'books', 'Magazines', 5),
  ('stationery-and-office', NULL, 'Stationery & office', 7),
  ('writing-instruments', 'stationery-and-office', 'Writing instruments', 0),
  ('notebooks-and-paper', 'stationery-and-office', 'Notebooks & paper', 1),
  ('office-supplies', 'stationery-and-office', 'Office supplies', 2),
  ('art-supplies', 'stationery-and-office', 'Art supplies', 3),
  ('hardware-and-diy', NULL, 'Hardware & DIY', 8),
  ('tools', 'hardware-and-diy', 'Tools', 0),
  ('hand-tools', 'tools', 'Hand tools', 0),
  ('power-tools', 'tools', 'Power tools', 1),
  ('building-supplies', 'hardware-and-diy', 'Building supplies', 1),
  ('electrical', 'hardware-and-diy', 'Electrical', 2),
  ('plumbing', 'hardware-and-diy', 'Plumbing', 3),
  ('paint-and-decorating', 'hardware-and-diy', 'Paint & decorating', 4),
  ('fixings-and-fasteners', 'hardware-and-diy', 'Fixings & fasteners', 5),
  ('home-and-garden', NULL, 'Home & garden', 9),
  ('kitchen', 'home-and-garden', 'Kitchen', 0),
  ('cookware', 'kitchen', 'Cookware', 0),
  ('kitchen-utensils', 'kitchen', 'Kitchen utensils', 1),
  ('tableware', 'kitchen', 'Tableware', 2),
  ('furniture', 'home-and-garden', 'Furniture', 1),
  ('home-decor', 'home-and-garden', 'Home decor', 2),
  ('bedding-and-bath', 'home-and-garden', 'Bedding & bath', 3),
  ('cleaning', 'home-and-garden', 'Cleaning', 4),
  ('garden', 'home-and-garden', 'Garden', 5),
  ('plants-and-seeds', 'garden', 'Plants & seeds', 0),
  ('garden-tools', 'garden', 'Garden tools', 1),
  ('outdoor-furniture', 'garden', 'Outdoor furniture', 2),
  ('lighting', 'home-and-garden', 'Lighting', 6),
  ('toys-and-games', NULL, 'Toys & games', 10),
  ('board-games-and-puzzles', 'toys-and-games', 'Board games & puzzles', 0),
  ('dolls-and-figures', 'toys-and-games', 'Dolls & figures', 1),
  ('building-toys', 'toys-and-games', 'Building toys', 2),
  ('outdoor-toys', 'toys-and-games', 'Outdoor toys', 3),
  ('baby-toys', 'toys-and-games', 'Baby toys', 4),
  ('sports-and-outdoors', NULL, 'Sports & outdoors', 11),
  ('fitness', 'sports-and-outdoors', 'Fitness', 0),
  ('cycling', 'sports-and-outdoors', 'Cycling', 1),
  ('camping-and-hiking', 'sports-and-outdoors', 'Camping & hiking', 2),
  ('team-sports', 'sports-and-outdoors', 'Team sports', 3),
  ('water-sports', 'sports-and-outdoors', 'Water sports', 4),
  ('pets', NULL, 'Pets', 12),
  ('dog-supplies', 'pets', 'Dog supplies', 0),
  ('cat-supplies', 'pets', 'Cat supplies', 1),
  ('small-animals', 'pets', 'Small animals', 2),
  ('fish-and-aquatics', 'pets', 'Fish & aquatics', 3),
  ('flowers-and-gifts', NULL, 'Flowers & gifts', 13),
  ('fresh-flowers', 'flowers-and-gifts', 'Fresh flowers', 0),
  ('gift-cards', 'flowers-and-gifts', 'Gift cards', 1),
  ('greeting-cards', 'flowers-and-gifts', 'Greeting cards', 2),
  ('party-supplies', 'flowers-and-gifts', 'Party supplies', 3),
  ('florist-and-plants', NULL, 'Florist & plants', 14),
  ('automotive', NULL, 'Automotive', 15),
  ('car-care', 'automotive', 'Car care', 0),
  ('car-parts', 'automotive', 'Car parts', 1),
  ('motorcycle-accessories', 'automotive', 'Motorcycle accessories', 2),
  ('music-and-instruments', NULL, 'Music & instruments', 16),
  ('instruments', 'music-and-instruments', 'Instruments', 0),
  ('vinyl-and-cds', 'music-and-instruments', 'Vinyl & CDs', 1),
  ('services', NULL, 'Services', 17),
  ('repairs', 'services', 'Repairs', 0),
  ('tailoring', 'services', 'Tailoring', 1),
  ('key-cutting', 'services', 'Key cutting', 2)
), tree AS (
  SELECT id, parent_id, name, position, name AS path, 0 AS depth FROM input WHERE parent_id IS NULL
  UNION ALL
  SELECT i.id, i.parent_id, i.name, i.position, t.path || ' > ' || i.name, t.depth + 1
  FROM input i JOIN tree t ON i.parent_id = t.id
)
INSERT INTO categories (id, parent_id, name, path, depth, position)
SELECT id, parent_id, name, path, depth, position FROM tree ORDER BY depth, parent_id, position;
