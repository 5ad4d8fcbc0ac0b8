// "Stopping Redis while a user signs up loses no email": this file runs its
// own Redis server, stops it around a sign-up, and starts it again.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const PORT = 20000 + Math.floor(Math.random() * 20000);
process.env.REDIS_URL = `redis://127.0.0.1:${PORT}`;

let redisProcess: ChildProcess | undefined;
async function startRedis() {
  redisProcess = spawn("redis-server", ["--port", String(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync("redis-cli", ["-p", String(PORT), "ping"], { stdio: "pipe" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("redis-server did not start");
}
async function stopRedis() {
  const p = redisProcess;
  if (!p || p.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    p.once("exit", () => resolve());
    p.kill("SIGKILL");
  });
}

beforeAll(startRedis);
afterAll(stopRedis);

const mails = (dir: string, to: string) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))
        .filter((m) => m.to === to)
    : [];

it("keeps the welcome email in the outbox while Redis is down and sends it once Redis is back", async () => {
  const { createCaller } = await import("../server/trpc/root");
  const { dispatchBatch } = await import("../jobs/dispatcher");
  const { startWorker } = await import("../jobs/worker");
  const { handleNotification } = await import("../jobs/notifications");
  const { db } = await import("../server/db/client.server");
  const { shopDetails } = await import("../server/db/factories");
  const { env } = await import("../server/env.server");
  const email = "while-redis-down@example.test";

  await stopRedis();
  // Signed up from an English page: the welcome email is English (a French shop alone would make it French).
  const caller = createCaller({ user: null, sessionId: null, ip: "10.1.1.1", locale: "en" });
  await expect(caller.auth.signUp({ name: "Rae", email, password: "long enough pw", shop: shopDetails() })).resolves.toEqual({ checkInbox: true });

  const event = await db.outboxEvent.findFirstOrThrow({ where: { type: "account.welcome" }, select: { id: true, dispatchedAt: true } });
  await expect(dispatchBatch()).rejects.toThrow();
  expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).dispatchedAt).toBeNull();

  await startRedis();
  const stop = await startWorker();
  try {
    // The mail file is written just before its delivery row: wait for the row.
    await expect.poll(() => db.emailDelivery.count({ where: { eventId: event.id } }), { timeout: 20_000, interval: 200 }).toBe(1);
    expect(mails(env.MAIL_OUTBOX_DIR, email)).toHaveLength(1);
    expect((await db.outboxEvent.findUniqueOrThrow({ where: { id: event.id } })).dispatchedAt).not.toBeNull();
    const [mail] = mails(env.MAIL_OUTBOX_DIR, email);
    expect(mail.subject).toBe("Confirm your email for Nearshop");
    expect(mail.text).toMatch(new RegExp(`${env.APP_URL}/verify-email/[A-Za-z0-9_-]{43}`));
    expect(mail.html).toContain("Confirm my email");

    // A duplicate delivery of the same event sends nothing more.
    await expect(
      handleNotification("account.welcome", { eventId: event.id, shopId: null, payload: { userId: "00000000-0000-7000-8000-000000000000" } }),
    ).resolves.toMatch(/^already sent/);
    expect(mails(env.MAIL_OUTBOX_DIR, email)).toHaveLength(1);
    expect(await db.emailDelivery.count({ where: { eventId: event.id } })).toBe(1);
  } finally {
    await stop();
  }
});
