-- The language a person reads the web app and their emails in (issue 26).
-- `locale`: their choice, from the page they signed up on or the switcher;
-- it decides every page. `last_locale`: for people who never chose, the
-- language their pages were last shown in (cookie or Accept-Language), so
-- their emails and notices, written with no request to ask, match the app
-- they use. Both null: the shop's language, else English.
ALTER TABLE users
  ADD COLUMN locale text CHECK (locale IN ('en', 'fr')),
  ADD COLUMN last_locale text CHECK (last_locale IN ('en', 'fr'));

-- Sessions are cached with the user's languages: a change must reach every
-- web process at once, as a new name does.
DROP TRIGGER users_notify_auth ON users;
CREATE TRIGGER users_notify_auth AFTER DELETE OR UPDATE OF email, name, is_platform_admin, password_hash, locale, last_locale ON users
  FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
