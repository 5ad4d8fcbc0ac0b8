import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/orders";
import { load } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";

export const meta: MetaFunction = () => [{ title: "Card payments · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return load(request, () => context.trpc.orders.reconciliation({ shopSlug: params.slug ?? "" }));
}

/** Reconciliation: card orders whose Stripe state and Nearshop's disagree. */
export default function Payments() {
  const rec = useLoaderData<typeof loader>();
  const slug = useParams().slug ?? "";
  return (
    <>
      <h1>Card payments: reconciliation</h1>
      {!rec.configured ? <p className="empty">Card payments are not available on this platform yet. Customers can pay at pickup, and you can take cards at the counter with your own terminal.</p> : (
        <>
          <p>Checked the last {rec.checked} card orders against Stripe.</p>
          {rec.mismatches.length === 0 ? <p className="empty">Everything agrees.</p> : (
            <table>
              <thead><tr><th>Order</th><th>Status</th><th className="num">Total</th><th>What disagrees</th></tr></thead>
              <tbody>
                {rec.mismatches.map((m) => (
                  <tr key={m.id}>
                    <td><Link to={`/shop/${slug}/orders/${m.id}`}>#{m.number}</Link></td>
                    <td><StatusBadge status={m.status} /></td>
                    <td className="num">{formatMoney(m.total, m.currency)}</td>
                    <td>{m.problems.join("; ")} (Stripe session {m.stripe.sessionStatus}, {m.stripe.paymentStatus})</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
