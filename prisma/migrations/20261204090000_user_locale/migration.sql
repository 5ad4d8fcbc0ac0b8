-- The language a person chose for the web app (issue 26): null until they
-- pick one with the switcher, when the browser's Accept-Language decides.
ALTER TABLE users ADD COLUMN locale text CHECK (locale IN ('en', 'fr'));

-- Sessions are cached with the user's language: a change must reach every
-- web process at once, as a new name does.
DROP TRIGGER users_notify_auth ON users;
CREATE TRIGGER users_notify_auth AFTER DELETE OR UPDATE OF email, name, is_platform_admin, password_hash, locale ON users
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
