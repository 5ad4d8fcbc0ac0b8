import { describe, expect, it } from "vitest";
import { parseEnv } from "../../env.server";

const problems = (vars: Record<string, string>) => {
  const parsed = parseEnv({ NODE_ENV: "test", ...vars });
  return "problems" in parsed ? parsed.problems : [];
};

describe("S3_* settings", () => {
  it("keeps files on disk when none is set, and reads a full bucket setting", () => {
    const none = parseEnv({ NODE_ENV: "test" });
    expect("env" in none && none.env.S3_BUCKET).toBeUndefined();
    const full = parseEnv({
      NODE_ENV: "test",
      S3_BUCKET: "shop-files",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "auto",
      S3_ACCESS_KEY_ID: "key",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: "nearshop/",
    });
    expect("env" in full && full.env).toMatchObject({ S3_BUCKET: "shop-files", S3_REGION: "auto", S3_FORCE_PATH_STYLE: "true", S3_PREFIX: "nearshop/" });
  });

  it("names what is wrong with a half-made setting", () => {
    expect(problems({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toEqual([
      "S3_BUCKET: required when other S3_ variables are set (or remove them to keep files on disk)",
    ]);
    expect(problems({ S3_BUCKET: "b-1", S3_ACCESS_KEY_ID: "key" })).toEqual(["S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together"]);
    expect(problems({ S3_BUCKET: "b-1", S3_ENDPOINT: "not a url" })).toEqual(["S3_ENDPOINT: must be a URL, e.g. http://127.0.0.1:9000"]);
    expect(problems({ S3_BUCKET: "b-1", S3_FORCE_PATH_STYLE: "yes" })).toEqual(["S3_FORCE_PATH_STYLE: must be true or false"]);
    expect(problems({ S3_BUCKET: "b-1", S3_PREFIX: "../x/" })).toHaveLength(1);
    expect(problems({ S3_BUCKET: "b-1", S3_PREFIX: "nearshop" })).toHaveLength(1);
  });
});
