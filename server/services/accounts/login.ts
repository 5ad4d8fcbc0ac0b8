import { claimGuestOrders } from "./signup";
import type { z } from "zod";
import { baseDb, db } from "../../db/client.server";
import { burnPasswordCheck, verifyPassword } from "../../auth/password";
import type { logInSchema } from "../../schemas/auth";
import { recordEvent } from "../outbox/record";
import { recordPlatformAudit } from "../audit/record";
import { badRequest } from "../errors";
import { homePath, type SessionMeta } from "./sessions";
import { signIn } from "./two-factor";

const WRONG = "Email or password is incorrect";

/** Checks the password and starts a session; one message for every miss. */
export async function logIn(input: z.infer<typeof logInSchema>, meta: SessionMeta) {
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, emailVerifiedAt: true, isPlatformAdmin: true },
  });
  if (!user) {
    await burnPasswordCheck(input.password);
    throw badRequest(WRONG);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordPlatformAudit(baseDb, { kind: "auth.sign_in_failed", actorId: user.id, recordType: "users", recordId: user.id });
    throw badRequest(WRONG);
  }
  if (!user.emailVerifiedAt) {
    // Only someone who knows the password gets here, so saying so is safe.
    await baseDb.$transaction((tx) => recordEvent(tx, { type: "account.welcome", payload: { userId: user.id } }));
    throw badRequest("Confirm your email address first: we have sent you a new link.");
  }
  // Guest orders placed with this address since the last sign-in join the account.
  await baseDb.$transaction((tx) => claimGuestOrders(tx, user.id));
  // A second factor, when the account has or needs one, before any session.
  return signIn(user.id, meta, await homePath(user.id, user.isPlatformAdmin));
}
