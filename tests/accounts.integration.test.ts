import { describe, expect, it } from "vitest";
import { db, baseDb } from "../server/db/client.server";
import { createUser, shopDetails } from "../server/db/factories";
import { createCaller } from "../server/trpc/root";
import { lucia } from "../server/auth/lucia.server";
import { mintAuthToken } from "../server/services/accounts/tokens";

const ip = () => `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
/** Session cookies the procedures put on the response (never in the result). */
const cookies: string[] = [];
const lastCookie = () => cookies[cookies.length - 1]!;
const setCookie = (c: string) => void cookies.push(c);
const anon = (addr = ip()) => createCaller({ user: null, sessionId: null, ip: addr, setCookie });
const sessionIdOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

async function as(userId: string) {
  const session = await lucia.createSession(userId, {});
  const { user } = await lucia.validateSession(session.id);
  return { caller: createCaller({ user: user!, sessionId: session.id, ip: ip(), setCookie }), sessionId: session.id };
}

describe("sign-up", () => {
  it("creates the user, the shop and the owner membership, and queues the welcome email", async () => {
    const shop = shopDetails();
    const r = await anon().auth.signUp({ name: "Ann", email: "Ann@Example.test", password: "long enough pw", shop });
    expect(r).toEqual({ checkInbox: true });
    const user = await db.user.findUniqueOrThrow({ where: { email: "ann@example.test" }, select: { id: true, emailVerifiedAt: true } });
    expect(user.emailVerifiedAt).toBeNull();
    const created = await db.shop.findUniqueOrThrow({ where: { slug: shop.slug }, select: { id: true } });
    const owner = await createCaller({
      user: { id: user.id, email: "ann@example.test", name: "Ann", isPlatformAdmin: false, locale: null },
      sessionId: "s",
      ip: ip(),
    }).auth.myShops();
    expect(owner).toEqual([{ id: created.id, slug: shop.slug, name: shop.name, role: "owner" }]);
    const events = await db.outboxEvent.findMany({ where: { type: "account.welcome" }, select: { payload: true, shopId: true } });
    expect(events).toContainEqual({ payload: { userId: user.id }, shopId: created.id });
  });

  it("answers a registered email exactly like a new one, and creates nothing", async () => {
    const existing = await createUser();
    const before = await db.shop.count();
    const r = await anon().auth.signUp({ name: "X", email: existing.email, password: "long enough pw", shop: shopDetails() });
    expect(r).toEqual({ checkInbox: true });
    expect(await db.shop.count()).toBe(before);
    const note = await db.outboxEvent.findFirst({ where: { type: "account.exists" }, orderBy: { createdAt: "desc" }, select: { payload: true } });
    expect(note?.payload).toEqual({ userId: existing.id });
  });

  it("refuses a taken shop address next to the field", async () => {
    const first = shopDetails();
    await anon().auth.signUp({ name: "A", email: "first@example.test", password: "long enough pw", shop: first });
    await expect(anon().auth.signUp({ name: "B", email: "second@example.test", password: "long enough pw", shop: { ...first } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { fieldErrors: { "shop.slug": expect.stringContaining("taken") } },
    });
    expect(await db.user.findUnique({ where: { email: "second@example.test" } })).toBeNull();
  });
});

describe("log-in", () => {
  it("gives one message for an unknown email and a wrong password", async () => {
    const user = await createUser({ password: "right password" });
    const unknown = await anon()
      .auth.logIn({ email: "nobody@example.test", password: "right password" })
      .catch((e) => e.message);
    const wrong = await anon()
      .auth.logIn({ email: user.email, password: "wrong password" })
      .catch((e) => e.message);
    expect(unknown).toBe("Email or password is incorrect");
    expect(wrong).toBe(unknown);
  });

  it("starts a session for the right password", async () => {
    const user = await createUser({ password: "right password" });
    const r = await anon().auth.logIn({ email: user.email, password: "right password" });
    expect(r).not.toHaveProperty("cookie");
    expect(lastCookie()).toMatch(/^nearshop_session=\w+; .*HttpOnly.*SameSite=Lax/i);
    const { user: u } = await lucia.validateSession(sessionIdOf(lastCookie()));
    expect(u?.id).toBe(user.id);
  });

  it("asks an unconfirmed user to confirm first and sends a new link", async () => {
    const user = await createUser({ password: "right password", verified: false });
    await expect(anon().auth.logIn({ email: user.email, password: "right password" })).rejects.toThrow(/Confirm your email/);
    expect(await db.outboxEvent.count({ where: { type: "account.welcome", payload: { equals: { userId: user.id } } } })).toBe(1);
  });

  it("is rate-limited per account and source: a stranger's failures do not lock the owner out", async () => {
    const user = await createUser({ password: "right password 1" });
    const stranger = anon("10.7.7.7");
    const attempts = [];
    for (let i = 0; i < 12; i++) attempts.push(await stranger.auth.logIn({ email: user.email, password: "wrong" }).catch((e) => e.code));
    expect(attempts.slice(0, 10).every((c) => c === "BAD_REQUEST")).toBe(true);
    expect(attempts.slice(10)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
    // The owner, from their own network, still signs in.
    await expect(anon("10.8.8.8").auth.logIn({ email: user.email, password: "right password 1" })).resolves.toHaveProperty("redirectTo");
  });

  it("has a ceiling per account across all sources (a guessing run spread over many addresses)", async () => {
    const user = await createUser();
    const codes = [];
    for (let i = 0; i < 102; i++)
      codes.push(
        await anon(`10.6.${Math.floor(i / 5)}.${i % 5}`)
          .auth.logIn({ email: user.email, password: "wrong" })
          .catch((e) => e.code),
      );
    expect(codes.slice(0, 100).every((c) => c === "BAD_REQUEST")).toBe(true);
    expect(codes.slice(100)).toEqual(["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS"]);
  }, 120_000);

  it("is rate-limited per IP, whatever the account", async () => {
    const caller = anon("10.9.9.9");
    const codes = [];
    for (let i = 0; i < 32; i++) codes.push(await caller.auth.logIn({ email: `n${i}@example.test`, password: "x" }).catch((e) => e.code));
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(2);
  });
});

describe("password reset and change", () => {
  it("resets once through the token, ends every session, and refuses the token again", async () => {
    const user = await createUser({ password: "old password 1" });
    const other = await as(user.id);
    const token = await mintAuthToken(user.id, "password_reset");
    expect(await anon().auth.resetTokenUsable({ token })).toBe(true);
    const r = await anon().auth.resetPassword({ token, password: "new password 22" });
    expect(r).not.toHaveProperty("cookie");
    expect(lastCookie()).toContain("nearshop_session=");
    expect((await lucia.validateSession(other.sessionId)).session).toBeNull();
    expect(await anon().auth.resetTokenUsable({ token })).toBe(false);
    await expect(anon().auth.resetPassword({ token, password: "third password 3" })).rejects.toThrow(/expired or was already used/);
    await expect(anon().auth.logIn({ email: user.email, password: "new password 22" })).resolves.toHaveProperty("redirectTo");
  });

  it("refuses an expired token", async () => {
    const user = await createUser();
    const token = await mintAuthToken(user.id, "password_reset");
    await baseDb.authToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(anon().auth.resetPassword({ token, password: "new password 22" })).rejects.toThrow(/expired/);
  });

  it("does not say whether an email is registered", async () => {
    const user = await createUser();
    await expect(anon().auth.requestPasswordReset({ email: user.email })).resolves.toEqual({ checkInbox: true });
    await expect(anon().auth.requestPasswordReset({ email: "nobody@example.test" })).resolves.toEqual({ checkInbox: true });
  });

  it("changing the password ends the user's other sessions", async () => {
    const user = await createUser({ password: "old password 1" });
    const here = await as(user.id);
    const elsewhere = await as(user.id);
    await expect(here.caller.auth.changePassword({ currentPassword: "wrong", newPassword: "new password 22" })).rejects.toMatchObject({
      cause: { fieldErrors: { currentPassword: expect.any(String) } },
    });
    await here.caller.auth.changePassword({ currentPassword: "old password 1", newPassword: "new password 22" });
    expect((await lucia.validateSession(elsewhere.sessionId)).session).toBeNull();
    expect((await lucia.validateSession(sessionIdOf(lastCookie()))).user?.id).toBe(user.id);
  });
});
