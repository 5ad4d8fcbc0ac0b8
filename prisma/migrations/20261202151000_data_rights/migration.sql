-- Issue 17, item 4: a customer's data rights (download everything, erase the
-- account) across every shop, and retention. These functions cross shops, so
-- they run as the owner and touch only the one person's rows; the app calls
-- them from server/services/privacy/*.

-- Everything the platform holds about one person, as one JSON document.
CREATE FUNCTION customer_data(p_user uuid) RETURNS jsonb
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH me AS (SELECT * FROM users WHERE id = p_user)
  SELECT jsonb_build_object(
    'account', (SELECT jsonb_build_object('id', id, 'email', email, 'name', name, 'created_at', created_at,
                  'email_confirmed_at', email_verified_at, 'two_factor_on_since', totp_enabled_at) FROM me),
    'sessions', coalesce((SELECT jsonb_agg(jsonb_build_object('started_at', created_at, 'last_seen_at', last_seen_at, 'browser', user_agent, 'ip', ip) ORDER BY created_at)
                 FROM sessions WHERE user_id = p_user), '[]'),
    'shop_records', coalesce((SELECT jsonb_agg(jsonb_build_object('shop', s.name, 'name', c.name, 'email', c.email, 'phone', c.phone,
                  'notes_by_the_shop', c.notes, 'marketing_consent', c.marketing_consent, 'consent_given_at', c.consent_at,
                  'orders', c.order_count, 'total_spent_minor', c.total_spent, 'created_at', c.created_at) ORDER BY c.created_at)
                 FROM customers c JOIN shops s ON s.id = c.shop_id, me
                 WHERE c.user_id = p_user OR lower(c.email) = lower(me.email)), '[]'),
    'orders', coalesce((SELECT jsonb_agg(jsonb_build_object('shop', s.name, 'number', o.number, 'placed_at', o.created_at, 'status', o.status,
                  'fulfilment', o.fulfilment, 'payment_method', o.payment_method, 'currency', o.currency,
                  'subtotal_minor', o.subtotal, 'discount_minor', o.discount, 'tax_minor', o.tax, 'delivery_fee_minor', o.delivery_fee,
                  'total_minor', o.total, 'paid_minor', o.paid, 'refunded_minor', o.refunded,
                  'contact', jsonb_build_object('name', o.contact_name, 'email', o.contact_email, 'phone', o.contact_phone),
                  'delivery_address', o.delivery_address, 'note', o.note,
                  'lines', (SELECT jsonb_agg(jsonb_build_object('title', l.title, 'variant', l.variant_title, 'quantity', l.quantity,
                             'unit_price_minor', l.unit_price, 'total_minor', l.total) ORDER BY l.position)
                            FROM order_lines l WHERE l.shop_id = o.shop_id AND l.order_id = o.id)) ORDER BY o.created_at)
                 FROM orders o JOIN shops s ON s.id = o.shop_id, me
                 WHERE o.user_id = p_user OR lower(o.contact_email) = lower(me.email)), '[]'),
    'carts', coalesce((SELECT jsonb_agg(jsonb_build_object('shop', s.name, 'items', c.items, 'updated_at', c.updated_at))
                 FROM carts c JOIN shops s ON s.id = c.shop_id WHERE c.user_id = p_user), '[]'),
    'messages', jsonb_build_object(
      'emails', coalesce((SELECT jsonb_agg(jsonb_build_object('sent_at', d.created_at, 'subject', d.subject, 'kind', d.template) ORDER BY d.created_at)
                 FROM email_deliveries d, me WHERE lower(d."to") = lower(me.email)), '[]'),
      'in_app', coalesce((SELECT jsonb_agg(jsonb_build_object('at', n.created_at, 'title', n.title, 'body', n.body, 'read_at', n.read_at) ORDER BY n.created_at)
                 FROM notifications n WHERE n.user_id = p_user), '[]')),
    'staff_of', coalesce((SELECT jsonb_agg(jsonb_build_object('shop', s.name, 'role', m.role, 'since', m.created_at))
                 FROM memberships m JOIN shops s ON s.id = m.shop_id WHERE m.user_id = p_user), '[]'),
    'sign_in_history', coalesce((SELECT jsonb_agg(jsonb_build_object('at', e.created_at, 'what', e.kind, 'ip', e.ip, 'browser', e.user_agent) ORDER BY e.created_at)
                 FROM platform_audit_events e WHERE e.actor_id = p_user), '[]'))
$$;
REVOKE ALL ON FUNCTION customer_data(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_data(uuid) TO nearshop_app;

-- Erases one person: their personal data removed or replaced everywhere;
-- orders stay, with their amounts, for the shops' accounts. The audit
-- triggers record each shop's changed rows (the caller sets app.actor), and
-- each shop gets a customer.erased entry. Staff must leave their shops first.
CREATE FUNCTION erase_customer(p_user uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  mail text;
  shops_touched uuid[];
  n_orders int;
  n_customers int;
  s uuid;
  actor jsonb := nullif(current_setting('app.actor', true), '')::jsonb;
BEGIN
  SELECT lower(email) INTO mail FROM users WHERE id = p_user FOR UPDATE;
  IF mail IS NULL THEN RAISE EXCEPTION 'no such user' USING ERRCODE = 'no_data_found'; END IF;
  IF EXISTS (SELECT 1 FROM memberships WHERE user_id = p_user) THEN
    RAISE EXCEPTION 'staff of a shop' USING ERRCODE = 'check_violation';
  END IF;
  SELECT array_agg(DISTINCT shop_id) INTO shops_touched FROM (
    SELECT shop_id FROM orders WHERE user_id = p_user OR lower(contact_email) = mail
    UNION SELECT shop_id FROM customers WHERE user_id = p_user OR lower(email) = mail) t;
  UPDATE orders SET contact_name = 'Erased customer', contact_email = NULL, contact_phone = NULL, delivery_address = NULL, note = '', user_id = NULL
    WHERE user_id = p_user OR lower(contact_email) = mail;
  GET DIAGNOSTICS n_orders = ROW_COUNT;
  UPDATE customers SET name = 'Erased customer', email = NULL, phone = NULL, notes = '', marketing_consent = false, consent_at = NULL, user_id = NULL
    WHERE user_id = p_user OR lower(email) = mail;
  GET DIAGNOSTICS n_customers = ROW_COUNT;
  DELETE FROM carts WHERE user_id = p_user;
  DELETE FROM notifications WHERE user_id = p_user;
  DELETE FROM sessions WHERE user_id = p_user;
  DELETE FROM recovery_codes WHERE user_id = p_user;
  DELETE FROM auth_tokens WHERE user_id = p_user;
  UPDATE email_deliveries SET "to" = 'erased' WHERE lower("to") = mail;
  UPDATE users SET email = 'erased-' || id || '@erased.invalid', name = 'Erased customer', password_hash = '',
    email_verified_at = NULL, totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
    WHERE id = p_user;
  FOREACH s IN ARRAY coalesce(shops_touched, '{}') LOOP
    INSERT INTO audit_events (shop_id, actor_id, ip, user_agent, source, kind, record_type, record_id)
    VALUES (s, p_user, actor ->> 'ip', left(actor ->> 'ua', 300), 'account', 'customer.erased', 'users', p_user::text);
  END LOOP;
  INSERT INTO platform_audit_events (actor_id, ip, user_agent, kind, record_type, record_id, after)
  VALUES (p_user, actor ->> 'ip', left(actor ->> 'ua', 300), 'account.erased', 'users', p_user::text,
          jsonb_build_object('orders_kept', n_orders, 'shop_records', n_customers, 'shops', coalesce(array_length(shops_touched, 1), 0)));
  RETURN jsonb_build_object('orders', n_orders, 'customers', n_customers, 'shops', coalesce(array_length(shops_touched, 1), 0));
END
$$;
REVOKE ALL ON FUNCTION erase_customer(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_customer(uuid) TO nearshop_app;

-- Retention: accounts never confirmed after p_before go, with a shop they
-- signed up that nobody else belongs to and that never took an order (its
-- owner could never sign in to use it).
CREATE FUNCTION purge_unconfirmed_accounts(p_before timestamptz) RETURNS int
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE n int;
BEGIN
  CREATE TEMP TABLE stale ON COMMIT DROP AS
    SELECT u.id FROM users u
    WHERE u.email_verified_at IS NULL AND u.created_at < p_before AND NOT u.is_platform_admin
      AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id);
  DELETE FROM shops s WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.shop_id = s.id AND m.user_id IN (SELECT id FROM stale))
    AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.shop_id = s.id AND m.user_id NOT IN (SELECT id FROM stale))
    AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = s.id);
  DELETE FROM users u WHERE u.id IN (SELECT id FROM stale)
    AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
REVOKE ALL ON FUNCTION purge_unconfirmed_accounts(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_unconfirmed_accounts(timestamptz) TO nearshop_app;
