// Issue 17, broken today 1 (the second half): with WEB_CONCURRENCY=2 a few
// crashing posts made the supervisor give up and leave no web process. Now
// the supervisor keeps replacing processes with backoff and /healthz says
// so. Runs the real entry point (server/index.ts) on the production build.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let child: ChildProcess;
let base: string;
let log = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

type Health = {
  status: string;
  web: { wanted: number; running: number; recentExits: number; restartDueAt: string | null; lastExit: { signal: string | null } | null };
};
const health = async (): Promise<Health | null> => {
  try {
    return (await (await fetch(`${base}/healthz`)).json()) as Health;
  } catch {
    return null;
  }
};
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const workerPids = () => [...log.matchAll(/"pid":(\d+)/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), APP_URL: base, WEB_CONCURRENCY: "2", APP_SECRET: "x".repeat(40), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  await until("two web processes", async () => (await health())?.web.running === 2 && workerPids().length >= 2, 60_000);
}, 90_000);
afterAll(async () => {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
});

describe("the web supervisor", () => {
  it("answers hostile posts without losing a process", async () => {
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${base}/login?index`, {
        method: "POST",
        headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        body: `email=a%40b.test&password=x&__proto__.nsProbe=1&constructor.prototype.nsProbe=${i}`,
      });
      expect(r.status).toBe(400);
    }
    const h = await health();
    expect(h?.status).toBe("ok");
    expect(h?.web).toMatchObject({ wanted: 2, running: 2, recentExits: 0 });
  });

  it("replaces a process that dies, says so in /healthz, and keeps replacing with backoff instead of giving up", { timeout: 120_000 }, async () => {
    // Kill a web process five times in a row, each soon after it started:
    // the old supervisor gave up after four quick exits.
    for (let round = 1; round <= 5; round++) {
      const h = await until(
        "both processes running",
        async () => {
          const x = await health();
          return x?.web.running === 2 ? x : null;
        },
        60_000,
      );
      expect(h.web.recentExits).toBe(round - 1);
      const pids = await until("a web pid", async () => {
        const ps = workerPids().filter((p) => p !== child.pid);
        return ps.length ? ps : null;
      });
      // The newest process (the one that started last) dies young.
      const victim = pids[pids.length - 1]!;
      try {
        process.kill(victim, "SIGKILL");
      } catch {
        continue;
      }
      const after = await until("the exit to be reported", async () => {
        const x = await health();
        return x && x.web.recentExits === round ? x : null;
      });
      expect(after.status).toBe("degraded");
      expect(after.web.lastExit?.signal).toBe("SIGKILL");
      log = log.replace(new RegExp(`"pid":${victim}\\b`, "g"), '"pid":0');
    }
    expect(log).toContain("a web process exited; starting another");
    expect(log).toMatch(/"restartInMs":[1-9]\d*/); // backoff applied to the young deaths
    expect(log).not.toContain("keep exiting as they start; stopping");
    const final = await until(
      "two processes again",
      async () => {
        const x = await health();
        return x?.web.running === 2 ? x : null;
      },
      60_000,
    );
    expect(final.web.wanted).toBe(2);
    expect(child.exitCode).toBeNull();
  });
});
