-- An order to be paid at pickup holds its stock for this many hours; one
-- nobody collects (or staff never take in) is then cancelled and its stock
-- released, like an unpaid card order. Before, such an order, placed by
-- anyone without signing in, held the stock until staff cancelled it.
ALTER TABLE "shops" ADD COLUMN "pickup_hold_hours" INTEGER NOT NULL DEFAULT 48;
ALTER TABLE shops ADD CONSTRAINT shops_pickup_hold_hours_check CHECK (pickup_hold_hours BETWEEN 1 AND 720);

-- Pay-at-pickup orders already waiting get the default hold from now.
UPDATE orders SET expires_at = now() + interval '48 hours'
WHERE payment_method = 'pay_at_pickup' AND paid = 0 AND status IN ('confirmed', 'preparing', 'ready_for_pickup') AND expires_at IS NULL;

-- The sweep now finds both kinds: card orders awaiting payment, and unpaid
-- pickup orders not collected in time.
DROP INDEX orders_awaiting_payment_idx;
CREATE INDEX orders_expiring_idx ON orders (expires_at) WHERE expires_at IS NOT NULL;
CREATE OR REPLACE FUNCTION overdue_orders(p_limit int) RETURNS TABLE (shop_id uuid, order_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id, id FROM orders
        WHERE expires_at <= now()
          AND (status = 'pending_payment'
               OR (payment_method = 'pay_at_pickup' AND paid = 0 AND status IN ('confirmed', 'preparing', 'ready_for_pickup')))
        ORDER BY expires_at LIMIT p_limit $$;
