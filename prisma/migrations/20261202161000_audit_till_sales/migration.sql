-- Issue 17, item 3: till sales in the audit log (the /pos till and paired
-- registers). The row is written by a trigger on the order's INSERT, so it
-- rides in the sale's own statement: no extra round trip on the till path.
-- Who: the person acting (app.actor), else the sale's cashier (a register's
-- sync carries no browser session); source: the actor's, else "register"
-- for a register's sale. Only the sale's figures are kept (no contact
-- details: a till sale has none, and the audit log never holds them).
CREATE FUNCTION audit_till_sale() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  actor jsonb := audit_actor();
BEGIN
  INSERT INTO audit_events (shop_id, actor_id, ip, user_agent, source, kind, record_type, record_id, record_label, after)
  VALUES (NEW.shop_id, coalesce(nullif(actor ->> 'u', '')::uuid, NEW.staff_id), actor ->> 'ip', left(actor ->> 'ua', 300),
          coalesce(actor ->> 'src', CASE WHEN NEW.register_id IS NOT NULL THEN 'register' ELSE 'back_office' END),
          'orders.insert', 'orders', NEW.id::text, NEW.number::text,
          jsonb_strip_nulls(jsonb_build_object(
            'number', NEW.number, 'status', NEW.status, 'currency', NEW.currency, 'subtotal', NEW.subtotal, 'discount', NEW.discount,
            'discount_approved_by', NEW.discount_approved_by, 'tax', NEW.tax, 'total', NEW.total, 'paid', NEW.paid,
            'location_id', NEW.location_id, 'staff_id', NEW.staff_id, 'register_id', NEW.register_id,
            'register_receipt', NEW.register_receipt)));
  RETURN NULL;
END
$$;
CREATE TRIGGER audit_sale AFTER INSERT ON orders
  FOR EACH ROW WHEN (NEW.channel = 'pos') EXECUTE FUNCTION audit_till_sale();
