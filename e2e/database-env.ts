// The e2e database, for fixtures that write to it directly (e2e/fixtures.ts):
// the same database, Redis prefix-free settings and defaults that
// scripts/e2e-server.ts gives the app. Imported before any server module,
// since server/env.server.ts reads the environment once, when first loaded.
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The e2e database's URL as `user`. */
export function e2eDatabaseUrl(user: string): string {
  const u = new URL(ADMIN_URL);
  u.username = user;
  u.pathname = `/${process.env.TEST_DB_PREFIX ?? "nearshop"}_e2e`;
  return u.toString();
}

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = e2eDatabaseUrl("postgres");
process.env.APP_DATABASE_URL = e2eDatabaseUrl("nearshop_app");
process.env.DATABASE_POOL_SIZE = "2";
process.env.LOG_LEVEL = "warn";
// Files a fixture stores (a product's photos) land where the e2e server serves them from.
process.env.UPLOADS_DIR = "var/e2e-uploads";
