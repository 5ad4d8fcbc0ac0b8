import { claimGuestOrders } from "./signup";
import type { z } from "zod";
import { baseDb, db } from "../../db/client.server";
import { forgetSessionsOf } from "../../auth/lucia.server";
import { hashPassword, verifyPassword } from "../../auth/password";
import type { changePasswordSchema, resetPasswordSchema } from "../../schemas/auth";
import { recordEvent } from "../outbox/record";
import { fieldError } from "../errors";
import { startSession, type SessionMeta } from "./sessions";
import { signIn } from "./two-factor";
import { consumeAuthToken } from "./tokens";
import { actorSql } from "../audit/record";

/** Queues a reset email if the address is registered; silent either way. */
export async function requestPasswordReset(email: string): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  await baseDb.$transaction((tx) => recordEvent(tx, { type: "account.password_reset", payload: { userId: user.id } }));
}

/** Sets the new password, ends every session, and logs this browser in. */
export async function resetPassword(input: z.infer<typeof resetPasswordSchema>, meta: SessionMeta) {
  const passwordHash = await hashPassword(input.password);
  const userId = await baseDb.$transaction(async (tx) => {
    await tx.$executeRaw(actorSql()); // the audit log's "from where"
    const id = await consumeAuthToken(tx, input.token, "password_reset");
    await tx.user.update({
      where: { id },
      // The reset link proves the address, too.
      data: { passwordHash, emailVerifiedAt: new Date() },
      select: { id: true },
    });
    await tx.session.deleteMany({ where: { userId: id } });
    await claimGuestOrders(tx, id);
    return id;
  });
  forgetSessionsOf(userId);
  // The link proves the address, not the second factor: that is still asked for.
  return signIn(userId, meta);
}

/** Changes the password and ends the user's other sessions. */
export async function changePassword(userId: string, input: z.infer<typeof changePasswordSchema>, meta: SessionMeta) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw fieldError("currentPassword", "Your current password is not correct");
  }
  const passwordHash = await hashPassword(input.newPassword);
  await baseDb.$transaction([
    baseDb.$executeRaw(actorSql()), // the audit log's "from where"
    baseDb.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } }),
    baseDb.session.deleteMany({ where: { userId } }),
  ]);
  forgetSessionsOf(userId);
  return { cookie: await startSession(userId, meta) };
}

/** Confirms the address from the welcome email and logs the user in. */
export async function verifyEmail(token: string, meta: SessionMeta) {
  const userId = await baseDb.$transaction(async (tx) => {
    const id = await consumeAuthToken(tx, token, "email_verification");
    await tx.user.update({ where: { id }, data: { emailVerifiedAt: new Date() }, select: { id: true } });
    await claimGuestOrders(tx, id);
    return id;
  });
  return signIn(userId, meta);
}
