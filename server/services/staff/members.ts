import { inShop } from "../../db/client.server";
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
