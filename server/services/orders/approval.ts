import { z } from "zod";
import { parseRows } from "../../db/rows";
import { baseDb } from "../../db/client.server";
import { Role } from "../../db/generated/client.ts";
import { burnPasswordCheck, verifyPassword } from "../../auth/password";
import { hasRole } from "../../schemas/roles";
import type { ManagerSignIn } from "../../schemas/orders";
import { fieldError } from "../errors";

export type Approver = { userId: string; name: string };

/**
 * A manager's or owner's email and password, typed on a cashier's screen,
 * approve what a cashier may not do alone (a large discount, a return).
 * Checked here, never trusted from the page. Every failure with someone
 * else's email reads the same, so the form tells a cashier nothing about
 * other people's passwords or shops; their own email is named, since they
 * know their own role. The router spends a rate-limited attempt first.
 */
export async function managerApproval(shopId: string, actorId: string | null, signIn: ManagerSignIn | undefined, need: string): Promise<Approver> {
  if (!signIn) throw fieldError("approval", `${need}: a manager or owner must approve it with their email and password`);
  const user = await baseDb.user.findUnique({ where: { email: signIn.email }, select: { id: true, name: true, passwordHash: true } });
  if (user && user.id === actorId) {
    throw fieldError("approval", "Your own sign-in cannot approve this: ask a manager or owner to type their email and password");
  }
  const wrong = () => fieldError("approval", "That is not the email and password of a manager or owner of this shop");
  if (!user) {
    await burnPasswordCheck(signIn.password);
    throw wrong();
  }
  const [row] = parseRows(
    z.object({ role: z.enum(Role).nullable() }),
    await baseDb.$queryRaw`SELECT member_role(${shopId}::uuid, ${user.id}::uuid)::text AS role`,
  );
  const ok = await verifyPassword(user.passwordHash, signIn.password);
  if (!ok || !row?.role || !hasRole(row.role, "manager")) throw wrong();
  return { userId: user.id, name: user.name };
}
