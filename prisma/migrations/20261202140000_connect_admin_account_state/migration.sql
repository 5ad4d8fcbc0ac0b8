-- Issue 19, the rest.
--
-- 1. The time of the Stripe state a shop's account row holds: the `created`
--    of the account.updated event it came from, or the moment the Payments
--    page read the account from Stripe. A late or replayed account.updated
--    older than that changes nothing (Stripe does not deliver events in
--    order, and retries them for days).
ALTER TABLE shop_stripe_accounts ADD COLUMN state_at timestamptz(3);

-- 2. The platform admin's open disputes name the order by its number (the
--    admin is no member of the shop and cannot open the order by its id).
DROP FUNCTION platform_open_disputes();
CREATE FUNCTION platform_open_disputes() RETURNS TABLE (shop_id uuid, id uuid, order_id uuid, order_number int, amount int, currency text, reason text, status text, due_by timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT d.shop_id, d.id, d.order_id, o.number, d.amount, d.currency::text, d.reason, d.status, d.due_by
        FROM card_disputes d LEFT JOIN orders o ON o.shop_id = d.shop_id AND o.id = d.order_id
        WHERE d.status NOT IN ('won', 'lost', 'warning_closed', 'prevented') ORDER BY d.due_by NULLS LAST $$;
REVOKE ALL ON FUNCTION platform_open_disputes() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_open_disputes() TO nearshop_app;
