import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { AuditChanges } from "../components/audit";
import { DataTable } from "../components/ui";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { formatShopTime } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";
import { auditKindLabel, auditListFields, SHOP_AUDIT_KINDS } from "../../server/schemas/audit";

export const meta: MetaFunction = () => [{ title: "Audit log · Nearshop" }];

/** What the filter form and the pager send; an empty field means "not set". */
const listParams = auditListFields.omit({ cursor: true }).extend({ after: auditListFields.shape.cursor });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after, ...filters } = requireParams(request, listParams);
  const dateError = filters.from && filters.to && filters.to < filters.from ? "To: choose a day on or after the From day" : null;
  const input = { ...filters, ...(dateError ? { to: undefined } : {}), cursor: after };
  const log = await load(request, () => context.trpc.audit.list({ shopSlug, ...input }));
  return data({ log, dateError }, { status: dateError ? 400 : 200 });
}

export default function AuditLog() {
  const { log, dateError } = useLoaderData<typeof loader>();
  const { slug } = useParams();
  const [params] = useSearchParams();
  const timeZone = useShopTimeZone();
  const filtered = [...params.keys()].some((k) => k !== "after");
  const exportParams = new URLSearchParams([...params].filter(([k]) => k !== "after"));
  return (
    <>
      <h1>Audit log</h1>
      <p className="hint">Every change made in this shop&apos;s back office, with who made it, when and from where. Entries cannot be changed or deleted.</p>
      <Form method="get" className="filters" aria-label="Filter the audit log">
        <label>
          Person{" "}
          <select name="person" defaultValue={params.get("person") ?? ""}>
            <option value="">Anyone</option>
            {log.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{" "}
          <select name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">Any</option>
            {SHOP_AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {auditKindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" name="from" defaultValue={params.get("from") ?? ""} aria-invalid={dateError ? true : undefined} />
        </label>
        <label>
          To{" "}
          <input
            type="date"
            name="to"
            defaultValue={params.get("to") ?? ""}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? "date-error" : undefined}
          />
        </label>
        <label>
          Record <input name="record" defaultValue={params.get("record") ?? ""} placeholder="SKU, name or id" />
        </label>
        <button type="submit">Filter</button>
        {filtered ? (
          <Link to="?" className="button secondary">
            Clear
          </Link>
        ) : null}
        <a className="button secondary" href={`/shop/${slug}/audit/export.csv${exportParams.size ? `?${exportParams}` : ""}`} download>
          Export CSV
        </a>
      </Form>
      {dateError ? (
        <p id="date-error" className="field-error" role="alert">
          {dateError}
        </p>
      ) : null}
      <p className="hint">Days and times are in the shop&apos;s time zone ({timeZone}).</p>
      <DataTable
        label="Audit log"
        rows={log.rows}
        rowKey={(r) => r.id}
        nextCursor={log.nextCursor}
        empty={
          <p>
            Nothing recorded{filtered ? " matches these filters" : " yet"}.
            {filtered ? (
              <>
                {" "}
                <Link to="?">Clear the filters</Link>
              </>
            ) : null}
          </p>
        }
        columns={[
          { header: "When", cell: (r) => formatShopTime(r.createdAt, timeZone) },
          {
            header: "Who",
            cell: (r) =>
              r.actor ? `${r.actor.name} (${r.actor.email})` : r.source === "admin" ? "Platform admin" : r.source === "system" ? "Nearshop (Stripe)" : "—",
          },
          { header: "What", cell: (r) => auditKindLabel(r.kind) },
          {
            header: "Record",
            cell: (r) => (
              <>
                {r.recordLabel ?? ""} <span className="hint">{r.recordType ? `${r.recordType} ${r.recordId?.slice(0, 8) ?? ""}` : ""}</span>
              </>
            ),
          },
          { header: "Before → after", cell: (r) => <AuditChanges before={r.before} after={r.after} /> },
          { header: "From", cell: (r) => <span title={r.userAgent ?? undefined}>{r.ip ?? "—"}</span> },
        ]}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
