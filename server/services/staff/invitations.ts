import { z } from "zod";
import { parseRows } from "../../db/rows";
import { baseDb, db, inShop } from "../../db/client.server";
import { hashPassword } from "../../auth/password";
import { hashToken, newToken } from "../../auth/tokens";
import type { SessionUser } from "../../auth/lucia.server";
import { recordEvent } from "../outbox/record";
import { badRequest, fieldError, notFound } from "../errors";
import type { SessionMeta } from "../accounts/sessions";
import { signIn } from "../accounts/two-factor";

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Invites an email to the shop. The emailed link's token is minted by the
 * notification job, so no usable secret sits in the outbox or in Redis; a
 * new invitation to the same email replaces the pending one.
 */
export function inviteStaff(shopId: string, invitedById: string, input: { email: string; role: "manager" | "cashier" }) {
  return inShop(shopId, async (tx) => {
    const member = await tx.membership.findFirst({ where: { user: { email: input.email } }, select: { id: true } });
    if (member) throw fieldError("email", "This person is already a member of the shop");
    await tx.invitation.updateMany({
      where: { email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: {
        shopId,
        email: input.email,
        role: input.role,
        invitedById,
        tokenHash: newToken().tokenHash, // placeholder until the email is sent
        expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await recordEvent(tx, {
      type: "staff.invited",
      payload: { invitationId: invitation.id },
      shopId,
    });
    return invitation;
  });
}

export function revokeInvitation(shopId: string, invitationId: string) {
  return inShop(shopId, async (tx) => {
    const r = await tx.invitation.updateMany({
      where: { id: invitationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (r.count === 0) throw notFound("Pending invitation");
    return { revoked: true as const };
  });
}

async function shopOfToken(token: string): Promise<string | null> {
  const rows = parseRows(z.object({ shop_id: z.string().nullable() }), await baseDb.$queryRaw`SELECT invitation_shop_id(${hashToken(token)}) AS shop_id`);
  return rows[0]?.shop_id ?? null;
}

const UNUSABLE = "This invitation link is no longer valid. Ask the shop owner to send a new one.";

/** What the invite page shows: the shop, the role, and who may accept. */
export async function describeInvitation(token: string) {
  const shopId = await shopOfToken(token);
  if (!shopId) throw notFound("Invitation");
  const invitation = await inShop(shopId, (tx) =>
    tx.invitation.findFirst({
      where: { tokenHash: hashToken(token) },
      select: {
        email: true,
        role: true,
        expiresAt: true,
        acceptedAt: true,
        revokedAt: true,
        shop: { select: { name: true, slug: true } },
      },
    }),
  );
  if (!invitation) throw notFound("Invitation");
  const usable = !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > new Date();
  const hasAccount = !!(await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } }));
  return { ...invitation, usable, hasAccount };
}

/**
 * Accepts as the logged-in user (whose email must match), or creates the
 * invitee's account when they have none. Membership and the invitation's
 * single use commit together.
 */
export async function acceptInvitation(
  token: string,
  user: SessionUser | null,
  newAccount: { name?: string; password?: string } | undefined,
  meta: SessionMeta,
) {
  const shopId = await shopOfToken(token);
  if (!shopId) throw badRequest(UNUSABLE);
  const passwordHash = !user && newAccount?.password ? await hashPassword(newAccount.password) : null;

  const result = await inShop(shopId, async (tx) => {
    const inv = await tx.invitation.findFirst({
      where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true, email: true, role: true, shop: { select: { slug: true } } },
    });
    if (!inv) throw badRequest(UNUSABLE);

    let userId: string;
    if (user) {
      if (user.email !== inv.email) {
        throw badRequest(`This invitation is for ${inv.email}. Log out, then open the link again.`);
      }
      userId = user.id;
    } else {
      const existing = await tx.user.findUnique({ where: { email: inv.email }, select: { id: true } });
      if (existing) throw badRequest(`Log in as ${inv.email} to accept this invitation.`);
      if (!newAccount?.name) throw fieldError("name", "Enter your name");
      if (!passwordHash) throw fieldError("password", "Choose a password of at least 10 characters");
      const created = await tx.user.create({
        // The emailed link proves the address.
        data: { email: inv.email, name: newAccount.name, passwordHash, emailVerifiedAt: new Date() },
        select: { id: true },
      });
      userId = created.id;
    }
    const already = await tx.membership.findFirst({ where: { userId }, select: { id: true } });
    if (!already) await tx.membership.create({ data: { shopId, userId, role: inv.role }, select: { id: true } });
    await tx.invitation.update({
      where: { shopId_id: { shopId, id: inv.id } },
      data: { acceptedAt: new Date() },
      select: { id: true },
    });
    return { userId, slug: inv.shop.slug };
  });

  const shopHome = `/shop/${result.slug}`;
  // A new account signs in here, through a second factor if the shop requires one.
  if (!user) return signIn(result.userId, meta, shopHome);
  return { redirectTo: shopHome, cookie: undefined };
}
