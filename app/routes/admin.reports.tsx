import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { load } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { MAX_DAYS, platformReportSchema } from "../../server/schemas/reports";
import { requireParams, wholeNumberParam } from "../lib/url-params";

export const meta: MetaFunction = () => [{ title: "Platform report · Nearshop" }];

const SORTS = { revenue: "Revenue", orders: "Orders", refunds: "Refunds", name: "Name" } as const;

/** The report's own schema, with the numbers as a URL spells them. */
const reportParams = platformReportSchema.extend({
  days: wholeNumberParam("Days", 1, MAX_DAYS).default(30),
  page: wholeNumberParam("Page", 1, 1000).default(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Anyone but a platform admin gets 404 (the procedure says NOT_FOUND).
  if (!context.user) throw new Response("Not found", { status: 404 });
  const input = requireParams(request, reportParams);
  return load(request, () => context.trpc.admin.platformReport(input));
}

/** Platform admins: totals across shops and a per-shop table, from the rollups. */
export default function PlatformReport() {
  const r = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const page = Number(params.get("page") ?? 1) || 1;
  const link = (over: Record<string, string | number>) =>
    `?${new URLSearchParams({ ...Object.fromEntries(params), ...Object.fromEntries(Object.entries(over).map(([k, v]) => [k, String(v)])) })}`;
  const failed = r.failedJobs.reduce((a, q) => a + (q.failed ?? 0), 0);
  return (
    <main>
      <h1>Platform report</h1>
      <p>
        <Link to="/admin">Shops</Link> · <Link to="/admin/payments">Payments across shops</Link> · <a href="/admin/jobs">Background jobs (Bull board)</a>
      </p>
      <Form method="get" className="period-form" aria-label="Period">
        <label>
          Days <input type="number" name="days" min={1} max={800} defaultValue={params.get("days") ?? 30} />
        </label>
        <input type="hidden" name="sort" value={params.get("sort") ?? "revenue"} />
        <button type="submit">Show</button>
      </Form>
      <p className="muted">
        The last {r.days === 1 ? "day" : `${r.days} days`}, each shop's own days in its timezone (in UTC: {r.from} to {r.to}).
      </p>
      <ul className="tiles" aria-label="Platform totals">
        <li>
          <span className="tile-label">Active shops</span>
          <strong className="tile-value">{r.activeShops}</strong>
          <small>of {r.shopCount}</small>
        </li>
        <li>
          <span className="tile-label">Orders</span>
          <strong className="tile-value">{r.orders}</strong>
        </li>
        {r.gmv.length === 0 ? (
          <li>
            <span className="tile-label">Gross merchandise value</span>
            <strong className="tile-value">—</strong>
          </li>
        ) : (
          r.gmv.map((g) => (
            <li key={g.currency}>
              <span className="tile-label">GMV ({g.currency})</span>
              <strong className="tile-value">{formatMoney(g.revenue, g.currency)}</strong>
              <small>{formatMoney(g.refunds, g.currency)} refunded</small>
            </li>
          ))
        )}
        <li>
          <span className="tile-label">Failed jobs</span>
          <strong className="tile-value">{failed}</strong>
          <small>
            {r.failedJobs
              .filter((q) => q.failed)
              .map((q) => `${q.queue}: ${q.failed}`)
              .join(", ") || "none"}
            {r.failedJobs.some((q) => q.failed === null) ? " (Redis unreachable for some queues)" : ""}
          </small>
        </li>
      </ul>
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              {(["name", "orders", "revenue", "refunds"] as const).map((k) => (
                <th
                  key={k}
                  className={k === "name" ? undefined : "num"}
                  aria-sort={(params.get("sort") ?? "revenue") === k ? (k === "name" ? "ascending" : "descending") : undefined}
                >
                  <Link to={link({ sort: k, page: 1 })}>{SORTS[k]}</Link>
                </th>
              ))}
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {r.shops.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name} <small className="muted">{s.slug}</small>
                </td>
                <td className="num">{s.orders}</td>
                <td className="num">{formatMoney(s.revenue, s.currency)}</td>
                <td className="num">{formatMoney(s.refunds, s.currency)}</td>
                <td>{s.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        {page > 1 ? <Link to={link({ page: page - 1 })}>Previous</Link> : null}
        <span>
          Page {page} of {r.pages}
        </span>
        {page < r.pages ? <Link to={link({ page: page + 1 })}>Next</Link> : null}
      </nav>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
