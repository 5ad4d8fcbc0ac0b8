import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { StatusBadge } from "../components/orders";
import { load, toResponse } from "../lib/trpc.server";
import { readForm } from "../lib/forms";
import { z } from "zod";
import { requireParams, textParam } from "../lib/url-params";
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";
import type { OrderStatus } from "../../server/db/generated/client";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("store.order.title", { number: data?.order.number ?? "" }) },
];

/** An order's statuses as its history says them to the customer. */
const STATUS_KEYS: Record<OrderStatus, WebKey> = {
  pending_payment: "store.status.pendingPayment",
  paid: "store.status.paid",
  confirmed: "store.status.confirmed",
  preparing: "store.status.preparing",
  ready_for_pickup: "store.status.readyForPickup",
  out_for_delivery: "store.status.outForDelivery",
  completed: "store.status.completed",
  cancelled: "store.status.cancelled",
  refunded: "store.status.refunded",
  partially_refunded: "store.status.partiallyRefunded",
};

/** The link from the emails carries the order's access key. */
const accessKey = z.object({ key: textParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { key } = requireParams(request, accessKey);
  return { order: await load(request, () => context.trpc.checkout.order({ orderId: params.orderId ?? "", key })), locale: context.locale };
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
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, order.currency);
  const zone = order.shop.timezone;
  const shop = <span translate="no">{order.shop.name}</span>;
  return (
    <main className="discovery">
      {params.get("placed") || params.get("paid") ? (
        <p className="toast" role="status">
          {t.rich("store.order.thanks", { shop })}
        </p>
      ) : null}
      {params.get("cancelled") ? (
        <p className="form-error" role="alert">
          {t("store.order.cardCancelled")}
        </p>
      ) : null}
      <h1>
        {t.rich("store.order.heading", {
          number: order.number,
          shop: (
            <Link to={`/s/${order.shop.slug}`} translate="no">
              {order.shop.name}
            </Link>
          ),
        })}
      </h1>
      <p>
        <StatusBadge status={order.status} /> · {t("store.order.placedAt", { when: f.dateTimeNamed(order.createdAt, zone) })}
      </p>
      {live === "live" ? (
        <p className="hint" role="status">
          {t.rich("store.order.live", { shop })}
        </p>
      ) : live === "offline" ? (
        <p className="hint" role="status">
          {t("store.order.offline")}
        </p>
      ) : null}
      <p>
        {order.fulfilment === "delivery"
          ? t.rich("store.order.deliveryTo", { address: <span translate="no">{order.deliveryAddress ?? ""}</span> })
          : t.rich("store.order.pickUpAt", {
              place: (
                <span translate="no">
                  {order.location.name}, {order.location.addressLine1}, {order.location.postalCode} {order.location.city}
                </span>
              ),
            })}
        {order.paymentMethod === "pay_at_pickup" && order.paid < order.total ? ` · ${t("store.order.payOnCollect")}` : ""}
      </p>
      {order.pickupSlotStart && order.pickupSlotEnd ? (
        <p className="pickup-slot">
          <strong>{t("store.order.pickupTime", { slot: f.slot(order.pickupSlotStart, order.pickupSlotEnd, zone), zone: f.zoneName(zone) })}</strong>
        </p>
      ) : null}
      {order.readyAt && !order.pickupSlotStart && !FINAL.has(order.status) ? (
        <p className="pickup-slot">
          <strong>{t("store.order.readyAt", { when: f.dateTimeNamed(order.readyAt, zone) })}</strong>
        </p>
      ) : null}
      {order.status === "pending_payment" ? (
        <Form method="post">
          <p>{order.expiresAt ? t("store.order.waitingUntil", { when: f.dateTimeNamed(order.expiresAt, zone) }) : t("store.order.waiting")}</p>
          <button type="submit" disabled={busy}>
            {t("store.order.payByCard", { amount: money(order.total) })}
          </button>
        </Form>
      ) : null}
      <table>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.id}>
              <td>
                {f.number(l.quantity)} ×{" "}
                <span translate="no">
                  {l.title}
                  {l.variantTitle ? ` (${l.variantTitle})` : ""}
                </span>
              </td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {order.deliveryFee ? (
            <tr>
              <td>{t("store.order.delivery")}</td>
              <td className="num">{money(order.deliveryFee)}</td>
            </tr>
          ) : null}
          <tr>
            <td>{order.taxInclusive ? t("store.cart.taxIncluded") : t("store.cart.tax")}</td>
            <td className="num">{money(order.tax)}</td>
          </tr>
          <tr>
            <th>{t("store.cart.total")}</th>
            <th className="num">{money(order.total)}</th>
          </tr>
          {order.refunded ? (
            <tr>
              <td>{t("store.status.refunded")}</td>
              <td className="num">−{money(order.refunded)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
      <h2>{t("store.order.progress")}</h2>
      <ol className="history">
        {order.events.map((e) => (
          <li key={e.id}>
            {t.rich("store.order.event", {
              when: f.dateTimeNamed(e.createdAt, zone),
              what: e.fromStatus === e.toStatus && e.note ? <span translate="no">{e.note}</span> : t(STATUS_KEYS[e.toStatus]),
            })}
            {e.note && e.fromStatus !== e.toStatus ? (
              <>
                {" ("}
                <span translate="no">{e.note}</span>)
              </>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="hint">
        {t.rich("store.order.contact", {
          shop,
          contact: <span translate="no">{[order.shop.email, order.shop.phone].filter(Boolean).join(", ")}</span>,
          how: order.shop.email ? "email" : order.shop.phone ? "phone" : "none",
        })}
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
