// `npm run setup`: everything between a fresh clone and `npm run dev`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: "inherit", env: process.env });

if (!fs.existsSync(".env")) {
  fs.copyFileSync(".env.example", ".env");
  console.log("Created .env from .env.example (edit it to point at other services).");
}
process.loadEnvFile(".env");

const ownerUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/nearshop";
const url = new URL(ownerUrl);
const database = url.pathname.slice(1);
const admin = new URL(ownerUrl);
admin.pathname = "/postgres";

const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
try {
  await client.connect();
} catch (error) {
  url.password = url.password ? "***" : "";
  console.error(
    `Cannot reach PostgreSQL at ${url.host} (${(error as Error).message}).\n` +
      "Start it (Debian: `pg_ctlcluster 15 main start`; Docker: `docker compose up -d postgres`) and run `npm run setup` again.",
  );
  process.exit(1);
}
const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
if (exists.rowCount === 0) {
  await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  console.log(`Created database ${database}.`);
}
await client.end();

run("npx", ["prisma", "generate"]);
run("npx", ["prisma", "migrate", "deploy"]);
run("npx", ["prisma", "db", "seed"]);
console.log("Setup done. Start the app with: npm run dev");
