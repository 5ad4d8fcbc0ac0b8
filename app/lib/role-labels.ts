import type { ShopRole } from "../../server/schemas/roles";
import type { WebKey } from "./i18n";

/** A shop role as people read it, in either language. */
export const ROLE_LABELS: Record<ShopRole, WebKey> = {
  owner: "staff.role.owner",
  manager: "staff.role.manager",
  cashier: "staff.role.cashier",
};
