-- Erasure (decision 0024) also reaches the SMS about a person's orders
-- (issue 25 item 6): their phone number and the text are replaced, the row
-- is kept for the monthly cap. Same function as 20261202160000_erase_everywhere
-- with one more block (before the outbox's).
--
-- An order whose customer asked for texts keeps its phone (a check:
-- sms_opt_in needs contact_phone): erasing it failed on that check. Both
-- erasures now also turn the order's SMS opt-in off (same functions
-- otherwise).

ALTER TABLE "sms_messages" DROP CONSTRAINT "sms_messages_to_check";
ALTER TABLE "sms_messages" ADD CONSTRAINT "sms_messages_to_check" CHECK ("to" ~ '^\+[1-9][0-9]{6,14}$' OR "to" = 'erased');

CREATE OR REPLACE FUNCTION erase_traces(p_shops uuid[], p_orders uuid[], p_strings text[], p_everywhere boolean) RETURNS text[]
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  pii text[];
  emails text[];
  orders_text text[] := coalesce(p_orders::text[], '{}');
  refs text[] := coalesce((SELECT array_agg('order:' || o) FROM unnest(p_orders) o), '{}');
  saved_actor text := current_setting('app.actor', true);
  files text[];
BEGIN
  -- Only strings that can identify someone: no blanks, nothing as short as
  -- an initial, never the replacement itself.
  -- Longest first, so an address is replaced whole before a name inside it.
  SELECT coalesce(array_agg(x ORDER BY length(x) DESC, x), '{}') INTO pii
    FROM (SELECT DISTINCT btrim(s) AS x FROM unnest(p_strings) s) t
    WHERE x IS NOT NULL AND length(x) >= 3 AND lower(x) NOT IN ('erased customer', 'erased');
  SELECT coalesce(array_agg(DISTINCT lower(s)), '{}') INTO emails FROM unnest(pii) s WHERE s LIKE '%@%';
  PERFORM set_config('app.erasing', 'on', true);
  PERFORM set_config('app.actor', '', true);

  -- The order's history: "Cleo Dupont (customer)" placed it.
  UPDATE order_events SET actor = erase_scrub_text(actor, pii), note = erase_scrub_text(note, pii)
    WHERE shop_id = ANY(p_shops) AND order_id = ANY(p_orders) AND (erase_mentions(actor, pii) OR erase_mentions(note, pii));
  UPDATE refunds SET reason = erase_scrub_text(reason, pii)
    WHERE shop_id = ANY(p_shops) AND order_id = ANY(p_orders) AND erase_mentions(reason, pii);
  UPDATE payments SET reference = erase_scrub_text(reference, pii)
    WHERE shop_id = ANY(p_shops) AND order_id = ANY(p_orders) AND erase_mentions(reference, pii);
  UPDATE stock_movements SET reason = erase_scrub_text(reason, pii)
    WHERE shop_id = ANY(p_shops) AND reference = ANY(refs) AND erase_mentions(reason, pii);
  UPDATE register_sales SET sale = erase_scrub_jsonb(sale, pii), differences = erase_scrub_jsonb(differences, pii)
    WHERE shop_id = ANY(p_shops) AND order_id = ANY(p_orders) AND (erase_mentions(sale::text, pii) OR erase_mentions(differences::text, pii));
  UPDATE cash_ups SET note = erase_scrub_text(note, pii) WHERE shop_id = ANY(p_shops) AND erase_mentions(note, pii);

  -- Staff notices ("New order #12: Cleo Dupont, €20.00").
  UPDATE notifications SET title = erase_scrub_text(title, pii), body = erase_scrub_text(body, pii)
    WHERE shop_id = ANY(p_shops) AND (erase_mentions(title, pii) OR erase_mentions(body, pii));

  -- A saved filter that searches for the person (raw or as written in a URL).
  DELETE FROM saved_filters f WHERE f.shop_id = ANY(p_shops) AND (erase_mentions(f.name, pii) OR EXISTS (
    SELECT 1 FROM unnest(pii) p
    WHERE strpos(lower(f.query), lower(p)) > 0
       OR strpos(lower(f.query), lower(replace(replace(p, ' ', '+'), '@', '%40'))) > 0
       OR strpos(lower(f.query), lower(replace(replace(p, ' ', '%20'), '@', '%40'))) > 0));

  -- Emails sent about the person's orders or to their address: their files
  -- go (the app removes them); the delivery rows stay as the send-once
  -- record, without the address and with the subject scrubbed.
  SELECT coalesce(array_agg(DISTINCT d.location), '{}') INTO files FROM email_deliveries d
    WHERE (lower(d."to") = ANY(emails) OR erase_mentions(d.subject, pii)
           OR d.event_id IN (SELECT o.id FROM outbox o WHERE o.shop_id = ANY(p_shops) AND o.payload ->> 'orderId' = ANY(orders_text)))
      AND (p_everywhere OR d.event_id IN (SELECT o.id FROM outbox o WHERE o.shop_id = ANY(p_shops)));
  UPDATE email_deliveries SET
      "to" = CASE WHEN lower("to") = ANY(emails) OR erase_mentions("to", pii) THEN 'erased-' || left(gen_random_uuid()::text, 8) ELSE "to" END,
      subject = erase_scrub_text(subject, pii)
    WHERE location = ANY(files);

  -- Texts about the person's orders or to their number: the number and the
  -- text go; the row stays with its status, as it counts towards the shop's
  -- monthly SMS cap.
  UPDATE sms_messages SET "to" = 'erased', body = 'Erased customer', error = NULL, updated_at = now()
    WHERE shop_id = ANY(p_shops) AND (order_id = ANY(p_orders) OR "to" = ANY(pii)) AND "to" <> 'erased';

  -- Outbox rows: a receipt to send to the person goes (it must not be sent);
  -- any other payload or error text is scrubbed.
  DELETE FROM outbox WHERE type IN ('receipt.requested', 'receipt') AND erase_mentions(payload::text, pii)
    AND (p_everywhere OR shop_id = ANY(p_shops));
  UPDATE outbox SET payload = erase_scrub_jsonb(payload, pii), last_error = erase_scrub_text(last_error, pii)
    WHERE (erase_mentions(payload::text, pii) OR erase_mentions(last_error, pii)) AND (p_everywhere OR shop_id = ANY(p_shops));

  -- What Stripe sent about the person's payments (customer_details...).
  UPDATE stripe_events SET payload = erase_scrub_jsonb(payload, pii), result = erase_scrub_text(result, pii)
    WHERE (erase_mentions(payload::text, pii) OR erase_mentions(result, pii)) AND (p_everywhere OR shop_id = ANY(p_shops));

  -- The audit log keeps what was done, never who the customer was.
  UPDATE audit_events SET record_label = erase_scrub_text(record_label, pii),
      before = erase_scrub_jsonb(before, pii), after = erase_scrub_jsonb(after, pii)
    WHERE shop_id = ANY(p_shops)
      AND (erase_mentions(record_label, pii) OR erase_mentions(before::text, pii) OR erase_mentions(after::text, pii));
  UPDATE platform_audit_events SET record_label = erase_scrub_text(record_label, pii),
      before = erase_scrub_jsonb(before, pii), after = erase_scrub_jsonb(after, pii)
    WHERE p_everywhere AND (record_label IS NOT NULL OR before IS NOT NULL OR after IS NOT NULL)
      AND (erase_mentions(record_label, pii) OR erase_mentions(before::text, pii) OR erase_mentions(after::text, pii));

  PERFORM set_config('app.erasing', '', true);
  PERFORM set_config('app.actor', coalesce(saved_actor, ''), true);
  RETURN files;
END
$$;
REVOKE ALL ON FUNCTION erase_traces(uuid[], uuid[], text[], boolean) FROM PUBLIC;

CREATE OR REPLACE FUNCTION erase_customer(p_user uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  mail text;
  uname text;
  shops_touched uuid[];
  customer_ids uuid[];
  order_ids uuid[];
  strings text[];
  files text[];
  n_orders int;
  n_customers int;
  s uuid;
  actor jsonb := nullif(current_setting('app.actor', true), '')::jsonb;
BEGIN
  SELECT lower(email), name INTO mail, uname FROM users WHERE id = p_user FOR UPDATE;
  IF mail IS NULL THEN RAISE EXCEPTION 'no such user' USING ERRCODE = 'no_data_found'; END IF;
  IF EXISTS (SELECT 1 FROM memberships WHERE user_id = p_user) THEN
    RAISE EXCEPTION 'staff of a shop' USING ERRCODE = 'check_violation';
  END IF;
  SELECT coalesce(array_agg(id), '{}') INTO customer_ids FROM customers WHERE user_id = p_user OR lower(email) = mail;
  SELECT coalesce(array_agg(id), '{}') INTO order_ids FROM orders
    WHERE user_id = p_user OR lower(contact_email) = mail OR customer_id = ANY(customer_ids);
  SELECT coalesce(array_agg(DISTINCT shop_id), '{}') INTO shops_touched FROM (
    SELECT shop_id FROM orders WHERE id = ANY(order_ids)
    UNION SELECT shop_id FROM customers WHERE id = ANY(customer_ids)
    UNION SELECT shop_id FROM invitations WHERE lower(email) = mail) t;
  -- Every way the person was written down, to find the copies.
  SELECT array_agg(x) INTO strings FROM (
    SELECT unnest(ARRAY[mail, uname])
    UNION SELECT unnest(ARRAY[contact_name, contact_email, contact_phone, delivery_address, nullif(note, '')]) FROM orders WHERE id = ANY(order_ids)
    UNION SELECT unnest(ARRAY[name, email, phone]) FROM customers WHERE id = ANY(customer_ids)) t(x);

  UPDATE orders SET contact_name = 'Erased customer', contact_email = NULL, contact_phone = NULL, sms_opt_in = false, delivery_address = NULL, note = '', user_id = NULL
    WHERE id = ANY(order_ids);
  GET DIAGNOSTICS n_orders = ROW_COUNT;
  UPDATE customers SET name = 'Erased customer', email = NULL, phone = NULL, notes = '', marketing_consent = false, consent_at = NULL, user_id = NULL
    WHERE id = ANY(customer_ids);
  GET DIAGNOSTICS n_customers = ROW_COUNT;
  files := erase_traces(shops_touched, order_ids, strings, true);
  -- Invitations never accepted (an accepted one made them staff: refused above).
  PERFORM set_config('app.actor', '', true);
  DELETE FROM invitations WHERE lower(email) = mail AND accepted_at IS NULL;
  PERFORM set_config('app.actor', coalesce(actor::text, ''), true);
  DELETE FROM carts WHERE user_id = p_user;
  DELETE FROM notifications WHERE user_id = p_user;
  DELETE FROM sessions WHERE user_id = p_user;
  DELETE FROM recovery_codes WHERE user_id = p_user;
  DELETE FROM auth_tokens WHERE user_id = p_user;
  DELETE FROM saved_filters WHERE user_id = p_user;
  UPDATE users SET email = 'erased-' || id || '@erased.invalid', name = 'Erased customer', password_hash = '',
    email_verified_at = NULL, totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
    WHERE id = p_user;
  -- Their sign-in history stays as events (the log's retention purges it)
  -- but without the networks and browsers they used.
  PERFORM set_config('app.erasing', 'on', true);
  UPDATE platform_audit_events SET ip = NULL, user_agent = NULL WHERE actor_id = p_user AND (ip IS NOT NULL OR user_agent IS NOT NULL);
  UPDATE audit_events SET ip = NULL, user_agent = NULL
    WHERE shop_id = ANY(shops_touched) AND actor_id = p_user AND (ip IS NOT NULL OR user_agent IS NOT NULL);
  PERFORM set_config('app.erasing', '', true);
  FOREACH s IN ARRAY shops_touched LOOP
    INSERT INTO audit_events (shop_id, actor_id, ip, user_agent, source, kind, record_type, record_id)
    VALUES (s, p_user, actor ->> 'ip', left(actor ->> 'ua', 300), 'account', 'customer.erased', 'users', p_user::text);
  END LOOP;
  INSERT INTO platform_audit_events (actor_id, ip, user_agent, kind, record_type, record_id, after)
  VALUES (p_user, actor ->> 'ip', left(actor ->> 'ua', 300), 'account.erased', 'users', p_user::text,
          jsonb_build_object('orders_kept', n_orders, 'shop_records', n_customers, 'shops', coalesce(array_length(shops_touched, 1), 0)));
  RETURN jsonb_build_object('orders', n_orders, 'customers', n_customers, 'shops', coalesce(array_length(shops_touched, 1), 0),
                            'files', to_jsonb(files), 'emails', to_jsonb(ARRAY[mail]));
END
$$;

CREATE OR REPLACE FUNCTION erase_shop_customer(p_customer uuid) RETURNS jsonb
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  shop uuid := app_current_shop();
  saved_actor text := current_setting('app.actor', true);
  c customers%ROWTYPE;
  order_ids uuid[];
  strings text[];
  files text[];
  n_orders int;
BEGIN
  IF shop IS NULL THEN RAISE EXCEPTION 'no shop in this transaction' USING ERRCODE = 'insufficient_privilege'; END IF;
  SELECT * INTO c FROM customers WHERE shop_id = shop AND id = p_customer FOR UPDATE;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT coalesce(array_agg(id), '{}') INTO order_ids FROM orders
    WHERE shop_id = shop AND (customer_id = c.id OR (c.email IS NOT NULL AND lower(contact_email) = lower(c.email)));
  SELECT array_agg(x) INTO strings FROM (
    SELECT unnest(ARRAY[c.name, c.email, c.phone])
    UNION SELECT unnest(ARRAY[contact_name, contact_email, contact_phone, delivery_address, nullif(note, '')])
      FROM orders WHERE shop_id = shop AND id = ANY(order_ids)) t(x);
  UPDATE customers SET name = 'Erased customer', email = NULL, phone = NULL, notes = '', marketing_consent = false, consent_at = NULL, user_id = NULL
    WHERE shop_id = shop AND id = c.id;
  UPDATE orders SET contact_name = 'Erased customer', contact_email = NULL, contact_phone = NULL, sms_opt_in = false, delivery_address = NULL, note = ''
    WHERE shop_id = shop AND id = ANY(order_ids);
  GET DIAGNOSTICS n_orders = ROW_COUNT;
  files := erase_traces(ARRAY[shop], order_ids, strings, false);
  -- An invitation to the address, never accepted: the shop's copy of it.
  IF c.email IS NOT NULL THEN
    PERFORM set_config('app.actor', '', true);
    DELETE FROM invitations WHERE shop_id = shop AND lower(email) = lower(c.email) AND accepted_at IS NULL;
    PERFORM set_config('app.actor', coalesce(saved_actor, ''), true);
  END IF;
  RETURN jsonb_build_object('orders', n_orders, 'files', to_jsonb(files),
    'emails', coalesce((SELECT jsonb_agg(DISTINCT lower(x)) FROM unnest(strings) x WHERE x LIKE '%@%'), '[]'::jsonb));
END
$$;
