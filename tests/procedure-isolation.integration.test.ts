import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createShop, createUser } from "../server/db/factories";
import { inShop } from "../server/db/client.server";
import { inviteStaff } from "../server/services/staff/invitations";
import { startTestServer } from "./support/http";
import { allProcedurePaths, OTHER_PROCEDURES, RECORD_KINDS, SHOP_PROCEDURES, type ShopIds } from "./support/procedures";
import { recordsIn } from "./support/records";

let server: Awaited<ReturnType<typeof startTestServer>>;
let a: Awaited<ReturnType<typeof createShop>>;
let b: Awaited<ReturnType<typeof createShop>>;
let ownerA: string;
let cashierA: string;
let aIds: ShopIds;
let bIds: ShopIds;

async function snapshotB() {
  return inShop(b.id, async (tx) => ({
    shop: await tx.shop.findUnique({ where: { id: b.id } }),
    members: await tx.membership.findMany({ orderBy: { id: "asc" } }),
    invitations: await tx.invitation.findMany({ orderBy: { id: "asc" } }),
    products: await tx.product.findMany({ orderBy: { id: "asc" } }),
    variants: await tx.variant.findMany({ orderBy: { id: "asc" } }),
    images: await tx.productImage.findMany({ orderBy: { id: "asc" } }),
    locations: await tx.location.findMany({ orderBy: { id: "asc" } }),
    hours: await tx.locationHours.findMany({ orderBy: { id: "asc" } }),
    exceptions: await tx.locationException.findMany({ orderBy: { id: "asc" } }),
    levels: await tx.stockLevel.findMany({ orderBy: [{ variantId: "asc" }, { locationId: "asc" }] }),
    movements: await tx.stockMovement.findMany({ orderBy: { id: "asc" } }),
    notifications: await tx.notification.findMany({ orderBy: { id: "asc" } }),
    imports: await tx.importJob.findMany({ orderBy: { id: "asc" } }),
    customers: await tx.customer.findMany({ orderBy: { id: "asc" } }),
    orders: await tx.order.findMany({ orderBy: { id: "asc" } }),
    orderLines: await tx.orderLine.findMany({ orderBy: { id: "asc" } }),
    orderEvents: await tx.orderEvent.findMany({ orderBy: { id: "asc" } }),
    payments: await tx.payment.findMany({ orderBy: { id: "asc" } }),
    refunds: await tx.refund.findMany({ orderBy: { id: "asc" } }),
    cashUps: await tx.cashUp.findMany({ orderBy: { id: "asc" } }),
    carts: await tx.cart.findMany({ orderBy: { userId: "asc" } }),
    sequences: await tx.shopSequence.findMany({ orderBy: { name: "asc" } }),
    stripeAccount: await tx.shopStripeAccount.findMany({}),
    commissionPlan: await tx.shopCommissionPlan.findMany({}),
    disputes: await tx.cardDispute.findMany({ orderBy: { id: "asc" } }),
    duplicates: await tx.duplicatePayment.findMany({ orderBy: { id: "asc" } }),
    registers: await tx.register.findMany({ orderBy: { id: "asc" } }),
    registerSales: await tx.registerSale.findMany({ orderBy: { id: "asc" } }),
    auditEvents: await tx.auditEvent.findMany({ orderBy: { id: "asc" } }),
  }));
}

beforeAll(async () => {
  server = await startTestServer();
  a = await createShop({ name: "Shop A" });
  b = await createShop({ name: "Shop B" });
  ownerA = await server.cookieFor(a.ownerId);
  const cashier = await createUser();
  cashierA = await server.cookieFor(cashier.id);
  const aStaff = await addMember(a.id, cashier.id, "cashier");
  const bStaff = await addMember(b.id, (await createUser()).id, "cashier");
  aIds = await recordsIn(a, cashier.id, {
    membershipId: aStaff.id,
    invitationId: (await inviteStaff(a.id, a.ownerId, { email: "x@example.test", role: "cashier" })).id,
  });
  bIds = await recordsIn(b, b.ownerId, {
    membershipId: bStaff.id,
    invitationId: (await inviteStaff(b.id, b.ownerId, { email: "y@example.test", role: "cashier" })).id,
  });
});
afterAll(() => server.close());

describe("every procedure is covered by these suites", () => {
  it("each procedure is listed as a shop procedure or another procedure", () => {
    const listed = new Set([...Object.keys(SHOP_PROCEDURES), ...Object.keys(OTHER_PROCEDURES)]);
    expect(allProcedurePaths().filter((p) => !listed.has(p))).toEqual([]);
    expect([...listed].filter((p) => !allProcedurePaths().includes(p))).toEqual([]);
  });
});

describe.each(Object.entries(SHOP_PROCEDURES))("%s", (path, spec) => {
  it("refuses a member of shop A acting on shop B, and changes nothing there", async () => {
    const before = await snapshotB();
    const r = await server.call(path, { shopSlug: b.slug, ...spec.input(bIds) }, { cookie: ownerA, type: spec.type });
    expect(r.status).toBe(403);
    expect(r.body.error?.data.code).toBe("FORBIDDEN");
    expect(await snapshotB()).toEqual(before);
  });

  it("refuses a visitor who is not logged in", async () => {
    const r = await server.call(path, { shopSlug: a.slug, ...spec.input(aIds) }, { type: spec.type });
    expect(r.status).toBe(401);
  });

  it(`enforces the ${spec.minRole} role`, async () => {
    const r = await server.call(path, { shopSlug: a.slug, ...spec.input(aIds) }, { cookie: cashierA, type: spec.type });
    if (spec.minRole === "cashier") expect(r.status).toBe(200);
    else expect(r.status).toBe(403);
  });
});

const placeholders = Object.fromEntries(RECORD_KINDS.map((k) => [k, `<${k}>`])) as ShopIds;
const takesRecordIds = Object.entries(SHOP_PROCEDURES).filter(([, spec]) => JSON.stringify(spec.input(placeholders)).includes("<"));

describe.each(takesRecordIds)("%s with another shop's record id", (path, spec) => {
  it("does not find shop B's record in shop A's context, and changes nothing", async () => {
    const before = await snapshotB();
    const r = await server.call(path, { shopSlug: a.slug, ...spec.input(bIds) }, { cookie: ownerA, type: spec.type });
    expect(r.status).toBe(404);
    expect(await snapshotB()).toEqual(before);
  });
});
