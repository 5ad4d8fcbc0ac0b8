-- Issue 18 (second half): what a receipt must print about the shop, when
-- the selling settings were last saved (the setup checklist ticks it), and
-- each staff member's saved list filters.

ALTER TABLE "shops" ADD COLUMN "vat_number" TEXT;
ALTER TABLE "shops" ADD COLUMN "company_number" TEXT;
ALTER TABLE "shops" ADD COLUMN "receipt_footer" TEXT;
ALTER TABLE "shops" ADD COLUMN "selling_saved_at" TIMESTAMPTZ(3);

CREATE TABLE "saved_filters" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    -- The list it filters ("products"); the app checks the name.
    "page" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    -- The list's query string, without the pager's cursor.
    "query" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "saved_filters_pkey" PRIMARY KEY ("shop_id", "id"),
    CONSTRAINT "saved_filters_name_check" CHECK (length(name) BETWEEN 1 AND 60),
    CONSTRAINT "saved_filters_query_check" CHECK (length(query) <= 2000)
);
CREATE UNIQUE INDEX "saved_filters_shop_id_user_id_page_name_key" ON "saved_filters"("shop_id", "user_id", "page", "name");
ALTER TABLE "saved_filters" ADD CONSTRAINT "saved_filters_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "saved_filters" ADD CONSTRAINT "saved_filters_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE saved_filters ENABLE ROW LEVEL SECURITY;
CREATE POLICY saved_filters_shop ON saved_filters
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
