-- Tenancy, layer 3: row-level security on every tenant table.
--
-- Migrations run as the database owner. The application connects as
-- nearshop_app, which is neither superuser nor owner of any table, so the
-- policies below apply to every query it makes. Each query's shop comes from
-- the transaction-local setting app.shop_id (set_config(..., true)), which is
-- safe behind a transaction-mode pooler.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nearshop_app') THEN
    CREATE ROLE nearshop_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO nearshop_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO nearshop_app;
-- Prisma's bookkeeping table is not the application's business (it does not
-- exist in the shadow database Prisma replays migrations into).
DO $$
BEGIN
  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    REVOKE ALL ON TABLE public._prisma_migrations FROM nearshop_app;
  END IF;
END
$$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO nearshop_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO nearshop_app;

-- An unset or empty setting yields NULL, which matches no row.
CREATE FUNCTION app_current_shop() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.shop_id', true), '')::uuid $$;

CREATE FUNCTION app_current_user() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY memberships_shop ON memberships
  USING (shop_id = app_current_shop())
  WITH CHECK (shop_id = app_current_shop());
-- A user may list their own memberships (the shop switcher), read only.
CREATE POLICY memberships_own ON memberships FOR SELECT
  USING (user_id = app_current_user());

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
CREATE POLICY invitations_shop ON invitations
  USING (shop_id = app_current_shop())
  WITH CHECK (shop_id = app_current_shop());

-- An invitation link carries a token, not a shop. This reveals only which
-- shop a valid token belongs to; the caller then works inside that shop.
CREATE FUNCTION invitation_shop_id(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT shop_id FROM invitations WHERE token_hash = p_token_hash $$;
REVOKE ALL ON FUNCTION invitation_shop_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invitation_shop_id(text) TO nearshop_app;
