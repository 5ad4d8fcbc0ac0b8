import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { DataTable } from "../components/ui";
import { StatusBadge } from "../components/orders";
import { load } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { formatShopTimeNamed } from "../lib/time";

export const meta: MetaFunction = () => [{ title: "Your orders · Nearshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The pager sends `after`.
  const { after } = requireParams(request, z.object({ after: idSchema.optional() }));
  return load(request, () => context.trpc.checkout.myOrders({ cursor: after }));
}

export default function MyOrders() {
  const { items, nextCursor } = useLoaderData<typeof loader>();
  return (
    <main className="discovery">
      <h1>Your orders</h1>
      <DataTable
        label="Your orders"
        rows={items}
        rowKey={(o) => o.id}
        nextCursor={nextCursor}
        empty={
          <p>
            No orders yet. <Link to="/nearby">Find shops near you</Link>.
          </p>
        }
        columns={[
          { header: "Order", cell: (o) => <Link to={`/orders/${o.id}`}>#{o.number}</Link> },
          { header: "Shop", cell: (o) => <Link to={`/s/${o.shop.slug}`}>{o.shop.name}</Link> },
          { header: "When", cell: (o) => formatShopTimeNamed(o.createdAt, o.shop.timezone) },
          { header: "Status", cell: (o) => <StatusBadge status={o.status} /> },
          { header: "Total", numeric: true, cell: (o) => formatMoney(o.total, o.currency) },
        ]}
      />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
