import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/orders";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { STATUS_LABELS } from "../../server/services/orders/states";
import { readForm } from "../lib/forms";
import { z } from "zod";
import { requireParams, textParam } from "../lib/url-params";
import { formatShopTimeNamed, formatSlot, zoneName } from "../lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Order #${data?.order.number ?? ""} · Nearshop` }];

/** The link from the emails carries the order's access key. */
const accessKey = z.object({ key: textParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { key } = requireParams(request, accessKey);
  return { order: await load(request, () => context.trpc.checkout.order({ orderId: params.orderId ?? "", key })) };
}

/** "Pay by card" for an order still awaiting payment: off to Stripe Checkout. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request); // a hostile form is refused like on every other page
  const { key } = requireParams(request, accessKey);
  try {
    const { url } = await context.trpc.checkout.payCard({ orderId: params.orderId ?? "", key });
    return redirect(url);
  } catch (error) {
    return toResponse(error, request);
  }
}

const FINAL = new Set(["completed", "cancelled", "refunded"]);

/**
 * The order page follows the order by itself: a server-sent event when the
 * shop moves it on, and the page re-reads it. Nothing to follow once it is
 * over; "offline" when the stream is refused or drops (the browser retries).
 */
function useLiveOrder(orderId: string, key: string | null, status: string) {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [live, setLive] = useState<"connecting" | "live" | "offline" | "over">("connecting");
  const over = FINAL.has(status);
  useEffect(() => {
    if (over) {
      setLive("over");
      return;
    }
    const source = new EventSource(`/orders/${orderId}/events${key ? `?key=${encodeURIComponent(key)}` : ""}`);
    source.onopen = () => setLive("live");
    source.onerror = () => setLive("offline");
    source.addEventListener("order", () => revalidate.current());
    return () => source.close();
  }, [orderId, key, over]);
  return live;
}

/** A customer's order: what, where, its status and history; signed in, or with the link from the emails. */
export default function CustomerOrder() {
  const { order } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const live = useLiveOrder(order.id, params.get("key"), order.status);
  const busy = useNavigation().state !== "idle";
  const money = (n: number) => formatMoney(n, order.currency);
  return (
    <main className="discovery">
      {params.get("placed") || params.get("paid") ? (
        <p className="toast" role="status">
          Thank you! {order.shop.name} has your order.
        </p>
      ) : null}
      {params.get("cancelled") ? (
        <p className="form-error" role="alert">
          The card payment was not completed. You can try again below.
        </p>
      ) : null}
      <h1>
        Order #{order.number} at <Link to={`/s/${order.shop.slug}`}>{order.shop.name}</Link>
      </h1>
      <p>
        <StatusBadge status={order.status} /> · placed {formatShopTimeNamed(order.createdAt, order.shop.timezone)}
      </p>
      {live === "live" ? (
        <p className="hint" role="status">
          This page updates by itself when {order.shop.name} moves your order on.
        </p>
      ) : live === "offline" ? (
        <p className="hint" role="status">
          Live updates are paused; reload the page to see the latest.
        </p>
      ) : null}
      <p>
        {order.fulfilment === "delivery"
          ? `Delivery to ${order.deliveryAddress ?? ""}`
          : `Pick up at ${order.location.name}, ${order.location.addressLine1}, ${order.location.postalCode} ${order.location.city}`}
        {order.paymentMethod === "pay_at_pickup" && order.paid < order.total ? " · you pay when you collect it" : ""}
      </p>
      {order.pickupSlotStart && order.pickupSlotEnd ? (
        <p className="pickup-slot">
          <strong>
            Pickup time: {formatSlot(order.pickupSlotStart, order.pickupSlotEnd, order.shop.timezone)} ({zoneName(order.shop.timezone)})
          </strong>
        </p>
      ) : null}
      {order.readyAt && !order.pickupSlotStart && !FINAL.has(order.status) ? (
        <p className="pickup-slot">
          <strong>Ready at about {formatShopTimeNamed(order.readyAt, order.shop.timezone)}</strong>
        </p>
      ) : null}
      {order.status === "pending_payment" ? (
        <Form method="post">
          <p>
            This order is waiting for your card payment{order.expiresAt ? ` until ${formatShopTimeNamed(order.expiresAt, order.shop.timezone)}` : ""}; after
            that its items are released.
          </p>
          <button type="submit" disabled={busy}>
            Pay {money(order.total)} by card
          </button>
        </Form>
      ) : null}
      <table>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.id}>
              <td>
                {l.quantity} × {l.title}
                {l.variantTitle ? ` (${l.variantTitle})` : ""}
              </td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {order.deliveryFee ? (
            <tr>
              <td>Delivery</td>
              <td className="num">{money(order.deliveryFee)}</td>
            </tr>
          ) : null}
          <tr>
            <td>Tax{order.taxInclusive ? " included" : ""}</td>
            <td className="num">{money(order.tax)}</td>
          </tr>
          <tr>
            <th>Total</th>
            <th className="num">{money(order.total)}</th>
          </tr>
          {order.refunded ? (
            <tr>
              <td>Refunded</td>
              <td className="num">−{money(order.refunded)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
      <h2>Progress</h2>
      <ol className="history">
        {order.events.map((e) => (
          <li key={e.id}>
            {formatShopTimeNamed(e.createdAt, order.shop.timezone)}: {e.fromStatus === e.toStatus && e.note ? e.note : STATUS_LABELS[e.toStatus]}
            {e.note && e.fromStatus !== e.toStatus ? ` (${e.note})` : ""}
          </li>
        ))}
      </ol>
      <p className="hint">
        Questions? Contact {order.shop.name}
        {order.shop.email ? ` at ${order.shop.email}` : ""}
        {order.shop.phone ? `, ${order.shop.phone}` : ""}.
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
