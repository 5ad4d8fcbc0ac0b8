import { appRouter } from "../../server/trpc/root";
import { shopDetails } from "../../server/db/factories";

/** Every procedure path in the app router. */
export function allProcedurePaths(): string[] {
  return Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures).sort();
}

export type ShopIds = { membershipId: string; invitationId: string };

/**
 * Every procedure that takes a shop, with a valid input besides shopSlug.
 * Record ids come from the shop the test wants them from. A new shop
 * procedure must be added here, or the coverage test fails.
 */
export const SHOP_PROCEDURES: Record<
  string,
  { type: "query" | "mutation"; minRole: "cashier" | "manager" | "owner"; input: (ids: ShopIds) => Record<string, unknown> }
> = {
  "shops.current": { type: "query", minRole: "cashier", input: () => ({}) },
  "shops.settings": { type: "query", minRole: "manager", input: () => ({}) },
  "shops.updateSettings": { type: "mutation", minRole: "manager", input: () => ({ ...shopDetails(), name: "Hijacked" }) },
  "staff.list": { type: "query", minRole: "manager", input: () => ({}) },
  "staff.invite": { type: "mutation", minRole: "owner", input: () => ({ email: "intruder@example.test", role: "manager" }) },
  "staff.revokeInvitation": { type: "mutation", minRole: "owner", input: (ids) => ({ invitationId: ids.invitationId }) },
  "staff.changeRole": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId, role: "manager" }) },
  "staff.remove": { type: "mutation", minRole: "owner", input: (ids) => ({ membershipId: ids.membershipId }) },
};

/** Procedures that take no shop, with a valid input (null: no input). */
export const OTHER_PROCEDURES: Record<string, { type: "query" | "mutation"; input: Record<string, unknown> | null }> = {
  "auth.me": { type: "query", input: null },
  "auth.myShops": { type: "query", input: null },
  "auth.signUp": {
    type: "mutation",
    input: { name: "New Owner", email: "new-owner@example.test", password: "long enough password", shop: shopDetails() },
  },
  "auth.verifyEmail": { type: "mutation", input: { token: "a".repeat(43) } },
  "auth.logIn": { type: "mutation", input: { email: "someone@example.test", password: "whatever it is" } },
  "auth.logOut": { type: "mutation", input: null },
  "auth.requestPasswordReset": { type: "mutation", input: { email: "someone@example.test" } },
  "auth.resetTokenUsable": { type: "query", input: { token: "a".repeat(43) } },
  "auth.resetPassword": { type: "mutation", input: { token: "a".repeat(43), password: "long enough password" } },
  "auth.changePassword": { type: "mutation", input: { currentPassword: "x", newPassword: "long enough password" } },
  "staff.describeInvitation": { type: "query", input: { token: "a".repeat(43) } },
  "staff.acceptInvitation": { type: "mutation", input: { token: "a".repeat(43), name: "Ann", password: "long enough password" } },
  "admin.shops": { type: "query", input: { q: "bakery" } },
};
