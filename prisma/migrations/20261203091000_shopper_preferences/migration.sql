-- A customer's favourite shops, and their marketing consent per shop read
-- and changed from their own account.
CREATE TABLE "favourite_shops" (
    "user_id" UUID NOT NULL,
    "shop_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "favourite_shops_pkey" PRIMARY KEY ("user_id","shop_id")
);
CREATE INDEX "favourite_shops_shop_id_idx" ON "favourite_shops"("shop_id");
ALTER TABLE "favourite_shops" ADD CONSTRAINT "favourite_shops_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "favourite_shops" ADD CONSTRAINT "favourite_shops_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Only the user's own rows, read or written (app.user_id, as memberships_own).
ALTER TABLE favourite_shops ENABLE ROW LEVEL SECURITY;
CREATE POLICY favourite_shops_own ON favourite_shops
  USING (user_id = app_current_user()) WITH CHECK (user_id = app_current_user());

-- The shops that keep a customer record of this account, with the consent
-- each holds: what the account's email preferences list. Nothing else of
-- the record (a shop's notes stay the shop's).
CREATE FUNCTION my_marketing_consents(p_user uuid)
  RETURNS TABLE (shop_id uuid, shop_name text, shop_slug text, consent boolean, consent_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT c.shop_id, s.name, s.slug, c.marketing_consent, c.consent_at
  FROM customers c JOIN shops s ON s.id = c.shop_id
  WHERE c.user_id = p_user
  ORDER BY s.name COLLATE "und-x-icu", s.id
  LIMIT 500
$$;
-- Changes only the consent of the account's own record in that shop; true
-- when there was one.
CREATE FUNCTION set_my_marketing_consent(p_user uuid, p_shop uuid, p_consent boolean)
  RETURNS boolean
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
  UPDATE customers SET marketing_consent = p_consent,
         consent_at = CASE WHEN p_consent THEN coalesce(CASE WHEN marketing_consent THEN consent_at END, now()) ELSE NULL END,
         updated_at = now()
   WHERE user_id = p_user AND shop_id = p_shop;
  RETURN FOUND;
END $$;
REVOKE ALL ON FUNCTION my_marketing_consents(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION set_my_marketing_consent(uuid, uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION my_marketing_consents(uuid) TO nearshop_app;
GRANT EXECUTE ON FUNCTION set_my_marketing_consent(uuid, uuid, boolean) TO nearshop_app;
