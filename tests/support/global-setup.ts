import { execFileSync } from "node:child_process";
import pg from "pg";

/** TEST_DB_PREFIX lets two checkouts run their suites side by side. */
const PREFIX = process.env.TEST_DB_PREFIX ?? "nearshop";
export const TEMPLATE_DB = `${PREFIX}_test_template`;
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Migrates one template database; each test file then copies it (fast). */
export default async function setup() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${TEMPLATE_DB}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: "pipe",
  });
  // The production build of the pages, for tests that post to them over HTTP
  // (startTestServer({ pages: true })).
  execFileSync("npx", ["remix", "build"], { env: { ...process.env, NODE_ENV: "production" }, stdio: "pipe" });
  // Leftovers of interrupted runs.
  const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_t\\_%'", [PREFIX]);
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
}
