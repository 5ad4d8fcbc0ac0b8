#!/usr/bin/env node
// A stand-in for Prisma's native schema-engine binary, which the CLI tries to
// download from a host that is not reachable here. It runs the same engine
// build compiled to WASM (@prisma/schema-engine-wasm, pinned to CLI 7.10.0)
// over @prisma/adapter-pg and speaks the CLI's protocol: JSON-RPC 2.0, one
// object per line on stdin/stdout, plus the `cli <command>` helpers.
// See ../../docs/decisions/0002-prisma-schema-engine-stand-in.md.
import fs from "node:fs";
import { createRequire } from "node:module";
import readline from "node:readline";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const ENGINE_HASH = "0edf323efd1d98336f3f0a68684b56f689b900d3";
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version" || a === "-V") out.version = true;
    else if (a === "--datamodels") out.datamodels.push(argv[++i]);
    else if (a === "--datasource") out.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
    else if (a === "cli") out.cli = argv[++i];
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  process.stdout.write(`schema-engine-cli ${ENGINE_HASH}\n`);
  process.exit(0);
}

const url = args.datasource?.url ?? process.env.DATABASE_URL;
if (!url) fail("P1012", "No datasource URL: set DATABASE_URL or datasource.url in prisma.config.ts");

if (args.cli) await runCliCommand(args.cli);
else await runRpc();

// ---------------------------------------------------------------- helpers

function fail(code, message) {
  // The CLI skips the first stderr line, then reads JSON log lines.
  const line = { level: "ERROR", target: "schema_engine::logger", fields: { error_code: code, message } };
  process.stderr.write(`schema-engine stand-in\n${JSON.stringify(line)}\n`);
  process.exit(1);
}

function withDatabase(connectionString, database) {
  const u = new URL(connectionString);
  u.pathname = `/${database}`;
  return u.toString();
}

function databaseName(connectionString) {
  return decodeURIComponent(new URL(connectionString).pathname.slice(1)) || "postgres";
}

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runCliCommand(command) {
  const db = databaseName(url);
  const quoted = `"${db.replaceAll('"', '""')}"`;
  try {
    if (command === "can-connect-to-database") {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.end();
    } else if (command === "create-database") {
      await adminQuery(`CREATE DATABASE ${quoted}`);
    } else if (command === "drop-database") {
      await adminQuery(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    } else {
      fail("P1000", `Unknown cli command ${command}`);
    }
  } catch (error) {
    const code = error.code === "3D000" ? "P1003" : error.code === "ECONNREFUSED" ? "P1001" : "P1000";
    const message =
      code === "P1003"
        ? `Database \`${db}\` does not exist`
        : code === "P1001"
          ? `Can't reach database server at \`${new URL(url).host}\``
          : String(error.message);
    fail(code, message);
  }
  process.exit(0);
}

/**
 * adapter-pg needs two fixes for the schema engine: catalog columns of type
 * "char" (oid 18) have no column-type mapping, so relabel them as text; and
 * its script runner splits on `;`, breaking `$$` bodies, so send a script as
 * one multi-statement query.
 */
function patchAdapter(adapter) {
  // Which columns of a query were "char": the describer reads them as chars
  // (constraint_type), so they go back to the engine typed as Character.
  const charColumns = new WeakMap();
  const relabel = (query, result) => {
    const chars = [];
    (result?.fields ?? []).forEach((field, i) => {
      if (field.dataTypeID === 18) {
        field.dataTypeID = 25;
        chars.push(i);
      }
    });
    if (chars.length && query && typeof query === "object") charColumns.set(query, chars);
    return result;
  };
  const CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
  const patchQueryable = (q) => {
    const performIO = q.performIO.bind(q);
    q.performIO = async (query) => relabel(query, await performIO(query));
    const queryRaw = q.queryRaw.bind(q);
    q.queryRaw = async (query) => {
      const result = await queryRaw(query);
      for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = CHARACTER;
      return result;
    };
    return q;
  };
  patchQueryable(adapter);
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...a) => patchQueryable(await startTransaction(...a));
  return adapter;
}

/** adapter-pg's own shadow database reuses the main pool; make a real one. */
function adapterFactory() {
  const main = new PrismaPg({ connectionString: url });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => patchAdapter(await main.connect()),
    connectToShadowDb: async () => {
      if (args.datasource?.shadowDatabaseUrl) {
        return patchAdapter(await new PrismaPg({ connectionString: args.datasource.shadowDatabaseUrl }).connect());
      }
      const name = `prisma_shadow_${process.pid}_${Date.now()}`;
      await adminQuery(`CREATE DATABASE "${name}"`);
      const adapter = patchAdapter(await new PrismaPg({ connectionString: withDatabase(url, name) }).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

async function loadEngine() {
  const dir = require.resolve("@prisma/schema-engine-wasm").replace(/schema_engine\.js$/, "");
  // The WASM build reports a panic through this registry. Without it the
  // panic dies as an unrelated TypeError and the CLI could end with exit 0
  // and no output (a drifted schema then looked like a match). Report it and
  // exit as the native engine does after a panic (101).
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      // The CLI can swallow a panic and still exit 0; a caller that must
      // not mistake that for "no difference" names a file to hear of it.
      if (process.env.SCHEMA_ENGINE_STANDIN_PANIC_FILE) fs.appendFileSync(process.env.SCHEMA_ENGINE_STANDIN_PANIC_FILE, `${message}\n`);
      process.stderr.write(`${JSON.stringify({ level: "ERROR", target: "schema_engine::panic", fields: { message: `panicked at ${message}` } })}\n`);
      process.nextTick(() => process.exit(101));
    },
  };
  const bindings = await import(`${dir}schema_engine_bg.js`);
  const bytes = fs.readFileSync(`${dir}schema_engine_bg.wasm`);
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bindings.SchemaEngine;
}

async function runRpc() {
  const SchemaEngine = await loadEngine();
  const datamodels = args.datamodels.map((p) => [p, fs.readFileSync(p, "utf8")]);
  const pendingPrints = new Map();
  let nextPrintId = 1;
  const write = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);

  const log = (entry) => {
    if (process.env.SCHEMA_ENGINE_STANDIN_DEBUG) process.stderr.write(`${typeof entry === "string" ? entry : JSON.stringify(entry)}\n`);
  };
  // Created on the first request so that a connection failure becomes an
  // RPC error the CLI can show, not a crash with no output.
  let enginePromise;
  const getEngine = () =>
    (enginePromise ??= SchemaEngine.new(
      { datamodels: datamodels.length ? datamodels : undefined },
      log,
      bindMigrationAwareSqlAdapterFactory(adapterFactory()),
    ));
  process.on("unhandledRejection", (error) => {
    process.stderr.write(`${JSON.stringify({ level: "ERROR", target: "schema_engine::standin", fields: { message: String(error?.message ?? error) } })}\n`);
  });

  const methods = { getDatabaseVersion: "version" };
  const emptyFilter = { externalTables: [], externalEnums: [] };
  let needsDiagnostic = false;
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const inflight = new Set();
  rl.on("line", (line) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line);
    if (msg.method === undefined && pendingPrints.has(msg.id)) {
      pendingPrints.get(msg.id)();
      pendingPrints.delete(msg.id);
      return;
    }
    const task = handle(msg).finally(() => inflight.delete(task));
    inflight.add(task);
  });
  rl.on("close", async () => {
    await Promise.allSettled([...inflight]);
    process.exit(0);
  });

  async function handle({ id, method, params }) {
    const name = methods[method] ?? method;
    try {
      const engine = await getEngine();
      if (typeof engine[name] !== "function") throw Object.assign(new Error(`Unknown method ${method}`), { code: -32601 });
      // After applyMigrations, the WASM engine loses its shadow database
      // until a diagnostic step runs again (the native engine does not).
      if (needsDiagnostic && params?.migrationsList && name !== "devDiagnostic") {
        await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters ?? emptyFilter });
      }
      needsDiagnostic = name === "applyMigrations";
      const result = await engine[name](params ?? {});
      // The WASM engine returns diff output; the native one asks the CLI to
      // print it and returns none, which is what the CLI expects.
      if (name === "diff" && result?.stdout) {
        await print(result.stdout);
        result.stdout = null;
      }
      write({ jsonrpc: "2.0", id, result: result ?? null });
    } catch (error) {
      write({ jsonrpc: "2.0", id, error: toRpcError(error) });
    }
  }

  function print(content) {
    return new Promise((resolve) => {
      const id = `print-${nextPrintId++}`;
      pendingPrints.set(id, resolve);
      write({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });
  }
}

function toRpcError(error) {
  // The WASM engine rejects with a JS object shaped like the native
  // engine's user-facing error; keep its code and message.
  const e = typeof error === "object" && error !== null ? error : { message: String(error) };
  const message = e.message ?? JSON.stringify(e);
  return {
    code: typeof e.code === "number" ? e.code : 4466,
    message: "An error happened. Check the data field for details.",
    data: {
      is_panic: Boolean(e.is_panic),
      message,
      error_code: typeof e.error_code === "string" ? e.error_code : undefined,
      meta: e.meta,
    },
  };
}
