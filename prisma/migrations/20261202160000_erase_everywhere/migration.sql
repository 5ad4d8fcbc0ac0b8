-- Issue 17, item 4, second pass: an erasure (a person's whole account, or one
-- shop's customer record) removes the person's details from every place they
-- were copied to at the time, not only from orders and customers: the order
-- history (who placed it), staff notifications ("New order from ..."), the
-- outbox (a receipt's address), the record of emails sent (and, in the app,
-- the .eml files and queued jobs), Stripe's event payloads, refund reasons,
-- ledger reasons, cash-up notes, saved filters, pending invitations and the
-- audit log's labels and before/after values. See
-- docs/decisions/0024-erasure-everywhere.md.

-- Append-only tables refuse every UPDATE, except inside an erasure (the
-- owner-run functions below set app.erasing for their own transaction). The
-- app role has no UPDATE privilege on them, so setting the flag gives it
-- nothing.
CREATE OR REPLACE FUNCTION append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('app.erasing', true) = 'on' THEN RETURN NEW; END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE OR REPLACE FUNCTION stock_movements_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('app.erasing', true) = 'on' THEN RETURN NEW; END IF;
  RAISE EXCEPTION 'stock_movements is append-only: % refused', TG_OP;
END
$$;
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('app.erasing', true) = 'on' THEN RETURN NEW; END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

-- A string as a case-insensitive pattern that matches it whole: not inside
-- a longer word ("Ann" is not found in "Annual"). Every character that is
-- not a letter, digit or space is escaped (in PostgreSQL's regular
-- expressions a backslash before such a character means the character).
CREATE FUNCTION erase_pattern(p text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '(?<![[:alnum:]_])' || regexp_replace(p, '([^[:alnum:][:space:]])', '\\\1', 'g') || '(?![[:alnum:]_])'
$$;

-- Does t contain any of the strings (whole, case-insensitively)?
CREATE FUNCTION erase_mentions(t text, pii text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT t IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(pii) p WHERE t ~* erase_pattern(p))
$$;

-- t with every whole occurrence of each string replaced (case-insensitively)
-- by 'Erased customer', in the order given (callers pass the longest first).
CREATE FUNCTION erase_scrub_text(t text, pii text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  p text;
BEGIN
  IF t IS NULL THEN RETURN NULL; END IF;
  FOREACH p IN ARRAY pii LOOP
    t := regexp_replace(t, erase_pattern(p), 'Erased customer', 'gi');
  END LOOP;
  RETURN t;
END
$$;

-- The same through a JSON document: every string value (and key) scrubbed.
CREATE FUNCTION erase_scrub_jsonb(j jsonb, pii text[]) RETURNS jsonb
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN CASE jsonb_typeof(j)
    WHEN 'string' THEN to_jsonb(erase_scrub_text(j #>> '{}', pii))
    WHEN 'object' THEN coalesce((SELECT jsonb_object_agg(erase_scrub_text(k, pii), erase_scrub_jsonb(v, pii)) FROM jsonb_each(j) AS e(k, v)), '{}'::jsonb)
    WHEN 'array' THEN coalesce((SELECT jsonb_agg(erase_scrub_jsonb(v, pii) ORDER BY n) FROM jsonb_array_elements(j) WITH ORDINALITY AS e(v, n)), '[]'::jsonb)
    ELSE j END;
END
$$;

-- The copies of a person's details beyond orders and customers, in the given
-- shops and orders: scrubbed (or, where the row exists only to carry them,
-- deleted). Returns the places the mail transport wrote the emails about
-- them (the app deletes those files). Runs with app.actor cleared, so these
-- clean-ups do not themselves write audit rows carrying what they remove.
-- p_everywhere: a person's own erasure also reaches rows of no shop (emails
-- sent to them by any shop or the platform, Stripe events, outbox rows, the
-- platform log); a shop's erasure of one record stays within its shops.
CREATE FUNCTION erase_traces(p_shops uuid[], p_orders uuid[], p_strings text[], p_everywhere boolean) RETURNS text[]
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

-- A person erases their account (replaces the first version): as before,
-- plus every copy erase_traces finds, pending invitations to their address,
-- and the IP and browser of their own sign-in history. Returns the counts and
-- the mail files to delete.
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

  UPDATE orders SET contact_name = 'Erased customer', contact_email = NULL, contact_phone = NULL, delivery_address = NULL, note = '', user_id = NULL
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

-- A shop erases one customer record (app.shop_id is the shop; the caller's
-- transaction carries the acting manager for the audit triggers): the record,
-- its orders' contact details (orders linked to it, or to its address in
-- this shop) and every copy in this shop. The person's account, if any, is
-- theirs and stays. Returns the counts, the mail files and the addresses.
CREATE FUNCTION erase_shop_customer(p_customer uuid) RETURNS jsonb
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
  UPDATE orders SET contact_name = 'Erased customer', contact_email = NULL, contact_phone = NULL, delivery_address = NULL, note = ''
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
REVOKE ALL ON FUNCTION erase_shop_customer(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_shop_customer(uuid) TO nearshop_app;
