import { z } from "zod";
import { parseRows } from "../../db/rows";
import { DateTime } from "luxon";
import { asAuditReader, db, inShop } from "../../db/client.server";
import { Prisma } from "../../db/generated/client.ts";
import type { AuditListInput, PlatformAuditInput } from "../../schemas/audit";
import { badRequest } from "../errors";
import { recordAudit } from "./record";

const PAGE = 50;

const select = {
  id: true,
  createdAt: true,
  actorId: true,
  ip: true,
  userAgent: true,
  source: true,
  kind: true,
  recordType: true,
  recordId: true,
  recordLabel: true,
  before: true,
  after: true,
} as const;

/** A day in the shop's zone as the instant it starts. */
const dayStart = (day: string, timezone: string) => DateTime.fromISO(day, { zone: timezone }).startOf("day");

function cursorOf(row: { createdAt: Date; id: string }) {
  return `${row.createdAt.toISOString()}~${row.id}`;
}

function afterCursor(cursor: string): Prisma.AuditEventWhereInput {
  const [at = "", id = ""] = cursor.split("~");
  const when = new Date(at);
  if (Number.isNaN(when.getTime())) throw badRequest("This page link is not valid: go back to the first page");
  return { OR: [{ createdAt: { lt: when } }, { createdAt: when, id: { lt: id } }] };
}

function whereOf(input: Omit<AuditListInput, "cursor">, timezone: string): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (input.person) and.push({ actorId: input.person });
  if (input.kind) and.push({ kind: input.kind });
  if (input.from || input.to) {
    and.push({
      createdAt: {
        ...(input.from ? { gte: dayStart(input.from, timezone).toJSDate() } : {}),
        ...(input.to ? { lt: dayStart(input.to, timezone).plus({ days: 1 }).toJSDate() } : {}),
      },
    });
  }
  if (input.record) {
    and.push({ OR: [{ recordId: input.record }, { recordLabel: { contains: input.record, mode: "insensitive" } }] });
  }
  return { AND: and };
}

/** Names and emails of the people in a page of rows (users are not a tenant table). */
async function peopleOf(ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map<string, { name: string; email: string }>();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, { name: u.name, email: u.email }]));
}

/** The shop's log, newest first, in keyset pages of 50; with the shop's staff for the person filter. */
export async function listAudit(shop: { id: string; timezone: string }, input: AuditListInput) {
  const { rows, members } = await inShop(shop.id, async (tx) => ({
    rows: await tx.auditEvent.findMany({
      where: { AND: [whereOf(input, shop.timezone), ...(input.cursor ? [afterCursor(input.cursor)] : [])] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE + 1,
      select,
    }),
    members: await tx.membership.findMany({ select: { userId: true, role: true } }),
  }));
  const page = rows.slice(0, PAGE);
  const people = await peopleOf([...page.map((r) => r.actorId), ...members.map((m) => m.userId)]);
  return {
    rows: page.map((r) => ({ ...r, actor: r.actorId ? (people.get(r.actorId) ?? null) : null })),
    nextCursor: rows.length > PAGE ? cursorOf(page[page.length - 1]!) : null,
    people: members
      .map((m) => ({ id: m.userId, name: people.get(m.userId)?.name ?? "?", email: people.get(m.userId)?.email ?? "" }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * One page of the log for the CSV export (1,000 rows, same filters). The
 * first page records the export itself, in the same transaction as its read.
 */
export async function auditExportPage(shop: { id: string; timezone: string }, input: AuditListInput) {
  const rows = await inShop(shop.id, async (tx) => {
    if (!input.cursor) {
      const { cursor: _cursor, ...filters } = input;
      await recordAudit(tx, shop.id, { kind: "export.audit", recordType: "audit_events", after: filters });
    }
    return tx.auditEvent.findMany({
      where: { AND: [whereOf(input, shop.timezone), ...(input.cursor ? [afterCursor(input.cursor)] : [])] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 1000,
      select,
    });
  });
  const people = await peopleOf(rows.map((r) => r.actorId));
  return {
    rows: rows.map((r) => ({ ...r, actor: r.actorId ? (people.get(r.actorId) ?? null) : null })),
    next: rows.length === 1000 ? cursorOf(rows[rows.length - 1]!) : null,
  };
}

const PlatformRow = z.object({
  id: z.string(),
  created_at: z.date(),
  actor_id: z.string().nullable(),
  actor_email: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  kind: z.string(),
  shop_slug: z.string().nullable(),
  record_type: z.string().nullable(),
  record_id: z.string().nullable(),
  record_label: z.string().nullable(),
  before: z.custom<Prisma.JsonValue>(() => true),
  after: z.custom<Prisma.JsonValue>(() => true),
});

/** Every shop's log and the account events together, for platform admins, newest first. */
export async function platformAudit(input: PlatformAuditInput) {
  let after = Prisma.sql`TRUE`;
  if (input.cursor) {
    const [at = "", id = ""] = input.cursor.split("~");
    after = Prisma.sql`(e.created_at, e.id) < (${new Date(at)}::timestamptz, ${id}::uuid)`;
  }
  const kind = input.kind ? Prisma.sql`e.kind = ${input.kind}` : Prisma.sql`TRUE`;
  const shop = input.shop ? Prisma.sql`s.slug = ${input.shop}` : Prisma.sql`TRUE`;
  const person = input.person ? Prisma.sql`u.email = ${input.person.toLowerCase()}` : Prisma.sql`TRUE`;
  const rows = await asAuditReader((tx) =>
    tx.$queryRaw`
      SELECT e.id, e.created_at, e.actor_id, u.email AS actor_email, e.ip, e.user_agent, e.kind, s.slug AS shop_slug,
             e.record_type, e.record_id, e.record_label, e.before, e.after
      FROM (
        SELECT id, created_at, actor_id, ip, user_agent, kind, shop_id, record_type, record_id, record_label, before, after FROM audit_events
        UNION ALL
        SELECT id, created_at, actor_id, ip, user_agent, kind, shop_id, record_type, record_id, record_label, before, after FROM platform_audit_events
      ) e
      LEFT JOIN shops s ON s.id = e.shop_id
      LEFT JOIN users u ON u.id = e.actor_id
      WHERE ${after} AND ${kind} AND ${shop} AND ${person}
      ORDER BY e.created_at DESC, e.id DESC
      LIMIT ${PAGE + 1}`.then((raw) => parseRows(PlatformRow, raw)),
  );
  const page = rows.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      actor: r.actor_email,
      ip: r.ip,
      userAgent: r.user_agent,
      kind: r.kind,
      shop: r.shop_slug,
      recordType: r.record_type,
      recordId: r.record_id,
      recordLabel: r.record_label,
      before: r.before,
      after: r.after,
    })),
    nextCursor: rows.length > PAGE && last ? `${last.created_at.toISOString()}~${last.id}` : null,
  };
}
