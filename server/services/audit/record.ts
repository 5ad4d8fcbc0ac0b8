import { Prisma } from "../../db/generated/client.ts";
import { auditActorSetting, currentAuditActor } from "./actor";
import type { AuditKind } from "../../schemas/audit";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;
type Json = Prisma.InputJsonValue;

export type AuditEntry = {
  kind: AuditKind;
  recordType?: string;
  recordId?: string;
  recordLabel?: string;
  before?: Json;
  after?: Json;
};

const json = (v: Json | undefined) => (v === undefined ? null : JSON.stringify(v));

/**
 * Records what was done in a shop that is not a row change the triggers see
 * (an export, a customer's data handed over), in the caller's transaction
 * (one opened with inShop for that shop), with the person acting.
 */
export async function recordAudit(tx: Tx, shopId: string, entry: AuditEntry): Promise<void> {
  const a = currentAuditActor();
  await tx.$executeRaw`
    INSERT INTO audit_events (shop_id, actor_id, ip, user_agent, source, kind, record_type, record_id, record_label, before, after)
    VALUES (${shopId}::uuid, ${a?.userId ?? null}::uuid, ${a?.ip || null}, ${a?.userAgent?.slice(0, 300) ?? null}, ${a?.source ?? "back_office"},
            ${entry.kind}, ${entry.recordType ?? null}, ${entry.recordId ?? null}, ${entry.recordLabel?.slice(0, 200) ?? null},
            ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb)`;
}

/** Records an event that has no shop (a person's own account, the admin area), in the caller's transaction. */
export async function recordPlatformAudit(tx: Tx, entry: AuditEntry & { shopId?: string; actorId?: string | null }): Promise<void> {
  const a = currentAuditActor();
  const actorId = entry.actorId === undefined ? (a?.userId ?? null) : entry.actorId;
  await tx.$executeRaw`
    INSERT INTO platform_audit_events (actor_id, ip, user_agent, kind, shop_id, record_type, record_id, record_label, before, after)
    VALUES (${actorId}::uuid, ${a?.ip || null}, ${a?.userAgent?.slice(0, 300) ?? null}, ${entry.kind}, ${entry.shopId ?? null}::uuid,
            ${entry.recordType ?? null}, ${entry.recordId ?? null}, ${entry.recordLabel?.slice(0, 200) ?? null},
            ${json(entry.before)}::jsonb, ${json(entry.after)}::jsonb)`;
}

/**
 * For a transaction outside a shop (a person's own account, the admin
 * area): tells the account triggers (second factor, password, commission
 * rate) who is acting and from where. One line at the start of the
 * transaction.
 */
export function actorSql() {
  return Prisma.sql`SELECT set_config('app.actor', ${auditActorSetting("account")}, true)`;
}
