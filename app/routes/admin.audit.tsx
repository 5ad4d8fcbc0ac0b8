import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { AuditChanges } from "../components/audit";
import { DataTable } from "../components/ui";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { AUDIT_KIND_LABELS, auditKindLabel, platformAuditSchema } from "../../server/schemas/audit";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Nearshop" }];

const listParams = platformAuditSchema.omit({ cursor: true }).extend({ after: platformAuditSchema.shape.cursor });

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Anyone but a platform admin gets 404 (the procedure says NOT_FOUND).
  if (!context.user) throw new Response("Not found", { status: 404 });
  const { after, ...filters } = requireParams(request, listParams);
  return load(request, () => context.trpc.admin.audit({ ...filters, cursor: after }));
}

const utc = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "medium" });

/** Platform admins: every shop's audit log and the account events (sign-ins, second factor), newest first, in UTC. */
export default function PlatformAudit() {
  const log = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const filtered = [...params.keys()].some((k) => k !== "after");
  return (
    <main>
      <h1>Audit log, all shops</h1>
      <p>
        <Link to="/admin">Shops</Link> · <a href="/admin/reports">Platform report</a> · <a href="/admin/jobs">Background jobs (Bull board)</a>
      </p>
      <Form method="get" className="filters" aria-label="Filter the audit log">
        <label>
          Shop <input name="shop" defaultValue={params.get("shop") ?? ""} placeholder="shop address" />
        </label>
        <label>
          Person <input name="person" type="email" defaultValue={params.get("person") ?? ""} placeholder="email" />
        </label>
        <label>
          Kind{" "}
          <select name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">Any</option>
            {Object.entries(AUDIT_KIND_LABELS).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
        {filtered ? (
          <Link to="?" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>
      <p className="hint">Times in UTC.</p>
      <DataTable
        label="Audit log"
        rows={log.rows}
        rowKey={(r) => r.id}
        nextCursor={log.nextCursor}
        empty={<p>Nothing recorded{filtered ? " matches these filters" : " yet"}.</p>}
        columns={[
          { header: "When (UTC)", cell: (r) => utc.format(new Date(r.createdAt)) },
          { header: "Shop", cell: (r) => r.shop ?? "—" },
          { header: "Who", cell: (r) => r.actor ?? "—" },
          { header: "What", cell: (r) => auditKindLabel(r.kind) },
          { header: "Record", cell: (r) => `${r.recordLabel ?? ""} ${r.recordType ?? ""}`.trim() || "—" },
          { header: "Before → after", cell: (r) => <AuditChanges before={r.before} after={r.after} /> },
          { header: "From", cell: (r) => <span title={r.userAgent ?? undefined}>{r.ip ?? "—"}</span> },
        ]}
      />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
