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
import { idSchema } from "../../server/schemas/common";
import { notFound } from "../../server/services/errors";
import { translator, useFormat, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("store.checkoutPage.title") }];

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
  return { checkout, key, card: card === "done" || card === "not-saved" ? card : null, problems, locale: context.locale };
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
  const t = useT();
  const f = useFormat();
  const unpaid = checkout.orders.filter((o) => o.status === "pending_payment");
  const money = (o: { total: number; currency: string }) => f.money(o.total, o.currency);
  const oneCurrency = new Set(unpaid.map((o) => o.currency)).size === 1;
  const unpaidTotal =
    oneCurrency && unpaid[0]
      ? f.money(
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
          {t("store.checkoutPage.placed", { count: checkout.orders.length })}
        </p>
      ) : null}
      {params.get("cancelled") ? (
        <p className="form-error" role="alert">
          {t("store.order.cardCancelled")}
        </p>
      ) : null}
      {card === "not-saved" ? (
        <Banner tone="danger" title={t("store.checkoutPage.notSaved")}>
          <p>{t("store.checkoutPage.nothingCharged")}</p>
        </Banner>
      ) : null}
      {failure && "formError" in failure && failure.formError ? (
        <Banner tone="danger" title={t("store.checkoutPage.couldNotStart")}>
          <p>{failure.formError}</p>
        </Banner>
      ) : null}
      <h1>{t("store.checkoutPage.heading")}</h1>
      {paidByCard.length ? (
        <Banner tone="success" title={t("store.checkoutPage.paidOneCard")}>
          <ul>
            {paidByCard.map((o) => (
              <li key={o.id}>{t.rich("store.checkoutPage.paidTo", { amount: money(o), shop: <span translate="no">{o.shop.name}</span> })}</li>
            ))}
          </ul>
        </Banner>
      ) : null}
      {problems.length ? (
        <Banner tone="warning" title={t("store.checkoutPage.notPaid", { count: problems.length })}>
          <ul>
            {problems.map((p) => {
              const o = named(p.orderId);
              const values = { amount: money(o), shop: <span translate="no">{o.shop.name}</span> };
              return (
                <li key={p.orderId}>
                  {p.outcome === "declined"
                    ? t.rich("store.checkoutPage.declined", values)
                    : p.outcome === "authentication"
                      ? t.rich("store.checkoutPage.authentication", values)
                      : t.rich("store.checkoutPage.unavailable", values)}
                </li>
              );
            })}
          </ul>
        </Banner>
      ) : null}
      {unpaid.length ? <p className="hint">{t("store.checkoutPage.waiting", { count: unpaid.length })}</p> : null}
      {unpaid.length > 1 ? (
        <Form method="post" className="checkout-pay-all">
          <Button type="submit" name="intent" value="all" pendingLabel={t("store.checkoutPage.opening")}>
            {unpaidTotal
              ? t("store.checkoutPage.payAllTotal", { total: unpaidTotal, count: unpaid.length })
              : t("store.checkoutPage.payAll", { count: unpaid.length })}
          </Button>
          <p className="hint">{t("store.checkoutPage.payAllHint")}</p>
        </Form>
      ) : null}
      <ul className="checkout-orders">
        {checkout.orders.map((o) => {
          const place = o.location.publicName ?? o.location.name;
          return (
            <li key={o.id} className="card">
              <h2>
                <Link to={`/orders/${o.id}?key=${o.accessKey}`}>
                  {t.rich("store.checkoutPage.orderAt", { shop: <span translate="no">{o.shop.name}</span>, number: o.number })}
                </Link>
              </h2>
              <p>
                <StatusBadge status={o.status} /> {money(o)}
              </p>
              <p>
                {o.fulfilment === "pickup"
                  ? t.rich("store.order.pickUpAt", {
                      place: (
                        <span translate="no">
                          {place}, {o.location.addressLine1}, {o.location.city}
                        </span>
                      ),
                    })
                  : t("store.order.delivery")}
                {o.pickupSlotStart && o.pickupSlotEnd
                  ? ` · ${f.slot(o.pickupSlotStart, o.pickupSlotEnd, o.shop.timezone)} (${f.zoneName(o.shop.timezone)})`
                  : ""}
              </p>
              {o.status === "pending_payment" ? (
                <Form method="post">
                  <input type="hidden" name="orderId" value={o.id} />
                  <Button type="submit" name="intent" value="one" match={{ orderId: o.id }} variant={unpaid.length > 1 ? "secondary" : "primary"}>
                    {t.rich("store.checkoutPage.payOne", { amount: money(o), shop: <span translate="no">{o.shop.name}</span> })}
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
