-- Issue 17, item 3: the audit log. Two append-only tables:
--   audit_events           what was done in a shop's back office (tenant table, RLS)
--   platform_audit_events  what has no shop: sign-ins, second-factor changes,
--                          a customer's own data requests, platform admin actions
-- Rows are written in the same transaction as the change: by the triggers
-- below for the tables they watch, and by server/services/audit/record.ts for
-- events that are not a row change (exports, sign-ins).

CREATE TABLE "audit_events" (
    "shop_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    "actor_id" UUID,
    "ip" TEXT,
    "user_agent" TEXT,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "record_type" TEXT,
    "record_id" TEXT,
    "record_label" TEXT,
    "before" JSONB,
    "after" JSONB,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("shop_id", "id")
);
CREATE INDEX "audit_events_shop_id_created_at_id_idx" ON "audit_events"("shop_id", "created_at" DESC, "id" DESC);
CREATE INDEX "audit_events_shop_id_actor_id_created_at_idx" ON "audit_events"("shop_id", "actor_id", "created_at" DESC);
CREATE INDEX "audit_events_shop_id_kind_created_at_idx" ON "audit_events"("shop_id", "kind", "created_at" DESC);
CREATE INDEX "audit_events_shop_id_record_id_idx" ON "audit_events"("shop_id", "record_id");
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shops"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "platform_audit_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT clock_timestamp(),
    "actor_id" UUID,
    "ip" TEXT,
    "user_agent" TEXT,
    "kind" TEXT NOT NULL,
    "shop_id" UUID,
    "record_type" TEXT,
    "record_id" TEXT,
    "record_label" TEXT,
    "before" JSONB,
    "after" JSONB,
    CONSTRAINT "platform_audit_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "platform_audit_events_created_at_id_idx" ON "platform_audit_events"("created_at" DESC, "id" DESC);
CREATE INDEX "platform_audit_events_actor_id_created_at_idx" ON "platform_audit_events"("actor_id", "created_at" DESC);

-- Tenancy: a shop reads and writes only its own rows. A platform admin's
-- read across shops sets app.audit_reader in its own transaction
-- (asAuditReader in server/db/tenancy.ts); nothing else sets it.
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_events_shop ON audit_events
  USING (shop_id = app_current_shop()) WITH CHECK (shop_id = app_current_shop());
CREATE POLICY audit_events_platform_read ON audit_events FOR SELECT
  USING (current_setting('app.audit_reader', true) = 'platform');

-- Append-only: the app may insert and read, never change or remove; no one
-- may change a row. Old rows go only through purge_audit_events (retention).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, platform_audit_events FROM nearshop_app;
CREATE FUNCTION audit_events_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER platform_audit_events_no_update BEFORE UPDATE ON platform_audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- Retention (the purge job): rows older than the cutoff, as the owner.
CREATE FUNCTION purge_audit_events(p_before timestamptz) RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE n bigint; m bigint;
BEGIN
  DELETE FROM audit_events WHERE created_at < p_before;
  GET DIAGNOSTICS n = ROW_COUNT;
  DELETE FROM platform_audit_events WHERE created_at < p_before;
  GET DIAGNOSTICS m = ROW_COUNT;
  RETURN n + m;
END
$$;
REVOKE ALL ON FUNCTION purge_audit_events(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_audit_events(timestamptz) TO nearshop_app;

-- Who is acting, set by the app beside app.shop_id in the same transaction
-- (a JSON object: u = user id, ip, ua, src = back_office | admin). Unset for
-- customers' own checkout, the worker's jobs and webhooks: those are not
-- back-office writes, and are not logged by the triggers.
CREATE FUNCTION audit_actor() RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.actor', true), '')::jsonb $$;

-- One trigger function for every watched table. Arguments:
--   0: the column that names the record for a person (title, sku, name...)
--   1: columns never logged (comma-separated), on top of the secrets below
--   2: personal columns: logged as changed, never with their value, so an
--      erased customer's details do not live on in the log
-- Secrets (any column named like *hash*, *secret*, *verifier*, *token*) and
-- bookkeeping columns (updated_at, feed_seq) are never logged.
CREATE FUNCTION audit_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  actor jsonb := audit_actor();
  old_row jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
  row_data jsonb := coalesce(new_row, old_row);
  skip text[] := string_to_array(coalesce(nullif(TG_ARGV[1], ''), ''), ',') || ARRAY['updated_at', 'feed_seq'];
  masked text[] := string_to_array(coalesce(nullif(TG_ARGV[2], ''), ''), ',');
  b jsonb := '{}';
  a jsonb := '{}';
  k text;
  shop uuid;
BEGIN
  IF actor IS NULL THEN RETURN NULL; END IF;
  FOR k IN SELECT jsonb_object_keys(row_data) LOOP
    CONTINUE WHEN k = ANY(skip) OR k ~ '(hash|secret|verifier|token)';
    CONTINUE WHEN TG_OP = 'UPDATE' AND (old_row -> k) IS NOT DISTINCT FROM (new_row -> k);
    IF old_row IS NOT NULL THEN
      b := b || jsonb_build_object(k, CASE WHEN k = ANY(masked) AND old_row -> k <> 'null' THEN '"(personal data)"'::jsonb ELSE old_row -> k END);
    END IF;
    IF new_row IS NOT NULL THEN
      a := a || jsonb_build_object(k, CASE WHEN k = ANY(masked) AND new_row -> k <> 'null' THEN '"(personal data)"'::jsonb ELSE new_row -> k END);
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' AND a = '{}' THEN RETURN NULL; END IF;
  shop := coalesce(row_data ->> 'shop_id', row_data ->> 'id')::uuid;
  INSERT INTO audit_events (shop_id, actor_id, ip, user_agent, source, kind, record_type, record_id, record_label, before, after)
  VALUES (
    shop,
    nullif(actor ->> 'u', '')::uuid,
    actor ->> 'ip',
    left(actor ->> 'ua', 300),
    coalesce(actor ->> 'src', 'back_office'),
    TG_TABLE_NAME || '.' || lower(TG_OP),
    TG_TABLE_NAME,
    coalesce(row_data ->> 'id', row_data ->> 'shop_id'),
    left(CASE WHEN TG_ARGV[0] = ANY(masked) THEN NULL ELSE row_data ->> TG_ARGV[0] END, 200),
    CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE b END,
    CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE a END);
  RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION audit_row('title', 'available', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON variants
  FOR EACH ROW EXECUTE FUNCTION audit_row('sku', 'position', '');
CREATE TRIGGER audit AFTER INSERT OR DELETE ON product_images
  FOR EACH ROW EXECUTE FUNCTION audit_row('key', '', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON locations
  FOR EACH ROW EXECUTE FUNCTION audit_row('name', '', '');
CREATE TRIGGER audit AFTER INSERT ON stock_movements
  FOR EACH ROW WHEN (NEW.kind IN ('received', 'adjusted', 'transfer_out', 'transfer_in'))
  EXECUTE FUNCTION audit_row('reason', '', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION audit_row('role', 'pin_failures', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON invitations
  FOR EACH ROW EXECUTE FUNCTION audit_row('email', '', '');
CREATE TRIGGER audit AFTER UPDATE ON shops
  FOR EACH ROW EXECUTE FUNCTION audit_row('name', '', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION audit_row('name', 'order_count,total_spent,last_order_at', 'name,email,phone,notes');
CREATE TRIGGER audit AFTER UPDATE ON orders
  FOR EACH ROW EXECUTE FUNCTION audit_row('number', '', 'contact_name,contact_email,contact_phone,delivery_address,note');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON refunds
  FOR EACH ROW EXECUTE FUNCTION audit_row('kind', '', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON import_jobs
  FOR EACH ROW EXECUTE FUNCTION audit_row('file_name', 'processed_rows,applied_rows,unchanged_rows,errors,total_rows', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON registers
  FOR EACH ROW EXECUTE FUNCTION audit_row('name', 'next_receipt', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON shop_stripe_accounts
  FOR EACH ROW EXECUTE FUNCTION audit_row('account_id', '', '');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON shop_commission_plans
  FOR EACH ROW EXECUTE FUNCTION audit_row('note', '', '');

-- ------------------------------------------------- platform-level events
-- Account events have no shop: they go to platform_audit_events, with the
-- place they came from (the session's own row, else app.actor when the app
-- set it in the transaction: actorSql in server/services/audit/record.ts).
CREATE FUNCTION audit_platform(p_kind text, p_actor uuid, p_ip text, p_ua text, p_record_type text, p_record_id text, p_label text, p_before jsonb, p_after jsonb)
  RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO platform_audit_events (actor_id, ip, user_agent, kind, record_type, record_id, record_label, before, after)
  VALUES (p_actor, coalesce(p_ip, audit_actor() ->> 'ip'), left(coalesce(p_ua, audit_actor() ->> 'ua'), 300), p_kind, p_record_type, p_record_id, left(p_label, 200), p_before, p_after)
$$;
REVOKE ALL ON FUNCTION audit_platform(text, uuid, text, text, text, text, text, jsonb, jsonb) FROM PUBLIC;

-- A session starts: someone signed in (password, link, second factor).
CREATE FUNCTION audit_session_started() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM audit_platform('auth.signed_in', NEW.user_id, NEW.ip, NEW.user_agent, 'users', NEW.user_id::text, NULL, NULL, NULL);
  RETURN NULL;
END
$$;
CREATE TRIGGER audit AFTER INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION audit_session_started();

-- Second factor on or off, password changed: never the values themselves.
CREATE FUNCTION audit_account_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE actor uuid := coalesce(nullif(audit_actor() ->> 'u', '')::uuid, NEW.id);
BEGIN
  IF OLD.totp_enabled_at IS NULL AND NEW.totp_enabled_at IS NOT NULL THEN
    PERFORM audit_platform('auth.two_factor_on', actor, NULL, NULL, 'users', NEW.id::text, NULL, NULL, NULL);
  ELSIF OLD.totp_enabled_at IS NOT NULL AND NEW.totp_enabled_at IS NULL THEN
    PERFORM audit_platform('auth.two_factor_off', actor, NULL, NULL, 'users', NEW.id::text, NULL, NULL, NULL);
  END IF;
  IF OLD.password_hash IS DISTINCT FROM NEW.password_hash THEN
    PERFORM audit_platform('auth.password_changed', actor, NULL, NULL, 'users', NEW.id::text, NULL, NULL, NULL);
  END IF;
  IF OLD.is_platform_admin IS DISTINCT FROM NEW.is_platform_admin THEN
    PERFORM audit_platform('admin.platform_admin_changed', actor, NULL, NULL, 'users', NEW.id::text, NULL,
      jsonb_build_object('is_platform_admin', OLD.is_platform_admin), jsonb_build_object('is_platform_admin', NEW.is_platform_admin));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER audit AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION audit_account_changed();

CREATE FUNCTION audit_recovery_codes() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE u uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    FOR u IN SELECT DISTINCT user_id FROM new_rows LOOP
      PERFORM audit_platform('auth.recovery_codes_issued', u, NULL, NULL, 'users', u::text, NULL, NULL, NULL);
    END LOOP;
  ELSE
    FOR u IN SELECT n.user_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.used_at IS NULL AND n.used_at IS NOT NULL LOOP
      PERFORM audit_platform('auth.recovery_code_used', u, NULL, NULL, 'users', u::text, NULL, NULL, NULL);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER audit_insert AFTER INSERT ON recovery_codes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_recovery_codes();
CREATE TRIGGER audit_update AFTER UPDATE ON recovery_codes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION audit_recovery_codes();

-- The platform's default commission (admin).
CREATE FUNCTION audit_commission_rate() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM audit_platform('admin.commission_rate_set', nullif(audit_actor() ->> 'u', '')::uuid, NULL, NULL, 'commission_rates', NEW.currency, NEW.currency,
    CASE WHEN TG_OP = 'UPDATE' THEN jsonb_build_object('percent_bp', OLD.percent_bp, 'fixed', OLD.fixed) END,
    jsonb_build_object('percent_bp', NEW.percent_bp, 'fixed', NEW.fixed));
  RETURN NULL;
END
$$;
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON commission_rates FOR EACH ROW EXECUTE FUNCTION audit_commission_rate();
