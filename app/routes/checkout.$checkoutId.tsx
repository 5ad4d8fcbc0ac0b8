import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/orders";
import { load, toResponse } from "../lib/trpc.server";
import { parseForm, readForm } from "../lib/forms";
import { requireParams, textParam } from "../lib/url-params";
import { formatSlot, zoneName } from "../lib/time";
import { formatMoney } from "../../server/schemas/money";
import { idSchema } from "../../server/schemas/common";
import { notFound } from "../../server/services/errors";

export const meta: MetaFunction = () => [{ title: "Your orders from this checkout · Nearshop" }];

/** The checkout's link carries its key (an HMAC of its id). */
const checkoutKey = z.object({ key: textParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { key } = requireParams(request, checkoutKey);
  return { checkout: await load(request, () => context.trpc.checkout.checkoutSummary({ checkoutId: params.checkoutId ?? "", key: key ?? "" })), key };
}

/** "Pay" for one shop's order of the checkout: off to that shop's Stripe Checkout, back here after. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { key } = requireParams(request, checkoutKey);
  try {
    const { orderId } = parseForm(form, z.object({ orderId: idSchema }), { beside: [] });
    const summary = await context.trpc.checkout.checkoutSummary({ checkoutId: params.checkoutId ?? "", key: key ?? "" });
    const order = summary.orders.find((o) => o.id === orderId);
    if (!order) throw notFound("Order");
    const { url } = await context.trpc.checkout.payCard({ orderId, key: order.accessKey, checkout: { checkoutId: summary.checkoutId, key: key ?? "" } });
    return redirect(url);
  } catch (error) {
    return toResponse(error, request);
  }
}

/** The orders one checkout placed across shops: each to follow, and each card order to pay on its shop's own page. */
export default function CheckoutOrders() {
  const { checkout } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const unpaid = checkout.orders.filter((o) => o.status === "pending_payment");
  return (
    <main className="discovery">
      {params.get("placed") ? (
        <p className="toast" role="status">
          Thank you! Your {checkout.orders.length} orders are placed.
        </p>
      ) : null}
      {params.get("cancelled") ? (
        <p className="form-error" role="alert">
          The card payment was not completed. You can try again below.
        </p>
      ) : null}
      <h1>Your orders from this checkout</h1>
      {unpaid.length ? (
        <p className="hint">
          {unpaid.length === 1 ? "One order waits" : `${unpaid.length} orders wait`} for a card payment. Each shop is paid on its own secure page; an order not
          paid in time is released.
        </p>
      ) : null}
      <ul className="checkout-orders">
        {checkout.orders.map((o) => {
          const money = (n: number) => formatMoney(n, o.currency);
          const place = o.location.publicName ?? o.location.name;
          return (
            <li key={o.id} className="card">
              <h2>
                <Link to={`/orders/${o.id}?key=${o.accessKey}`}>
                  {o.shop.name}: order #{o.number}
                </Link>
              </h2>
              <p>
                <StatusBadge status={o.status} /> {money(o.total)}
              </p>
              <p>
                {o.fulfilment === "pickup" ? `Pick up at ${place}, ${o.location.addressLine1}, ${o.location.city}` : "Delivery"}
                {o.pickupSlotStart && o.pickupSlotEnd
                  ? ` · ${formatSlot(o.pickupSlotStart, o.pickupSlotEnd, o.shop.timezone)} (${zoneName(o.shop.timezone)})`
                  : ""}
              </p>
              {o.status === "pending_payment" ? (
                <Form method="post">
                  <input type="hidden" name="orderId" value={o.id} />
                  <button type="submit" disabled={busy}>
                    Pay {money(o.total)} to {o.shop.name}
                  </button>
                </Form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
