// Issue 17, broken today 10 (first half): tRPC login returned the session
// cookie in its JSON body (readable by any script that calls it), and
// sign-up with a taken shop address told whether an email was registered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShop, createUser, shopDetails } from "../server/db/factories";
import { startTestServer } from "./support/http";

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("auth.logIn over HTTP", () => {
  it("sets the session cookie as an HttpOnly header and says nothing of it in the body", async () => {
    const user = await createUser({ password: "right password 1" });
    const r = await server.call("auth.logIn", { email: user.email, password: "right password 1" });
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toMatch(/nearshop_session|cookie/i);
    expect(r.headers.get("set-cookie")).toMatch(/^nearshop_session=\w+;.*HttpOnly/i);
    // The cookie works.
    const me = await server.call("auth.me", {}, { cookie: r.headers.get("set-cookie")!, type: "query" });
    expect((me.body.result?.data as { id: string }).id).toBe(user.id);
  });
  it("logging out over HTTP clears the cookie in a header", async () => {
    const user = await createUser();
    const cookie = await server.cookieFor(user.id);
    const r = await server.call("auth.logOut", {}, { cookie });
    expect(JSON.stringify(r.body)).not.toMatch(/nearshop_session/);
    expect(r.headers.get("set-cookie")).toMatch(/^nearshop_session=;/);
  });
});

describe("sign-up with a taken shop address", () => {
  it("answers the same for a registered and an unregistered email", async () => {
    const taken = await createShop();
    const registered = await createUser();
    const attempt = (email: string) =>
      server.call("auth.signUp", { name: "Probe", email, password: "long enough pw 1", shop: { ...shopDetails(), slug: taken.slug } });
    const a = await attempt(registered.email);
    const b = await attempt(`nobody-${Date.now()}@example.test`);
    expect(a.status).toBe(400);
    expect(b.status).toBe(a.status);
    expect(b.body.error?.message).toBe(a.body.error?.message);
    expect(a.body.error?.data.fieldErrors).toEqual({ "shop.slug": "This shop address is taken; choose another" });
  });
});
