-- One cart across shops (issue 25, item 4): a checkout places one order per
-- shop in one transaction; the orders of one checkout share its id, so the
-- customer's "your orders from this checkout" page can list them.
ALTER TABLE orders ADD COLUMN checkout_id uuid;
CREATE INDEX orders_checkout_idx ON orders (checkout_id) WHERE checkout_id IS NOT NULL;

-- The orders of one checkout, across shops, for the page that lists them.
-- The caller has checked the checkout's key (an HMAC of its id, never
-- stored) before asking; only ids and shop ids come back, and only online
-- orders.
CREATE FUNCTION checkout_orders(p_checkout_id uuid) RETURNS TABLE (shop_id uuid, order_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, id FROM orders WHERE checkout_id = p_checkout_id AND channel = 'online' ORDER BY shop_id, id LIMIT 20 $$;
REVOKE ALL ON FUNCTION checkout_orders(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION checkout_orders(uuid) TO nearshop_app;

-- A signed-in customer's carts, across shops (the header's count and the
-- one cart page), as they read their own orders across shops.
CREATE POLICY carts_own ON carts FOR SELECT USING (user_id = app_current_user());
CREATE INDEX carts_user_id_idx ON carts (user_id);
