// CI guard: fails when prisma/schema.prisma and the migrations disagree.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadDotEnv } from "../server/dotenv";

type Failure = { status?: number; stdout?: string; stderr?: string };

// `migrate diff --from-migrations` replays the migrations in a shadow database
// that it creates through the configured one, so that one must exist. Use a
// scratch database of our own: a fresh machine has no `nearshop` yet.
loadDotEnv();
const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/nearshop");
const scratch = new URL(base);
/** TEST_DB_PREFIX keeps two checkouts running this at once apart. */
const SCRATCH = `${(process.env.TEST_DB_PREFIX ?? "nearshop").toLowerCase().replace(/[^a-z0-9_]/g, "")}_migration_check`;
scratch.pathname = `/${SCRATCH}`;
const adminUrl = new URL(base);
adminUrl.pathname = "/postgres";
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${SCRATCH}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${SCRATCH}"`);

// The engine stand-in reports a panic here: the CLI may swallow one and exit
// 0 with no output, which must not pass for "no difference".
const panicFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "migration-check-")), "panics.log");

function diff(): Failure | null {
  fs.rmSync(panicFile, { force: true });
  try {
    execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code", "--script"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: scratch.toString(), SCHEMA_ENGINE_STANDIN_PANIC_FILE: panicFile },
      },
    );
  } catch (error) {
    return error as Failure;
  }
  return fs.existsSync(panicFile) ? { status: 101, stderr: `The schema engine panicked: ${fs.readFileSync(panicFile, "utf8")}` } : null;
}

// The WASM schema-engine stand-in (prisma/engine) sometimes exits without an
// answer (an empty "Error in Schema engine"); that is a tool failure, not
// drift, so it is retried. Drift (exit code 2) is reported at once.
let failure = diff();
for (let attempt = 2; failure && failure.status !== 2 && attempt <= 3; attempt++) failure = diff();
await admin.query(`DROP DATABASE IF EXISTS "${SCRATCH}" WITH (FORCE)`);
await admin.end();

if (!failure) {
  console.log("Migrations match schema.prisma.");
} else if (failure.status === 2) {
  console.error("schema.prisma and prisma/migrations disagree. This SQL is missing from the migrations:\n");
  console.error(failure.stdout);
  console.error("Create a migration with: npx prisma migrate dev --name <what-changed>");
  process.exit(1);
} else {
  console.error(`Could not compare schema and migrations:\n${failure.stderr ?? failure.stdout ?? String(failure)}`);
  process.exit(1);
}
