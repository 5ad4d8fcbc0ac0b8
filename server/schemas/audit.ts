import { z } from "zod";
import { idSchema, optionalText } from "./common";

/** Row changes the audit triggers record (`<table>.<operation>`), as people read them. */
const ROW_KINDS = {
  "products.insert": "Product created",
  "products.update": "Product changed",
  "products.delete": "Product deleted",
  "variants.insert": "Variant created",
  "variants.update": "Variant changed (price, SKU…)",
  "variants.delete": "Variant deleted",
  "product_images.insert": "Image added",
  "product_images.delete": "Image removed",
  "locations.insert": "Location added",
  "locations.update": "Location changed",
  "locations.delete": "Location removed",
  "stock_movements.insert": "Stock received, adjusted or transferred",
  "memberships.insert": "Staff member added",
  "memberships.update": "Staff member changed (role, PIN)",
  "memberships.delete": "Staff member removed",
  "invitations.insert": "Staff member invited",
  "invitations.update": "Invitation accepted or withdrawn",
  "invitations.delete": "Invitation deleted",
  "shops.update": "Shop settings changed",
  "customers.insert": "Customer created",
  "customers.update": "Customer changed",
  "customers.delete": "Customer deleted",
  "orders.insert": "Till sale",
  "orders.update": "Order changed (status, payment)",
  "refunds.insert": "Refund made",
  "refunds.update": "Refund changed",
  "import_jobs.insert": "CSV import uploaded",
  "import_jobs.update": "CSV import started or finished",
  "registers.insert": "Register added",
  "registers.update": "Register paired, unpaired or renamed",
  "registers.delete": "Register removed",
  "shop_stripe_accounts.insert": "Stripe account connected",
  "shop_stripe_accounts.update": "Stripe account changed",
  "shop_commission_plans.insert": "Commission plan set",
  "shop_commission_plans.update": "Commission plan changed",
  "shop_commission_plans.delete": "Commission plan cleared",
} as const;

/** Events recorded by the app (server/services/audit/record.ts): not row changes. */
const APP_KINDS = {
  "export.products": "Catalog exported (CSV)",
  "export.report": "Report exported (CSV)",
  "export.audit": "Audit log exported (CSV)",
  "customer.exported": "Customer's data exported",
  "customer.erased": "Customer's personal data erased",
  "staff.signed_out_everywhere": "Staff member signed out of every browser",
} as const;

/** Events without a shop (platform_audit_events). */
const PLATFORM_KINDS = {
  "auth.signed_in": "Signed in",
  "auth.sign_in_failed": "Sign-in refused (wrong password)",
  "auth.two_factor_on": "Two-factor sign-in turned on",
  "auth.two_factor_off": "Two-factor sign-in turned off",
  "auth.recovery_codes_issued": "New recovery codes issued",
  "auth.recovery_code_used": "Recovery code used",
  "auth.password_changed": "Password changed",
  "auth.signed_out_elsewhere": "Signed out of every other browser",
  "admin.commission_rate_set": "Platform commission rate set",
  "admin.platform_admin_changed": "Platform admin granted or removed",
  "account.data_downloaded": "Downloaded their data",
  "account.erased": "Erased their account",
} as const;

export const AUDIT_KIND_LABELS = { ...ROW_KINDS, ...APP_KINDS, ...PLATFORM_KINDS } as const;
export type AuditKind = keyof typeof AUDIT_KIND_LABELS;
export const SHOP_AUDIT_KINDS = Object.keys({ ...ROW_KINDS, ...APP_KINDS }) as (keyof typeof ROW_KINDS | keyof typeof APP_KINDS)[];
export const PLATFORM_AUDIT_KINDS = Object.keys(PLATFORM_KINDS) as (keyof typeof PLATFORM_KINDS)[];

export function auditKindLabel(kind: string): string {
  return (AUDIT_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

const day = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: a date like 2026-03-31`)
    .refine((d) => {
      const at = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(d);
    }, `${label}: not a real date`);

/** Opaque keyset cursor: the last row's time and id. */
const cursor = z
  .string()
  .max(100)
  .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z~[0-9a-f-]{36}$/, "This page link is not valid: go back to the first page")
  // A well-shaped but impossible time (month 13) would reach the database as an invalid date.
  .refine((v) => !Number.isNaN(Date.parse(v.split("~")[0] ?? "")), "This page link is not valid: go back to the first page");

/** The shop's log, filtered: person, kind, days in the shop's zone (both included), record (id or name). */
export const auditListFields = z.object({
  person: idSchema.optional(),
  kind: z.enum(SHOP_AUDIT_KINDS as [string, ...string[]], { message: "Kind: choose one from the list" }).optional(),
  from: day("From").optional(),
  to: day("To").optional(),
  record: optionalText(100, "Record"),
  cursor: cursor.optional(),
});
export const auditListSchema = auditListFields.refine((o) => !o.from || !o.to || o.from <= o.to, {
  message: "To: the end date comes on or after the start date",
  path: ["to"],
});
export type AuditListInput = z.infer<typeof auditListSchema>;

/** The platform admin's view across shops (and the account events). */
export const platformAuditSchema = z.object({
  shop: optionalText(64, "Shop"),
  kind: z.enum(Object.keys(AUDIT_KIND_LABELS) as [string, ...string[]], { message: "Kind: choose one from the list" }).optional(),
  person: optionalText(200, "Person"),
  cursor: cursor.optional(),
});
export type PlatformAuditInput = z.infer<typeof platformAuditSchema>;
