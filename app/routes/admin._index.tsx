import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Badge } from "../components/ui";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { load } from "../lib/trpc.server";
import { formatShopDate } from "../lib/time";
import { idSchema, optionalText } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";
import { z } from "zod";

export const meta: MetaFunction = () => [{ title: "Platform admin · Nearshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Anyone but a platform admin gets 404 (the procedure says NOT_FOUND).
  if (!context.user) throw new Response("Not found", { status: 404 });
  const { q, after } = requireParams(request, z.object({ q: optionalText(100, "Search"), after: idSchema.optional() }));
  return load(request, () => context.trpc.admin.shops({ q, cursor: after }));
}

export default function AdminShops() {
  const { shops, nextCursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  return (
    <main>
      <h1>Shops</h1>
      <p>
        <a href="/admin/reports">Platform report</a> · <a href="/admin/payments">Payments across shops</a> · <a href="/admin/audit">Audit log</a> ·{" "}
        <a href="/admin/jobs">Background jobs (Bull board)</a>
      </p>
      <Form method="get" className="inline-form">
        <input type="search" name="q" defaultValue={q} placeholder="Search by name or address" aria-label="Search shops" maxLength={100} />
        <button type="submit" className="secondary">
          Search
        </button>
      </Form>
      {shops.length === 0 ? (
        <p className="empty">{q ? `No shop matches “${q}”.` : "No shops yet."}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Address</th>
                <th>City</th>
                <th>Status</th>
                <th>Currency</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {shops.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>/shop/{s.slug}</td>
                  <td>
                    {s.city}, {s.country}
                  </td>
                  <td>
                    <Badge>{s.status}</Badge>
                  </td>
                  <td>{s.currency}</td>
                  <td>{formatShopDate(s.createdAt, s.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {params.get("after") ? <Link to={q ? `?q=${encodeURIComponent(q)}` : "."}>First page</Link> : null}
        {nextCursor ? <Link to={`?${new URLSearchParams({ ...(q ? { q } : {}), after: nextCursor })}`}>Next page</Link> : null}
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
