import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { auditKindLabel, auditListFields } from "../../server/schemas/audit";
import { auditKindKey } from "../lib/audit-kinds";
import { translator, type WebKey } from "../lib/i18n";

/** Formula cells (= + - @, tab, CR) are escaped, as in every export. */
const CSV_OPTIONS = { escape_formulas: true };
const HEADER: WebKey[] = [
  "settings.audit.csv.time",
  "settings.audit.csv.person",
  "settings.audit.csv.email",
  "settings.audit.csv.kind",
  "settings.audit.csv.what",
  "settings.audit.csv.recordType",
  "settings.audit.csv.recordId",
  "settings.audit.csv.record",
  "settings.audit.csv.before",
  "settings.audit.csv.after",
  "settings.audit.csv.ip",
  "settings.audit.csv.userAgent",
];

/**
 * The shop's audit log as CSV with the page's filters, streamed 1,000 rows a
 * page. Asking for it is itself recorded in the log.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const filters = requireParams(request, auditListFields.omit({ cursor: true }));
  const first = await load(request, () => context.trpc.audit.exportPage({ shopSlug, ...filters }));
  const encoder = new TextEncoder();
  const t = translator(context.locale);
  const what = (kind: string) => {
    const key = auditKindKey(kind);
    return key ? t(key) : auditKindLabel(kind);
  };
  const csvRows = (rows: typeof first.rows) =>
    rows.map((r) => [
      new Date(r.createdAt).toISOString(),
      r.actor?.name ?? "",
      r.actor?.email ?? "",
      r.kind,
      what(r.kind),
      r.recordType ?? "",
      r.recordId ?? "",
      r.recordLabel ?? "",
      r.before === null ? "" : JSON.stringify(r.before),
      r.after === null ? "" : JSON.stringify(r.after),
      r.ip ?? "",
      r.userAgent ?? "",
    ]);
  let after = first.next;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([HEADER.map((k) => t(k)), ...csvRows(first.rows)], CSV_OPTIONS)));
      if (!after) controller.close();
    },
    async pull(controller) {
      if (!after) return;
      try {
        const page = await context.trpc.audit.exportPage({ shopSlug, ...filters, cursor: after });
        controller.enqueue(encoder.encode(stringify(csvRows(page.rows), CSV_OPTIONS)));
        after = page.next;
        if (!after) controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      after = null;
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${shopSlug}-audit-log-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
