// Issue 17, "What a person can do" 1 and 2: two-factor sign-in (TOTP with
// recovery codes; required for platform admins and, when the owner says so,
// for a shop's staff) and sessions a person can see and end. Over real HTTP
// to the production build, as a browser and as an attacker would.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTotpSecret, sealSecret, totpCode } from "../server/auth/totp";
import { mintAuthToken } from "../server/services/accounts/tokens";
import { addMember, createShop, createUser } from "../server/db/factories";
import { baseDb } from "../server/db/client.server";
import { startTestServer } from "./support/http";
import { page } from "./support/pages";

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: pg.Client;

beforeAll(async () => {
  server = await startTestServer({ pages: true });
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
  await server.close();
});

const PASSWORD = "right password 1";
const cookieOf = (headers: Headers, name: string) => headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const valueOf = (cookie: string | undefined) => cookie?.split(";")[0]?.split("=")[1] ?? "";

/** A user whose authenticator is already set up, and its secret. */
async function userWithTotp(over: { platformAdmin?: boolean } = {}) {
  const user = await createUser({ password: PASSWORD, ...over });
  const secret = newTotpSecret();
  await baseDb.user.update({ where: { id: user.id }, data: { totpSecret: sealSecret(secret), totpEnabledAt: new Date() }, select: { id: true } });
  return { user, secret };
}

/** Password step over tRPC: the challenge cookie, never a session. */
async function passwordStep(email: string) {
  const r = await server.call("auth.logIn", { email, password: PASSWORD });
  return { r, challenge: valueOf(cookieOf(r.headers, "nearshop_2fa")) };
}

describe("signing in with a second factor", () => {
  it("the password alone starts no session: a short-lived challenge cookie on /login only", async () => {
    const { user } = await userWithTotp();
    const { r, challenge } = await passwordStep(user.email);
    expect(r.status).toBe(200);
    expect((r.body.result?.data as { twoFactor: string }).twoFactor).toBe("verify");
    expect(cookieOf(r.headers, "nearshop_session")).toBeUndefined();
    expect(cookieOf(r.headers, "nearshop_2fa")).toMatch(/Path=\/login; HttpOnly; SameSite=Lax; Max-Age=900/);
    expect(JSON.stringify(r.body)).not.toContain(challenge);
  });

  it("a wrong code is named next to the field; the right one starts a session that works", async () => {
    const { user, secret } = await userWithTotp();
    const { challenge } = await passwordStep(user.email);
    const wrong = await server.call("auth.completeTwoFactor", { challenge, code: "000000" === totpCode(secret) ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.data.fieldErrors?.code).toMatch(/not right, or was already used/);
    const ok = await server.call("auth.completeTwoFactor", { challenge, code: totpCode(secret) });
    expect(ok.status).toBe(200);
    const session = cookieOf(ok.headers, "nearshop_session");
    expect(session).toMatch(/HttpOnly/);
    expect(cookieOf(ok.headers, "nearshop_2fa")).toMatch(/Max-Age=0/);
    const me = await server.call("auth.me", {}, { cookie: session!, type: "query" });
    expect((me.body.result?.data as { id: string }).id).toBe(user.id);
    // The challenge is used up.
    const again = await server.call("auth.completeTwoFactor", { challenge, code: totpCode(secret) });
    expect(again.status).toBe(400);
  });

  it("a code is never taken twice, even with a new password step", async () => {
    const { user, secret } = await userWithTotp();
    const code = totpCode(secret);
    const first = await passwordStep(user.email);
    expect((await server.call("auth.completeTwoFactor", { challenge: first.challenge, code })).status).toBe(200);
    const second = await passwordStep(user.email);
    const replay = await server.call("auth.completeTwoFactor", { challenge: second.challenge, code });
    expect(replay.status).toBe(400);
    expect(replay.body.error?.data.fieldErrors?.code).toMatch(/already used/);
    // An earlier step's code is refused too once a later one was accepted.
    const earlier = totpCode(secret, Date.now() - 30_000);
    expect((await server.call("auth.completeTwoFactor", { challenge: second.challenge, code: earlier })).status).toBe(400);
  });

  it("ten wrong codes for one account, from anywhere, and the eleventh is 429 with Retry-After", async () => {
    const { user, secret } = await userWithTotp();
    const { challenge } = await passwordStep(user.email);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const code = String(100000 + i);
      statuses.push(code === totpCode(secret) ? 400 : (await server.call("auth.completeTwoFactor", { challenge, code })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    const blocked = await server.call("auth.completeTwoFactor", { challenge, code: totpCode(secret) });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("a recovery code signs in once", async () => {
    const user = await createUser({ password: PASSWORD });
    const cookie = await server.cookieFor(user.id);
    const setup = await server.call("auth.beginTwoFactorSetup", { fresh: true }, { cookie });
    const { secret } = setup.body.result?.data as { secret: string; qrSvg: string };
    const confirmed = await server.call("auth.confirmTwoFactorSetup", { code: totpCode(secret) }, { cookie });
    const codes = (confirmed.body.result?.data as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const one = codes[3]!;
    const a = await passwordStep(user.email);
    const used = await server.call("auth.completeTwoFactor", { challenge: a.challenge, code: one.toUpperCase().replace(/-/g, " ") });
    expect(used.status).toBe(200);
    expect((used.body.result?.data as { usedRecoveryCode: boolean }).usedRecoveryCode).toBe(true);
    const b = await passwordStep(user.email);
    expect((await server.call("auth.completeTwoFactor", { challenge: b.challenge, code: one })).status).toBe(400);
    const status = await server.call("auth.twoFactorStatus", {}, { cookie, type: "query" });
    expect((status.body.result?.data as { recoveryCodesLeft: number }).recoveryCodesLeft).toBe(9);
  });

  it("keeps the secret sealed: the column holds no base32 key", async () => {
    const { user, secret } = await userWithTotp();
    const row = (await owner.query("SELECT totp_secret FROM users WHERE id = $1", [user.id])).rows[0] as { totp_secret: string };
    expect(row.totp_secret.startsWith("v1.")).toBe(true);
    expect(row.totp_secret).not.toContain(secret);
  });
});

describe("who must use a second factor", () => {
  it("a platform admin without one sets it up at sign-in and gets recovery codes; then cannot turn it off", async () => {
    const admin = await createUser({ password: PASSWORD, platformAdmin: true });
    const { r, challenge } = await passwordStep(admin.email);
    expect((r.body.result?.data as { twoFactor: string }).twoFactor).toBe("setup");
    const described = await server.call("auth.twoFactorChallenge", { challenge }, { type: "query" });
    const d = described.body.result?.data as { mode: string; setup: { secret: string; uri: string; qrSvg: string } };
    expect(d.mode).toBe("setup");
    expect(d.setup.uri).toMatch(/^otpauth:\/\/totp\/Nearshop:.*secret=/);
    expect(d.setup.qrSvg).toMatch(/^<svg/);
    const done = await server.call("auth.completeTwoFactor", { challenge, code: totpCode(d.setup.secret) });
    expect(done.status).toBe(200);
    expect((done.body.result?.data as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const cookie = cookieOf(done.headers, "nearshop_session")!;
    const off = await server.call("auth.disableTwoFactor", { password: PASSWORD, code: totpCode(d.setup.secret, Date.now() + 30_000) }, { cookie });
    expect(off.status).toBe(400);
    expect(off.body.error?.message).toMatch(/Platform admins must keep two-factor sign-in on/);
  });

  it("an owner requires it for the staff: a cashier is asked to set it up; a manager cannot switch it", async () => {
    const shop = await createShop();
    const cashier = await createUser({ password: PASSWORD });
    const manager = await createUser({ password: PASSWORD });
    await addMember(shop.id, cashier.id, "cashier");
    await addMember(shop.id, manager.id, "manager");
    const before = await passwordStep(cashier.email);
    expect(cookieOf(before.r.headers, "nearshop_session")).toBeDefined();

    const asManager = await server.cookieFor(manager.id);
    expect((await server.call("staff.requireTwoFactor", { shopSlug: shop.slug, required: true }, { cookie: asManager })).status).toBe(403);
    const asOwner = await server.cookieFor(shop.ownerId);
    expect((await server.call("staff.requireTwoFactor", { shopSlug: shop.slug, required: true }, { cookie: asOwner })).status).toBe(200);

    const after = await passwordStep(cashier.email);
    expect((after.r.body.result?.data as { twoFactor: string }).twoFactor).toBe("setup");
    expect(cookieOf(after.r.headers, "nearshop_session")).toBeUndefined();
    const security = await server.call("staff.security", { shopSlug: shop.slug }, { cookie: asOwner, type: "query" });
    const members = security.body.result?.data as { requireTwoFactor: boolean; members: { email: string; twoFactor: boolean }[] };
    expect(members.requireTwoFactor).toBe(true);
    expect(members.members.find((m) => m.email === cashier.email)?.twoFactor).toBe(false);
  });

  it("a password-reset link does not skip the second factor", async () => {
    const { user } = await userWithTotp();
    const token = await mintAuthToken(user.id, "password_reset");
    const r = await server.call("auth.resetPassword", { token, password: "a new password 2" });
    expect(r.status).toBe(200);
    expect(cookieOf(r.headers, "nearshop_session")).toBeUndefined();
    expect(cookieOf(r.headers, "nearshop_2fa")).toBeDefined();
    expect((r.body.result?.data as { redirectTo: string }).redirectTo).toBe("/login/two-factor");
  });
});

describe("sessions a person can see and end", () => {
  it("lists each browser with its device, network and which one is this; ends one, then all others", async () => {
    const user = await createUser({ password: PASSWORD });
    const login = (ua: string, ip: string) =>
      fetch(`${server.base}/api/trpc/auth.logIn`, {
        method: "POST",
        headers: { Origin: server.base, "Content-Type": "application/json", "User-Agent": ua, "X-Forwarded-For": ip },
        body: JSON.stringify({ email: user.email, password: PASSWORD }),
      }).then((r) => cookieOf(r.headers, "nearshop_session")!);
    const firefox = await login("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0", "1.1.1.1");
    const phone = await login(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "1.1.1.1",
    );
    const third = await login("curl/8.5.0", "1.1.1.1");
    const list = await server.call("auth.sessions", {}, { cookie: firefox, type: "query" });
    const rows = list.body.result?.data as { id: string; device: string; ip: string; current: boolean }[];
    expect(rows).toHaveLength(3);
    expect(rows.find((s) => s.current)?.device).toBe("Firefox on Mac OS");
    expect(rows.map((s) => s.device)).toContain("Mobile Safari on iOS");
    expect(rows.every((s) => s.ip === null || s.ip.endsWith(".x"))).toBe(true);
    // The list never carries a session's secret id.
    expect(JSON.stringify(rows)).not.toContain(valueOf(phone));

    const phoneRow = rows.find((s) => s.device === "Mobile Safari on iOS")!;
    expect((await server.call("auth.endSession", { session: phoneRow.id }, { cookie: firefox })).status).toBe(200);
    expect((await server.call("auth.me", {}, { cookie: phone, type: "query" })).body.result?.data).toBeNull();

    const others = await server.call("auth.endOtherSessions", {}, { cookie: firefox });
    expect((others.body.result?.data as { ended: number }).ended).toBe(1);
    expect((await server.call("auth.me", {}, { cookie: third, type: "query" })).body.result?.data).toBeNull();
    expect((await server.call("auth.me", {}, { cookie: firefox, type: "query" })).body.result?.data).not.toBeNull();
  });

  it("cannot end somebody else's session by its listed id", async () => {
    const ann = await createUser();
    const bob = await createUser();
    const bobCookie = await server.cookieFor(bob.id);
    const bobRows = (await server.call("auth.sessions", {}, { cookie: bobCookie, type: "query" })).body.result?.data as { id: string }[];
    const annCookie = await server.cookieFor(ann.id);
    const r = await server.call("auth.endSession", { session: bobRows[0]!.id }, { cookie: annCookie });
    expect(r.status).toBe(404);
    expect((await server.call("auth.me", {}, { cookie: bobCookie, type: "query" })).body.result?.data).not.toBeNull();
  });

  it("an owner signs a staff member out everywhere; a cashier cannot; another shop's owner cannot", async () => {
    const shop = await createShop();
    const other = await createShop();
    const cashier = await createUser();
    const membership = await addMember(shop.id, cashier.id, "cashier");
    const c1 = await server.cookieFor(cashier.id);
    const c2 = await server.cookieFor(cashier.id);
    const asCashier = c1;
    expect((await server.call("staff.signOutEverywhere", { shopSlug: shop.slug, membershipId: membership.id }, { cookie: asCashier })).status).toBe(403);
    const otherOwner = await server.cookieFor(other.ownerId);
    expect((await server.call("staff.signOutEverywhere", { shopSlug: other.slug, membershipId: membership.id }, { cookie: otherOwner })).status).toBe(404);
    const r = await server.call(
      "staff.signOutEverywhere",
      { shopSlug: shop.slug, membershipId: membership.id },
      { cookie: await server.cookieFor(shop.ownerId) },
    );
    expect((r.body.result?.data as { ended: number }).ended).toBe(2);
    for (const c of [c1, c2]) expect((await server.call("auth.me", {}, { cookie: c, type: "query" })).body.result?.data).toBeNull();
  });
});

describe("the pages, as a browser uses them", () => {
  it("log in → the code page → the shop, with the session cookie only at the end", async () => {
    const { user, secret } = await userWithTotp();
    const shop = await createShop({ owner: user });
    const login = await page(server.base, "/login?index", { body: new URLSearchParams({ email: user.email, password: PASSWORD, next: "" }) });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/login/two-factor");
    expect(cookieOf(login.headers, "nearshop_session")).toBeUndefined();
    const challenge = cookieOf(login.headers, "nearshop_2fa")!;
    const form = await page(server.base, "/login/two-factor", { cookie: challenge });
    expect(form.status).toBe(200);
    // The email is the person's own text (translate="no"): compared as the words shown.
    expect(form.text.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, "")).toContain(`Enter the 6-digit code from your authenticator app for ${user.email}`);
    const wrong = await page(server.base, "/login/two-factor", { cookie: challenge, body: new URLSearchParams({ code: "12345x" }) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("not right, or was already used");
    const done = await page(server.base, "/login/two-factor", { cookie: challenge, body: new URLSearchParams({ code: totpCode(secret) }) });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`/shop/${shop.slug}`);
    const session = cookieOf(done.headers, "nearshop_session")!;
    const security = await page(server.base, "/account/security", { cookie: session });
    expect(security.text).toContain("This browser");
    expect(security.text).toMatch(/<span class="badge ok">On<\/span> since/);
  });

  it("without a challenge cookie the code page sends you to log in; a forged one says to log in again", async () => {
    const none = await page(server.base, "/login/two-factor");
    expect(none.status).toBe(302);
    expect(none.headers.get("location")).toBe("/login");
    const forged = await page(server.base, "/login/two-factor", { cookie: `nearshop_2fa=${"a".repeat(43)}` });
    expect(forged.status).toBe(200);
    expect(forged.text).toContain("This sign-in has expired or was already completed.");
    const posted = await page(server.base, "/login/two-factor", { cookie: `nearshop_2fa=${"a".repeat(43)}`, body: new URLSearchParams({ code: "123456" }) });
    expect(posted.status).toBe(400);
    expect(posted.text).toContain("This sign-in has expired. Log in again.");
  });

  it("setting up at sign-in shows the recovery codes on the page, even without JavaScript", async () => {
    const admin = await createUser({ password: PASSWORD, platformAdmin: true });
    const login = await page(server.base, "/login?index", { body: new URLSearchParams({ email: admin.email, password: PASSWORD, next: "" }) });
    const challenge = cookieOf(login.headers, "nearshop_2fa")!;
    const setup = await page(server.base, "/login/two-factor", { cookie: challenge });
    expect(setup.text).toContain("must use a second factor to sign in");
    const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(setup.text)?.[1]?.replace(/ /g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const done = await page(server.base, "/login/two-factor", { cookie: challenge, body: new URLSearchParams({ code: totpCode(secret!) }) });
    expect(done.status).toBe(200);
    expect(done.text).toContain("Two-factor sign-in is on");
    expect(done.text.match(/<li><code>[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}<\/code><\/li>/g)).toHaveLength(10);
    expect(cookieOf(done.headers, "nearshop_session")).toBeDefined();
  });
});
