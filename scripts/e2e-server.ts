// The app as the browser tests see it: its own database (migrated and
// seeded), Redis prefix and mail folder, a fresh build, web + worker.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { startStripeStandin } from "./stripe-standin";
import { startTwilioStandin } from "./twilio-standin";

const PORT = process.env.E2E_PORT ?? "3100";
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DB = `${process.env.TEST_DB_PREFIX ?? "nearshop"}_e2e`;
const STRIPE_PORT = Number(process.env.E2E_STRIPE_PORT ?? 3199);
// SMS go to the local Twilio stand-in, one port below Stripe's; e2e/sms.spec.ts reads what it received.
const TWILIO_PORT = STRIPE_PORT - 1;
const TWILIO = { sid: `AC${"e2".repeat(16)}`, token: "e2e-twilio-standin-token", from: "+15005550006" };
const at = (user: string) => {
  const u = new URL(ADMIN_URL);
  u.username = user;
  u.pathname = `/${DB}`;
  return u.toString();
};

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "test",
  PORT,
  APP_URL: `http://localhost:${PORT}`,
  DATABASE_URL: at("postgres"),
  APP_DATABASE_URL: at("nearshop_app"),
  QUEUE_PREFIX: `e2e_${Date.now()}`,
  MAIL_OUTBOX_DIR: "var/e2e-outbox",
  UPLOADS_DIR: "var/e2e-uploads",
  IMPORTS_DIR: "var/e2e-imports",
  SMTP_URL: "",
  RATE_LIMIT_SCALE: "20",
  // Card payments against the local Stripe stand-in (scripts/stripe-standin.ts).
  STRIPE_SECRET_KEY: "sk_test_e2e_local_standin",
  STRIPE_WEBHOOK_SECRET: "whsec_e2e_local_standin",
  STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_e2e_local_standin_connect",
  STRIPE_API_URL: `http://127.0.0.1:${STRIPE_PORT}`,
  TWILIO_ACCOUNT_SID: TWILIO.sid,
  TWILIO_AUTH_TOKEN: TWILIO.token,
  TWILIO_FROM: TWILIO.from,
  TWILIO_API_URL: `http://127.0.0.1:${TWILIO_PORT}`,
  // Tiles from a host the browser tests answer themselves (page.route).
  MAP_TILE_URL: "http://tiles.e2e.test/{z}/{x}/{y}.png",
  LOG_LEVEL: "warn",
};

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
await admin.end();
fs.rmSync("var/e2e-outbox", { recursive: true, force: true });

const run = (args: string[]) => execFileSync("npx", args, { env, stdio: ["ignore", "ignore", "inherit"] });
run(["prisma", "migrate", "deploy"]);
run(["prisma", "db", "seed"]);
run(["remix", "build"]);

await startStripeStandin({
  port: STRIPE_PORT,
  webhookUrl: `http://localhost:${PORT}/webhooks/stripe`,
  webhookSecret: "whsec_e2e_local_standin",
  connectWebhookUrl: `http://localhost:${PORT}/webhooks/stripe-connect`,
  connectWebhookSecret: "whsec_e2e_local_standin_connect",
});

await startTwilioStandin({
  port: TWILIO_PORT,
  accountSid: TWILIO.sid,
  authToken: TWILIO.token,
  from: [TWILIO.from],
  inboundUrl: `http://localhost:${PORT}/webhooks/twilio/inbound`,
});

const children = [
  spawn(process.execPath, ["--import", "tsx", "jobs/worker.ts"], { env, stdio: "inherit" }),
  spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { env, stdio: "inherit" }),
];
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    for (const c of children) c.kill("SIGTERM");
    process.exit(0);
  });
}
