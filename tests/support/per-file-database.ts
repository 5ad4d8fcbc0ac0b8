// Runs before each test file's imports: gives the file its own database
// (a copy of the migrated template), its own Redis key prefix and its own
// mail folder, so files run in parallel without seeing each other.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const id = randomBytes(5).toString("hex");
const prefix = process.env.TEST_DB_PREFIX ?? "nearshop";
const name = `${prefix}_t_${id}`;

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE ${prefix}_test_template`);
await admin.end();

const at = (user: string) => {
  const u = new URL(ADMIN_URL);
  u.username = user;
  u.pathname = `/${name}`;
  return u.toString();
};

process.env.NODE_ENV = "test";
process.env.DATABASE_URL = at("postgres");
process.env.APP_DATABASE_URL = at("nearshop_app");
// TEST_POOLER_PORT: the app's connections go through a pooler on that port
// (PgBouncer in transaction mode, in front of the same server), e.g. to run
// the isolation suite on shared server connections (README, PgBouncer).
if (process.env.TEST_POOLER_PORT) {
  const pooled = new URL(process.env.APP_DATABASE_URL);
  pooled.port = process.env.TEST_POOLER_PORT;
  process.env.APP_DATABASE_URL = pooled.toString();
  process.env.DATABASE_DIRECT_URL = at("nearshop_app");
}
process.env.QUEUE_PREFIX = `test_${id}`;
process.env.MAIL_OUTBOX_DIR = `var/test-outbox/${id}`;
process.env.UPLOADS_DIR = `var/test-uploads/${id}`;
process.env.IMPORTS_DIR = `var/test-imports/${id}`;
process.env.SMTP_URL = "";
process.env.LOG_LEVEL = "warn";
process.env.DATABASE_POOL_SIZE = "5";

afterAll(async () => {
  const g = globalThis as { __nearshopDb?: { $disconnect(): Promise<void> } };
  await g.__nearshopDb?.$disconnect();
  const a = new pg.Client({ connectionString: ADMIN_URL });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await a.end();
});
