import { db, inShop } from "../../db/client.server";
import { recordAudit } from "../audit/record";
import { forgetSessionsOf } from "../../auth/lucia.server";
import { publishAccessChange } from "../orders/live";
import type { ShopTx } from "../../db/tenancy";
import type { Role } from "../../db/generated/client.ts";
import { badRequest, notFound } from "../errors";

const PAGE = 100;

/** Members and pending invitations of a shop, for the staff page. */
export function listStaff(shopId: string, cursor?: string) {
  return inShop(shopId, async (tx) => {
    const members = await tx.membership.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE + 1,
      ...(cursor ? { cursor: { shopId_id: { shopId, id: cursor } }, skip: 1 } : {}),
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    });
    const invitations = await tx.invitation.findMany({
      where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      take: PAGE,
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    });
    const more = members.length > PAGE;
    return {
      members: members.slice(0, PAGE),
      nextCursor: more ? members[PAGE - 1]?.id : undefined,
      invitations,
    };
  });
}

async function loadChangeable(tx: ShopTx, membershipId: string, actorId: string) {
  const m = await tx.membership.findFirst({ where: { id: membershipId }, select: { id: true, role: true, userId: true } });
  if (!m) throw notFound("Staff member");
  if (m.userId === actorId) throw badRequest("You cannot change your own membership");
  if (m.role === "owner") throw badRequest("The shop owner's role cannot be changed or removed");
  return m;
}

export function changeRole(shopId: string, actorId: string, membershipId: string, role: Exclude<Role, "owner">) {
  return inShop(shopId, async (tx) => {
    const m = await loadChangeable(tx, membershipId, actorId);
    const saved = await tx.membership.update({
      where: { shopId_id: { shopId, id: membershipId } },
      data: { role },
      select: { id: true, role: true },
    });
    return { ...saved, userId: m.userId };
  }).then(async ({ userId, ...saved }) => {
    await publishAccessChange(shopId, userId); // after commit: their open board streams end
    return saved;
  });
}

export function removeMember(shopId: string, actorId: string, membershipId: string) {
  return inShop(shopId, async (tx) => {
    const m = await loadChangeable(tx, membershipId, actorId);
    await tx.membership.delete({ where: { shopId_id: { shopId, id: m.id } }, select: { id: true } });
    return m.userId;
  }).then(async (userId) => {
    await publishAccessChange(shopId, userId); // after commit: their open board streams end
    return { removed: true as const };
  });
}

/** The staff's sign-in security, for the owner: who has a second factor, who is signed in where. */
export async function staffSecurity(shopId: string) {
  const { members, requireTwoFactor } = await inShop(shopId, async (tx) => ({
    members: await tx.membership.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 500,
      select: { id: true, role: true, user: { select: { id: true, name: true, email: true, totpEnabledAt: true } } },
    }),
    requireTwoFactor: (await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { requireTwoFactor: true } })).requireTwoFactor,
  }));
  const sessions = await db.session.groupBy({
    by: ["userId"],
    where: { userId: { in: members.map((m) => m.user.id) }, expiresAt: { gt: new Date() } },
    _count: { _all: true },
    _max: { lastSeenAt: true },
  });
  const byUser = new Map(sessions.map((s) => [s.userId, s]));
  return {
    requireTwoFactor,
    members: members.map((m) => ({
      id: m.id,
      role: m.role,
      name: m.user.name,
      email: m.user.email,
      twoFactor: !!m.user.totpEnabledAt,
      sessions: byUser.get(m.user.id)?._count._all ?? 0,
      lastSeenAt: byUser.get(m.user.id)?._max.lastSeenAt ?? null,
    })),
  };
}

/** Staff without a second factor are asked to set one up at their next sign-in. */
export async function setTwoFactorRequired(shopId: string, required: boolean) {
  // In the shop's transaction, so the audit trigger records who switched it (shops.update, before → after).
  await inShop(shopId, (tx) => tx.shop.update({ where: { id: shopId }, data: { requireTwoFactor: required }, select: { id: true } }));
  return { requireTwoFactor: required };
}

/** The owner signs a staff member out of every browser (a lost phone, a shared computer). */
export async function signOutMember(shopId: string, actorId: string, membershipId: string) {
  const { m, ended } = await inShop(shopId, async (tx) => {
    const m = await loadChangeable(tx, membershipId, actorId);
    const { count } = await tx.session.deleteMany({ where: { userId: m.userId } });
    await recordAudit(tx, shopId, { kind: "staff.signed_out_everywhere", recordType: "memberships", recordId: membershipId, after: { sessions_ended: count } });
    return { m, ended: count };
  });
  forgetSessionsOf(m.userId);
  await publishAccessChange(shopId, m.userId); // their open board streams end
  return { ended };
}
