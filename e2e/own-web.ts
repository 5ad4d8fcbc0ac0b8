import { spawn, type ChildProcess } from "node:child_process";
import { expect } from "@playwright/test";
import { e2eDatabaseUrl } from "./database-env";

/**
 * A web server of a spec's own on the suite's database, which the spec can
 * stop (and start again) to take the network away for real: with the
 * browser offline and no server, nothing the register's service worker
 * fetches can answer. As in e2e/till.with-no-network.spec.ts; `port` must
 * be one no other spec uses.
 */
export function ownWeb(port: number) {
  const base = `http://localhost:${port}`;
  let web: ChildProcess | null = null;

  async function start() {
    web = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        PORT: String(port),
        APP_URL: base,
        DATABASE_URL: e2eDatabaseUrl("postgres"),
        APP_DATABASE_URL: e2eDatabaseUrl("nearshop_app"),
        QUEUE_PREFIX: `e2e_own_${port}_${Date.now()}`,
        MAIL_OUTBOX_DIR: "var/e2e-outbox",
        UPLOADS_DIR: "var/e2e-uploads",
        IMPORTS_DIR: "var/e2e-imports",
        SMTP_URL: "",
        RATE_LIMIT_SCALE: "20",
        LOG_LEVEL: "warn",
      },
      stdio: "inherit",
    });
    await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
  }

  async function stop() {
    const w = web;
    web = null;
    if (!w || w.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      w.once("exit", () => resolve());
      w.kill("SIGTERM");
    });
  }

  return { base, start, stop };
}
