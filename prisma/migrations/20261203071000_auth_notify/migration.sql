-- Web processes keep sessions they validated for a few seconds
-- (server/auth/session-cache.ts); these triggers tell every process, through
-- NOTIFY on nearshop_auth, whose sessions to forget: a session ended or its
-- expiry changed, a user's name, email, admin flag or password changed, a
-- user erased. The payload is the user's id, never a session token.
-- NOTIFY is sent at commit, and a transaction's identical payloads once.
CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only its own table's columns (PL/pgSQL resolves them when run).
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('nearshop_auth', OLD.id::text);
  ELSE
    PERFORM pg_notify('nearshop_auth', OLD.user_id::text);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_notify_auth AFTER DELETE OR UPDATE OF expires_at, user_id ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER users_notify_auth AFTER DELETE OR UPDATE OF email, name, is_platform_admin, password_hash ON users
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
