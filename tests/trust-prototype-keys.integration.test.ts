// Issue 17, broken today 1: one anonymous form post with a field named
// `__proto__.x` wrote onto Object.prototype and the next query killed the
// process. Reproduced as found (over HTTP, against the production build of
// the pages), then a fuzz pass over every form of every route.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { inviteStaff } from "../server/services/staff/invitations";
import { startTestServer } from "./support/http";
import { actionRoutes, page, postForms, rowCounts } from "./support/pages";
import { recordsIn } from "./support/records";

const HOSTILE_NAMES = ["__proto__.nsProbe", "constructor.prototype.nsProbe", "a.__proto__", "__proto__", "a.constructor.prototype.nsProbe"];

let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: string;
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
let params: Record<string, string>;

const polluted = () => Object.getOwnPropertyNames(Object.prototype).filter((k) => k.toLowerCase().includes("nsprobe") || k === "x");

beforeAll(async () => {
  await db.connect();
  server = await startTestServer({ pages: true });
  const shop = await createShop({ name: "Fuzz shop" });
  owner = await server.cookieFor(shop.ownerId);
  const cashier = await createUser();
  const member = await addMember(shop.id, cashier.id, "cashier");
  const ids = await recordsIn(shop, cashier.id, {
    membershipId: member.id,
    invitationId: (await inviteStaff(shop.id, shop.ownerId, { email: "z@example.test", role: "cashier" })).id,
  });
  const order = await inShop(shop.id, (tx) => tx.order.findFirstOrThrow({ select: { number: true } }));
  params = {
    slug: shop.slug,
    productId: ids.productId,
    variantId: ids.variantId,
    orderId: ids.orderId,
    checkoutId: ids.orderId,
    locationId: shop.locationId,
    customerId: ids.customerId,
    importId: ids.importId,
    number: String(order.number),
    token: "a".repeat(43),
    handle: "none",
    table: "products",
  };
});
afterAll(async () => {
  await server.close();
  await db.end();
});

describe("a form field named __proto__.x (as the attacker sent it)", () => {
  for (const [url, field] of [
    ["/login?index", "__proto__.nsProbe"],
    ["/login", "constructor.prototype.nsProbe"],
    ["/forgot-password", "__proto__.nsProbe"],
    ["/signup", "__proto__.nsProbe"],
    ["/join", "__proto__.nsProbe"],
  ] as const) {
    it(`${url} with ${field}: refused 400, nothing on Object.prototype, the next requests answer`, async () => {
      const body = new URLSearchParams({ email: "someone@example.test", password: "whatever-long-enough", [field]: "1" });
      const r = await page(server.base, url, { body });
      expect(r.status).toBe(400);
      expect(r.text).toContain("is not one this page accepts");
      expect(polluted()).toEqual([]);
      expect(({} as Record<string, unknown>).nsProbe).toBeUndefined();
      // What died before: the next storefront request and a Prisma query.
      expect((await page(server.base, "/login")).status).toBe(200);
      expect((await page(server.base, `/s/${params.slug}`)).status).toBe(200);
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    });
  }
});

describe("fuzz: every form of every route, hostile field names and NUL bytes", () => {
  it("refuses each with a 4xx (or a login redirect), keeps answering, and writes nothing", { timeout: 300_000 }, async () => {
    const routes = await actionRoutes(params);
    expect(routes.length).toBeGreaterThan(20);
    const before = await rowCounts(db);
    let sent = 0;
    for (const { url } of routes) {
      // The forms as the page renders them for the owner; the route's own URL besides.
      const rendered = await page(server.base, url.replace("?index", ""), { cookie: owner });
      const forms = rendered.status === 200 ? postForms(rendered.text, url) : [];
      const targets = [{ action: url, fields: [] as [string, string][] }, ...forms];
      for (const form of targets) {
        const variants: URLSearchParams[] = [
          ...HOSTILE_NAMES.map((name) => new URLSearchParams([...form.fields, [name, "1"]])),
          // Every value with a NUL byte in it, and a NUL in a field name.
          new URLSearchParams([...form.fields.map(([k, v]) => [k, `${v}\u0000x`] as [string, string]), ["note", "a\u0000b"]]),
          new URLSearchParams([...form.fields, ["na\u0000me", "x"]]),
        ];
        for (const body of variants) {
          for (const cookie of [owner, undefined]) {
            const r = await page(server.base, form.action, { body, cookie });
            sent++;
            const what = `${form.action} ${[...body.keys()].join(",")} ${cookie ? "owner" : "anonymous"}`;
            expect(r.status, what).toBeGreaterThanOrEqual(300);
            expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
            expect(polluted(), what).toEqual([]);
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    expect((await page(server.base, "/login")).status).toBe(200);
    // Sessions are only read; every other table holds exactly what it held.
    expect(await rowCounts(db)).toEqual(before);
  });
});
