-- Shopper accounts: a guest's online orders (and the shops' customer records
-- of them) join the account whose owner has proved the same email address.
-- Runs across shops, so it is a SECURITY DEFINER function with one narrow
-- job: it only ever attaches rows whose email is the account's own confirmed
-- address and that belong to nobody yet.
CREATE INDEX orders_guest_email_idx ON orders (lower(contact_email))
  WHERE user_id IS NULL AND contact_email IS NOT NULL;
CREATE INDEX customers_guest_email_idx ON customers (lower(email))
  WHERE user_id IS NULL AND email IS NOT NULL;

CREATE FUNCTION claim_guest_orders(p_user uuid) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
  v_email text;
  v_orders integer;
BEGIN
  SELECT lower(email) INTO v_email FROM users WHERE id = p_user AND email_verified_at IS NOT NULL;
  IF v_email IS NULL THEN
    RETURN 0;
  END IF;
  -- A shop where the account already has its customer record keeps that one.
  UPDATE customers c SET user_id = p_user, updated_at = now()
   WHERE lower(c.email) = v_email AND c.user_id IS NULL AND c.email IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM customers o WHERE o.shop_id = c.shop_id AND o.user_id = p_user);
  UPDATE orders SET user_id = p_user
   WHERE lower(contact_email) = v_email AND user_id IS NULL AND contact_email IS NOT NULL
     AND channel = 'online';
  GET DIAGNOSTICS v_orders = ROW_COUNT;
  RETURN v_orders;
END $$;
REVOKE ALL ON FUNCTION claim_guest_orders(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_guest_orders(uuid) TO nearshop_app;
