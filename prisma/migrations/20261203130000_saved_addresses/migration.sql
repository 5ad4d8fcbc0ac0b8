-- A shopper's saved delivery addresses (issue 25, item 1): up to 10 per
-- account, one of them the default. The point is where the delivery
-- distance is measured from, found when the address was saved.
CREATE TABLE "saved_addresses" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "place_label" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "saved_addresses_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "saved_addresses_user_id_created_at_idx" ON "saved_addresses"("user_id", "created_at");
ALTER TABLE "saved_addresses" ADD CONSTRAINT "saved_addresses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one default per account, whatever two requests do at once.
CREATE UNIQUE INDEX saved_addresses_one_default ON saved_addresses (user_id) WHERE is_default;
ALTER TABLE saved_addresses ADD CONSTRAINT saved_addresses_lengths CHECK (
  length(label) BETWEEN 1 AND 40 AND length(address) BETWEEN 1 AND 300 AND length(place_label) <= 200
  AND latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180
);

-- Only the user's own rows, read or written (app.user_id, as favourite_shops).
ALTER TABLE saved_addresses ENABLE ROW LEVEL SECURITY;
CREATE POLICY saved_addresses_own ON saved_addresses
  USING (user_id = app_current_user()) WITH CHECK (user_id = app_current_user());
