import { z } from "zod";
import { parseRows } from "../server/db/rows";
import { baseDb } from "../server/db/client.server";
import { env } from "../server/env.server";

const DAY = 86_400_000;

/**
 * The daily retention job (scheduled by the worker on the `reports` queue):
 * audit log entries past AUDIT_LOG_RETENTION_DAYS, accounts never confirmed
 * after UNCONFIRMED_ACCOUNT_DAYS, and sessions and sign-in links that have
 * expired. Each purge is one statement; running it twice changes nothing.
 */
export async function runRetention(now = new Date()) {
  const auditBefore = new Date(now.getTime() - env.AUDIT_LOG_RETENTION_DAYS * DAY);
  const unconfirmedBefore = new Date(now.getTime() - env.UNCONFIRMED_ACCOUNT_DAYS * DAY);
  const [audit] = parseRows(z.object({ n: z.union([z.bigint(), z.number()]) }), await baseDb.$queryRaw`SELECT purge_audit_events(${auditBefore}) AS n`);
  const [accounts] = parseRows(z.object({ n: z.number() }), await baseDb.$queryRaw`SELECT purge_unconfirmed_accounts(${unconfirmedBefore}) AS n`);
  const sessions = await baseDb.session.deleteMany({ where: { expiresAt: { lt: now } } });
  const tokens = await baseDb.authToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - DAY) } } });
  return { auditEntries: Number(audit?.n ?? 0), unconfirmedAccounts: accounts?.n ?? 0, expiredSessions: sessions.count, expiredTokens: tokens.count };
}
