import pg from "pg";
import { Redis } from "ioredis";
import { env } from "./env.server";

function redact(url: string) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

const HOW_TO_START = {
  postgres:
    "Start PostgreSQL (Debian: `pg_ctlcluster 15 main start`; Docker: `docker compose up -d postgres`), then run `npm run setup` once to create and migrate the database.",
  redis: "Start Redis (`redis-server --daemonize yes`; Docker: `docker compose up -d redis`).",
};

async function checkPostgres(): Promise<string | null> {
  const client = new pg.Client({ connectionString: env.APP_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1 FROM users LIMIT 1");
    return null;
  } catch (error) {
    const e = error as { code?: string; message: string };
    const why =
      e.code === "3D000" || e.code === "42P01" || e.code === "28000"
        ? "the database is not set up yet. Run `npm run setup` (or `npx prisma migrate deploy`)."
        : `${e.code ?? ""} ${e.message}. ${HOW_TO_START.postgres}`;
    return `Cannot use PostgreSQL at ${redact(env.APP_DATABASE_URL)}: ${why}`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis(): Promise<string | null> {
  const r = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    await r.connect();
    await r.ping();
    return null;
  } catch (error) {
    return `Cannot reach Redis at ${redact(env.REDIS_URL)} (${(error as Error).message}). ${HOW_TO_START.redis}`;
  } finally {
    r.disconnect();
  }
}

/** Stops the process with a short, actionable message if a service is down. */
export async function checkServices(processName: string) {
  const problems = (await Promise.all([checkPostgres(), checkRedis()])).filter(Boolean);
  if (problems.length === 0) return;
  console.error(`Nearshop ${processName} cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
