// Real PostgreSQL clusters and PgBouncer, started by the tests themselves
// (Debian's binaries) in temporary folders on free ports, and stopped after.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const PGBOUNCER = process.env.PGBOUNCER_BIN ?? "/usr/sbin/pgbouncer";

// PostgreSQL and PgBouncer refuse to run as root (CI runs as root): then run them as postgres.
const asRoot = process.getuid?.() === 0;
const postgresUser = asRoot
  ? { uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()) }
  : {};
const run = (bin: string, args: string[]) => execFileSync(bin, args, { stdio: "pipe", ...postgresUser });
// Whatever happens to the test (a failed setup, a crash), no server outlives it.
const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.once("exit", () => {
  for (const child of running) child.kill(child.spawnfile.endsWith("pgbouncer") ? "SIGTERM" : "SIGINT");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
const start = (bin: string, args: string[]) => {
  const child = spawn(bin, args, { stdio: "ignore", ...postgresUser });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
};

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir);
  chmodSync(dir, 0o700);
  if (asRoot && postgresUser.uid !== undefined) chownSync(dir, postgresUser.uid, postgresUser.gid);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, ok: () => Promise<boolean>, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${ms} ms`);
}

export const urlFor = (port: number, user: string, database: string) => `postgresql://${user}@127.0.0.1:${port}/${database}`;

async function canQuery(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return true;
  } finally {
    await c.end().catch(() => {});
  }
}

export type Cluster = { port: number; dir: string; stop(): Promise<void>; start(): Promise<void>; remove(): Promise<void> };

function cluster(dataDir: string, dir: string, port: number, settings: string[]): Cluster {
  let child: ChildProcess | null = null;
  const opts = ["-D", dataDir, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", ...settings.flatMap((s) => ["-c", s])];
  const c: Cluster = {
    port,
    dir,
    async start() {
      child = start(path.join(PG_BIN, "postgres"), opts);
      await waitFor(`PostgreSQL on ${port}`, () => canQuery(urlFor(port, "postgres", "postgres")));
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child?.once("exit", r));
      // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected.
      child.kill("SIGINT");
      await exited;
      child = null;
    },
    async remove() {
      await c.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return c;
}

// Fast and small: nothing here must survive a crash of the test machine.
const QUICK = ["fsync=off", "full_page_writes=off", "shared_buffers=32MB", "max_connections=60"];

/** A fresh primary: wal_level=replica (15's default) and initdb's trust lines, replication included, in pg_hba.conf. */
export async function startPrimary(): Promise<Cluster> {
  const dir = ownedTempDir("nearshop-primary-");
  const dataDir = path.join(dir, "data");
  run(path.join(PG_BIN, "initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const c = cluster(dataDir, dir, await freePort(), [...QUICK, "wal_level=replica", "max_wal_senders=4"]);
  await c.start();
  return c;
}

/** A streaming replica of `primary`, made with pg_basebackup (-R writes its standby settings). */
export async function startReplica(primary: Cluster): Promise<Cluster> {
  const dir = ownedTempDir("nearshop-replica-");
  const dataDir = path.join(dir, "data");
  run(path.join(PG_BIN, "pg_basebackup"), [
    "-h",
    "127.0.0.1",
    "-p",
    String(primary.port),
    "-U",
    "postgres",
    "-D",
    dataDir,
    "-R",
    "-X",
    "stream",
    "--checkpoint=fast",
    "--no-sync",
  ]);
  const c = cluster(dataDir, dir, await freePort(), [...QUICK, "hot_standby=on"]);
  await c.start();
  return c;
}

export type Bouncer = { port: number; url(user: string, database: string): string; stop(): Promise<void> };

/**
 * PgBouncer in transaction mode in front of `target`, with `poolSize` server
 * connections per database and user (1: every client shares one).
 */
export async function startPgBouncer(target: { host: string; port: number }, poolSize: number): Promise<Bouncer> {
  const dir = ownedTempDir("nearshop-pgbouncer-");
  const port = await freePort();
  writeFileSync(path.join(dir, "users.txt"), `"nearshop_app" ""\n"postgres" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${target.host} port=${target.port}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      `max_db_connections = ${poolSize}`,
      "max_client_conn = 200",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  if (asRoot) execFileSync("chown", ["-R", `${postgresUser.uid}:${postgresUser.gid}`, dir]);
  const child = start(PGBOUNCER, [path.join(dir, "pgbouncer.ini")]);
  const url = (user: string, database: string) => urlFor(port, user, database);
  await waitFor(`PgBouncer on ${port}`, () => canQuery(url("postgres", "postgres")));
  return {
    port,
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        // SIGTERM: immediate shutdown (SIGINT would wait for every client to leave).
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
