// Issue 17, broken today 4: `next=/\evil.test/` (and a tab after the slash)
// after login, and the same in /near's return path, sent people off-site.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../server/db/factories";
import { localPath } from "../app/lib/local-path";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

let server: Awaited<ReturnType<typeof startTestServer>>;
const HOSTILE = [
  "/\\evil.test/",
  "/\tevil.test/",
  "/\t/evil.test/",
  "//evil.test",
  "/\\/evil.test",
  "https://evil.test",
  "/%09/evil.test",
  "/\n/evil.test",
  "\\\\evil.test",
  "javascript:alert(1)",
];

beforeAll(async () => {
  server = await startTestServer({ pages: true });
});
afterAll(() => server.close());

describe("localPath", () => {
  it.each(HOSTILE.filter((h) => h !== "/%09/evil.test"))("refuses %j", (next) => {
    expect(localPath(next)).toBeNull();
  });
  it("lets an encoded tab through as a path on this site (a browser does not decode it before routing)", () => {
    expect(localPath("/%09/evil.test")).toBe("/%09/evil.test");
  });
  it("keeps ordinary paths", () => {
    expect(localPath("/shop/corner/orders?status=paid#x")).toBe("/shop/corner/orders?status=paid#x");
    expect(localPath("/\\evil.test/")).toBeNull();
    expect(localPath("/\tevil.test/")).toBeNull();
  });
});

describe("after login", () => {
  it.each(HOSTILE)("next=%j lands on this site", async (next) => {
    const user = await createUser({ password: "correct horse battery" });
    const body = new URLSearchParams({ email: user.email, password: "correct horse battery", next });
    const r = await page(server.base, "/login?index", { body });
    expect(r.status).toBe(302);
    const location = r.headers.get("location")!;
    expect(new URL(location, server.base).origin).toBe(server.base);
    expect(location.startsWith("/")).toBe(true);
    expect(location).not.toMatch(/^\/[\\/\t]/);
  });
});

describe("/near's return path", () => {
  it.each(HOSTILE)("returnTo=%j lands on this site", async (returnTo) => {
    const body = new URLSearchParams({ place: "48.85, 2.35", radiusKm: "10", returnTo });
    const r = await page(server.base, "/near", { body });
    expect(r.status).toBe(302);
    const location = r.headers.get("location")!;
    expect(new URL(location, server.base).origin).toBe(server.base);
    expect(location).not.toMatch(/^\/[\\/\t]/);
  });
});
