/** Shop roles, weakest first; shared by the server's checks and the UI. */
export const ROLES = ["cashier", "manager", "owner"] as const;
export type ShopRole = (typeof ROLES)[number];

export function hasRole(role: ShopRole, atLeast: ShopRole): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}
