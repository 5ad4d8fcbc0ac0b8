import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager } from "../components/pager";
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
      {items.length === 0 ? (
        <p className="empty">
          No orders yet. <Link to="/nearby">Find shops near you</Link>.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Order</th>
              <th>Shop</th>
              <th>When</th>
              <th>Status</th>
              <th className="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {items.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/orders/${o.id}`}>#{o.number}</Link>
                </td>
                <td>
                  <Link to={`/s/${o.shop.slug}`}>{o.shop.name}</Link>
                </td>
                <td>{formatShopTimeNamed(o.createdAt, o.shop.timezone)}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td className="num">{formatMoney(o.total, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager nextCursor={nextCursor} />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
