import type { T, WebKey } from "../lib/i18n";
import { ADJUST_REASONS } from "../../server/schemas/inventory";

/** The adjustment reasons staff choose (the form sends the English word, the ledger keeps it): as staff read them. */
const REASON_KEYS: Record<string, WebKey> = {
  Received: "stock.reason.received",
  "Stock count correction": "stock.reason.count",
  Damaged: "stock.reason.damaged",
  "Lost or stolen": "stock.reason.lost",
  "Returned to supplier": "stock.reason.returned",
  Other: "stock.reason.other",
};

/** One of ADJUST_REASONS in the page's language. */
export function reasonLabel(t: T, reason: (typeof ADJUST_REASONS)[number]): string {
  const key = REASON_KEYS[reason];
  return key ? t(key) : reason;
}

/**
 * A movement's reason as the ledger keeps it ("Damaged: dropped a crate"):
 * the chosen reason in the page's language, the note as typed.
 */
export function ledgerReason(t: T, reason: string | null): { reason: string; note: string } {
  if (!reason) return { reason: "", note: "" };
  for (const r of ADJUST_REASONS) {
    if (reason === r) return { reason: reasonLabel(t, r), note: "" };
    if (reason.startsWith(`${r}: `)) return { reason: reasonLabel(t, r), note: reason.slice(r.length + 2) };
  }
  return { reason: "", note: reason };
}
