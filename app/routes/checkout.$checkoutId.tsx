import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Banner, Button } from "../components/ui";
import { StatusBadge } from "../components/orders";
import { load, toResponse } from "../lib/trpc.server";
import { parseForm, readForm } from "../lib/forms";
import { requireParams, textParam } from "../lib/url-params";
import { formatSlot, zoneName } from "../lib/time";
import { formatMoney } from "../../server/schemas/money";
import { idSchema } from "../../server/schemas/common";
import { notFound } from "../../server/services/errors";

export const meta: MetaFunction = () => [{ title: "Your orders from this checkout · Nearshop" }];

/** The checkout's link carries its key (an HMAC of its id); back from the kept card, what became of each order. */
const pageParams = z.object({ key: textParam, card: textParam, failed: textParam });
const OUTCOMES = ["declined", "authentication", "unavailable"] as const;
type Problem = { orderId: string; outcome: (typeof OUTCOMES)[number] };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { key, card, failed } = requireParams(request, pageParams);
  const checkout = await load(request, () => context.trpc.checkout.checkoutSummary({ checkoutId: params.checkoutId ?? "", key: key ?? "" }));
  // Only this checkout's orders and the three known outcomes are read from the address.
  const problems: Problem[] = (failed ?? "")
    .split(",")
    .map((part) => part.split("."))
    .flatMap(([orderId, outcome]) =>
      checkout.orders.some((o) => o.id === orderId) && OUTCOMES.includes(outcome as Problem["outcome"])
        ? [{ orderId: orderId!, outcome: outcome as Problem["outcome"] }]
        : [],
    )
    .sort((a, b) => checkout.orders.findIndex((o) => o.id === a.orderId) - checkout.orders.findIndex((o) => o.id === b.orderId));
  return { checkout, key, card: card === "done" || card === "not-saved" ? card : null, problems };
}

const intents = z.discriminatedUnion("intent", [z.object({ intent: z.literal("all") }), z.object({ intent: z.literal("one"), orderId: idSchema })]);

/** Pay every unpaid order with one card entry (Stripe, then each shop charges its own order), or one shop's order on its own page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const { key } = requireParams(request, pageParams);
  try {
    const choice = parseForm(form, intents, { beside: [] });
    const link = { checkoutId: params.checkoutId ?? "", key: key ?? "" };
    if (choice.intent === "all") return redirect((await context.trpc.checkout.payCart(link)).url);
    const summary = await context.trpc.checkout.checkoutSummary(link);
    const order = summary.orders.find((o) => o.id === choice.orderId);
    if (!order) throw notFound("Order");
    const { url } = await context.trpc.checkout.payCard({
      orderId: choice.orderId,
      key: order.accessKey,
      checkout: { checkoutId: summary.checkoutId, key: key ?? "" },
    });
    return redirect(url);
  } catch (error) {
    return toResponse(error, request);
  }
}

/** The orders one checkout placed across shops: each to follow; the unpaid card orders paid with one card entry, or each on its shop's own page. */
export default function CheckoutOrders() {
  const { checkout, card, problems } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const unpaid = checkout.orders.filter((o) => o.status === "pending_payment");
  const money = (o: { total: number; currency: string }) => formatMoney(o.total, o.currency);
  const oneCurrency = new Set(unpaid.map((o) => o.currency)).size === 1;
  const unpaidTotal =
    oneCurrency && unpaid[0]
      ? formatMoney(
          unpaid.reduce((a, o) => a + o.total, 0),
          unpaid[0].currency,
        )
      : null;
  const paidByCard =
    card === "done" ? checkout.orders.filter((o) => o.paymentMethod === "card_online" && o.status !== "pending_payment" && o.status !== "cancelled") : [];
  const named = (orderId: string) => checkout.orders.find((o) => o.id === orderId)!;
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
      {card === "not-saved" ? (
        <Banner tone="danger" title="Your card was not saved">
          <p>Nothing was charged. You can try again below.</p>
        </Banner>
      ) : null}
      {failure && "formError" in failure && failure.formError ? (
        <Banner tone="danger" title="The payment could not start">
          <p>{failure.formError}</p>
        </Banner>
      ) : null}
      <h1>Your orders from this checkout</h1>
      {paidByCard.length ? (
        <Banner tone="success" title="Paid with one card">
          <ul>
            {paidByCard.map((o) => (
              <li key={o.id}>
                {money(o)} to {o.shop.name}
              </li>
            ))}
          </ul>
        </Banner>
      ) : null}
      {problems.length ? (
        <Banner tone="warning" title={problems.length === 1 ? "One order is not paid yet" : `${problems.length} orders are not paid yet`}>
          <ul>
            {problems.map((p) => {
              const o = named(p.orderId);
              return (
                <li key={p.orderId}>
                  {p.outcome === "declined"
                    ? `Your card was declined for the order at ${o.shop.name} (${money(o)}): pay it below with another card.`
                    : p.outcome === "authentication"
                      ? `Your bank asks you to confirm the payment of ${money(o)} to ${o.shop.name}: press "Pay ${money(o)} to ${o.shop.name}" below to confirm it.`
                      : `${o.shop.name} cannot take card payments at the moment, so its order (${money(o)}) was not charged: try again below in a few minutes.`}
                </li>
              );
            })}
          </ul>
        </Banner>
      ) : null}
      {unpaid.length ? (
        <p className="hint">
          {unpaid.length === 1 ? "One order waits" : `${unpaid.length} orders wait`} for a card payment. An order not paid in time is released.
        </p>
      ) : null}
      {unpaid.length > 1 ? (
        <Form method="post" className="checkout-pay-all">
          <Button type="submit" name="intent" value="all" pendingLabel="Opening the secure card page…">
            {unpaidTotal ? `Pay ${unpaidTotal} for ${unpaid.length} orders with one card` : `Pay ${unpaid.length} orders with one card`}
          </Button>
          <p className="hint">You enter your card once, on Stripe's secure page; then each shop charges its own order to it.</p>
        </Form>
      ) : null}
      <ul className="checkout-orders">
        {checkout.orders.map((o) => {
          const place = o.location.publicName ?? o.location.name;
          return (
            <li key={o.id} className="card">
              <h2>
                <Link to={`/orders/${o.id}?key=${o.accessKey}`}>
                  {o.shop.name}: order #{o.number}
                </Link>
              </h2>
              <p>
                <StatusBadge status={o.status} /> {money(o)}
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
                  <Button type="submit" name="intent" value="one" match={{ orderId: o.id }} variant={unpaid.length > 1 ? "secondary" : "primary"}>
                    Pay {money(o)} to {o.shop.name}
                  </Button>
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
