import { describe, expect, it } from "vitest";
import { envSchema } from "../env.server";
import { tileOrigin } from "./security";

describe("the map's tile server (MAP_TILE_URL)", () => {
  const base = { DATABASE_URL: "postgresql://x@localhost/db", APP_DATABASE_URL: "postgresql://x@localhost/db" };

  it("is optional, and must be an http(s) template with {z}, {x} and {y}", () => {
    expect(envSchema.safeParse({ ...base }).data?.MAP_TILE_URL).toBeUndefined();
    expect(envSchema.safeParse({ ...base, MAP_TILE_URL: "" }).data?.MAP_TILE_URL).toBeUndefined();
    expect(envSchema.safeParse({ ...base, MAP_TILE_URL: "https://tile.openstreetmap.org/{z}/{x}/{y}.png" }).success).toBe(true);
    const bad = envSchema.safeParse({ ...base, MAP_TILE_URL: "https://tile.openstreetmap.org/tiles.png" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/with \{z\}, \{x\} and \{y\} in it/);
    expect(envSchema.safeParse({ ...base, MAP_TILE_URL: "ftp://tiles/{z}/{x}/{y}" }).success).toBe(false);
  });

  it("lets the page load images from the tile server's origin, subdomain placeholders included", () => {
    expect(tileOrigin("https://tile.openstreetmap.org/{z}/{x}/{y}.png")).toBe("https://tile.openstreetmap.org");
    expect(tileOrigin("https://{s}.tile.example.org:8443/{z}/{x}/{y}.png")).toBe("https://*.tile.example.org:8443");
  });
});
