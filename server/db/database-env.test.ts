import { describe, expect, it } from "vitest";
import { parseEnv } from "../env.server";

const base: NodeJS.ProcessEnv = { NODE_ENV: "test", DATABASE_URL: "postgresql://x@localhost/db", APP_DATABASE_URL: "postgresql://x@localhost/db" };
const problems = (extra: Record<string, string>) => {
  const r = parseEnv({ ...base, ...extra });
  return "problems" in r ? r.problems : [];
};

describe("pooler and replica settings", () => {
  it("default to one database, prepared statements on, a 15 s read-your-writes window", () => {
    const r = parseEnv(base);
    expect("env" in r && r.env).toMatchObject({ DATABASE_PREPARED_STATEMENTS: "true", DATABASE_REPLICA_STICKY_SECONDS: 15 });
    expect("env" in r && [r.env.DATABASE_REPLICA_URL, r.env.DATABASE_DIRECT_URL]).toEqual([undefined, undefined]);
    expect(problems({ DATABASE_REPLICA_URL: "", DATABASE_DIRECT_URL: "" })).toEqual([]);
  });

  it.each([
    ["DATABASE_PREPARED_STATEMENTS", "yes", "DATABASE_PREPARED_STATEMENTS: must be true or false"],
    ["DATABASE_PREPARED_STATEMENTS", "__proto__", "DATABASE_PREPARED_STATEMENTS: must be true or false"],
    ["DATABASE_REPLICA_URL", "replica.internal", "DATABASE_REPLICA_URL: must be a URL"],
    ["DATABASE_DIRECT_URL", "constructor", "DATABASE_DIRECT_URL: must be a URL"],
    ["DATABASE_REPLICA_STICKY_SECONDS", "0", "DATABASE_REPLICA_STICKY_SECONDS"],
    ["DATABASE_REPLICA_STICKY_SECONDS", "4294967296", "DATABASE_REPLICA_STICKY_SECONDS"],
    ["DATABASE_REPLICA_STICKY_SECONDS", "ten", "DATABASE_REPLICA_STICKY_SECONDS"],
  ])("%s=%s stops boot with a readable problem", (name, value, message) => {
    expect(problems({ [name]: value }).join("\n")).toContain(message);
  });
});
