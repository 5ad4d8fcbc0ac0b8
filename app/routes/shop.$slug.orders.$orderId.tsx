import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { CardMoney, RefundWaiting } from "../components/payments";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { StatusBadge, STEP_LABELS } from "../components/orders";
import { Banner, ConfirmButton } from "../components/ui";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse, type ActionFailure } from "../lib/trpc.server";
import { formatMoney, fromMinor } from "../../server/schemas/money";
import { hasRole } from "../../server/schemas/roles";
import { STATUS_LABELS } from "../../server/services/orders/states";
import type { loader as shopLoader } from "./shop.$slug";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { DELAY_CHOICES, orderPageForm } from "../../server/schemas/orders";
import { formatShopTime, formatShopTimeNamed, formatSlot } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

/** What a message row's status means to staff (Twilio's statuses and ours). */
const SMS_STATUS: Record<string, string> = {
  pending: "sending",
  written: "written to the SMS folder (no provider set up)",
  capped: "not sent: this month's SMS limit is reached",
  opted_out: "not sent: the customer replied STOP",
  failed: "failed",
  accepted: "accepted",
  scheduled: "scheduled",
  queued: "queued",
  sending: "sending",
  sent: "sent",
  delivered: "delivered",
  undelivered: "not delivered",
  read: "read",
  canceled: "cancelled",
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Order #${data?.order.number ?? ""} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return { order: await load(request, () => context.trpc.orders.get({ shopSlug: params.slug ?? "", orderId: params.orderId ?? "" })) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const orderId = params.orderId ?? "";
  const form = await readForm(request);
  const here = `/shop/${shopSlug}/orders/${orderId}`;
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, orderPageForm(shop.currency), { beside: ["amount", "reason", "approval", "approval.email", "approval.password"] });
    switch (input.intent) {
      case "refund": {
        const { intent: _, ...refund } = input;
        const done = await context.trpc.orders.refund({ shopSlug, orderId, ...refund });
        // An exchange: to the till, where the credit goes on the new sale.
        if (done.kind === "exchange") {
          return redirectWithToast(
            `/shop/${shopSlug}/pos?exchange=${done.refundId}`,
            `${formatMoney(done.amount, shop.currency)} kept as an exchange credit: ring up what the customer takes instead.`,
          );
        }
        return redirectWithToast(here, `${formatMoney(done.amount, shop.currency)} refunded${done.kind === "stripe" ? " (sent to Stripe)" : ""}.`);
      }
      case "repay": {
        const { intent: _, ...repay } = input;
        const done = await context.trpc.orders.repayRefund({ shopSlug, orderId, ...repay });
        return redirectWithToast(here, `${formatMoney(done.amount, done.currency)} paid back (${done.kind.replace("_", " ")}) recorded.`);
      }
      case "delay": {
        const { intent: _, ...delay } = input;
        const done = await context.trpc.orders.delay({ shopSlug, orderId, ...delay });
        return redirectWithToast(here, `Order #${done.number}: ${done.note.charAt(0).toLowerCase()}${done.note.slice(1)}. The customer is told.`);
      }
      case "transition": {
        const { intent: _, ...transition } = input;
        const moved = await context.trpc.orders.transition({ shopSlug, orderId, ...transition });
        return redirectWithToast(here, `Order #${moved.number}: ${STATUS_LABELS[moved.status].toLowerCase()}.`);
      }
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function OrderPage() {
  const { order } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const base = `/shop/${useParams().slug ?? ""}`;
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const role = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier";
  const money = (n: number) => formatMoney(n, order.currency);
  const unpaid = order.paid < order.total;
  const refundable = order.paid - order.refunded;
  // Everyone may start a return; a cashier's needs a manager's sign-in on the form.
  const canRefund = refundable > 0;
  const needsManager = !hasRole(role, "manager");
  const failureOf = failure as ActionFailure | undefined;
  // A refused sign-in: the manager's password goes (it is never sent back), and they type it again.
  const approvalError = failureOf?.fieldErrors?.approval;
  useEffect(() => {
    if (!approvalError) return;
    const password = document.getElementById("f-approval-password") as HTMLInputElement | null;
    if (!password) return;
    password.value = "";
    const email = document.getElementById("f-approval-email") as HTMLInputElement | null;
    (email?.value ? password : email)?.focus();
  }, [approvalError, failure]);
  const completed = order.status === "completed" || order.status === "partially_refunded";
  return (
    <>
      <p>
        <Link to={`${base}/orders`}>← Orders</Link>
      </p>
      <h1>
        Order #{order.number} <StatusBadge status={order.status} />
      </h1>
      <p>
        {order.channel === "pos" ? "Till sale" : order.fulfilment === "delivery" ? "Delivery" : `Pickup at ${order.location.name}`} ·{" "}
        {formatShopTime(order.createdAt, timeZone)} · {order.contactName}
        {order.contactEmail ? ` · ${order.contactEmail}` : ""}
        {order.contactPhone ? ` · ${order.contactPhone}` : ""}
        {order.customer ? (
          <>
            {" "}
            · <Link to={`${base}/customers/${order.customer.id}`}>customer record</Link>
          </>
        ) : null}
      </p>
      {order.deliveryAddress ? (
        <p>
          Deliver to: {order.deliveryAddress} ({order.deliveryKm} km)
        </p>
      ) : null}
      {order.pickupSlotStart && order.pickupSlotEnd ? (
        <p className="pickup-slot">
          <strong>Pickup time: {formatSlot(order.pickupSlotStart, order.pickupSlotEnd, timeZone)}</strong>
        </p>
      ) : null}
      {order.readyAt && !order.pickupSlotStart ? (
        <p className="pickup-slot">
          <strong>Promised for about {formatShopTime(order.readyAt, timeZone)}</strong>
        </p>
      ) : null}
      {order.note ? <p className="note">Note: {order.note}</p> : null}
      {order.disputes.map((d) =>
        d.status === "needs_response" || d.status === "warning_needs_response" ? (
          <Banner key={d.id} tone="danger" title="The customer's bank disputes this payment">
            {formatMoney(d.amount, d.currency)} taken back ({d.reason.replace(/_/g, " ")}).{" "}
            {d.dueBy ? <>Answer with your evidence in Stripe by {formatShopTimeNamed(d.dueBy, timeZone)}, or the shop loses it. </> : null}
            <Link to={`${base}/payments`}>Payments</Link> lists every open dispute.
          </Banner>
        ) : (
          <p key={d.id} className="hint">
            Dispute of {formatMoney(d.amount, d.currency)} ({d.reason.replace(/_/g, " ")}): {d.status.replace(/_/g, " ")}.
          </p>
        ),
      )}
      {order.expiresAt && order.paymentMethod === "pay_at_pickup" && order.paid === 0 ? (
        <Banner tone="warning">
          To be paid at pickup. Its items are held until {formatShopTime(order.expiresAt, timeZone)}; if nobody collects it by then it is cancelled, the
          customer is told and the items go back on sale.
        </Banner>
      ) : null}
      <FormError failure={failure} />

      {order.next.length ? (
        <section className="steps" aria-label="Next steps">
          {order.next.map((to) => (
            <Form key={to} method="post" className="inline-form">
              <input type="hidden" name="to" value={to} />
              {to === "completed" && unpaid ? (
                <label>
                  Paid with{" "}
                  <select name="tender" defaultValue="cash">
                    <option value="cash">Cash</option>
                    <option value="card_terminal">Card terminal</option>
                  </select>
                </label>
              ) : null}
              {to === "cancelled" && !hasRole(role, "manager") ? null : to === "cancelled" ? (
                <ConfirmButton
                  disabled={busy}
                  title={`Cancel order #${order.number}?`}
                  message="Its stock is released and the customer is told."
                  confirmLabel="Cancel order"
                  cancelLabel="Keep order"
                >
                  {STEP_LABELS[to]}
                </ConfirmButton>
              ) : (
                <button type="submit" disabled={busy}>
                  {to === "completed" && unpaid ? `Take ${money(order.total - order.paid)} and complete` : STEP_LABELS[to]}
                </button>
              )}
            </Form>
          ))}
          {order.channel === "online" && ["paid", "confirmed", "preparing"].includes(order.status) ? (
            <details className="delay">
              <summary>Delay…</summary>
              <Form method="post" noValidate className="inline-form">
                <input type="hidden" name="intent" value="delay" />
                <label>
                  By{" "}
                  <select name="minutes" defaultValue="15">
                    {DELAY_CHOICES.map((m) => (
                      <option key={m} value={m}>
                        {m < 60 ? `${m} min` : `${m / 60} h${m % 60 ? ` ${m % 60} min` : ""}`}
                      </option>
                    ))}
                  </select>
                </label>
                <Field label="Reason for the customer (optional)" id="f-delay-reason" name="reason" maxLength={200} failure={failure} />
                <button type="submit" disabled={busy}>
                  Delay and tell the customer
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}

      <table>
        <thead>
          <tr>
            <th>Item</th>
            <th>SKU</th>
            <th className="num">Qty</th>
            <th className="num">Price</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.id}>
              <td>
                {l.title}
                {l.variantTitle ? ` (${l.variantTitle})` : ""}
                {l.returnedQuantity ? <small> · {l.returnedQuantity} returned</small> : null}
              </td>
              <td>{l.sku || "Custom amount"}</td>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(l.unitPrice)}</td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {order.discount ? (
            <tr>
              <td colSpan={4}>Discount</td>
              <td className="num">−{money(order.discount)}</td>
            </tr>
          ) : null}
          {order.deliveryFee ? (
            <tr>
              <td colSpan={4}>Delivery</td>
              <td className="num">{money(order.deliveryFee)}</td>
            </tr>
          ) : null}
          <tr>
            <td colSpan={4}>Tax{order.taxInclusive ? " included" : ""}</td>
            <td className="num">{money(order.tax)}</td>
          </tr>
          <tr>
            <th colSpan={4}>Total</th>
            <th className="num">{money(order.total)}</th>
          </tr>
          <tr>
            <td colSpan={4}>Paid</td>
            <td className="num">{money(order.paid)}</td>
          </tr>
          {order.refunded ? (
            <tr>
              <td colSpan={4}>Refunded</td>
              <td className="num">−{money(order.refunded)}</td>
            </tr>
          ) : null}
          {order.applicationFee ? <CardMoney order={order} money={money} /> : null}
          {order.disputed ? (
            <tr>
              <td colSpan={4}>Taken back by a dispute</td>
              <td className="num">−{money(order.disputed)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>

      {canRefund ? (
        <details className="refund" open={Boolean(failure)}>
          <summary>Refund or return items{needsManager ? " (with a manager)" : ""}</summary>
          {needsManager ? (
            <Banner tone="warning">
              Returns and refunds need a manager. Ask a manager or owner to come to the till: they type their email and password at the bottom of this form to
              approve it, and the order&apos;s history records who approved.
            </Banner>
          ) : null}
          <Form method="post" noValidate className="wide-form">
            <input type="hidden" name="intent" value="refund" />
            {completed ? (
              <fieldset>
                <legend>Items returned</legend>
                {order.lines.map((l) => (
                  <label key={l.id} className="row">
                    <input
                      type="number"
                      name={`return-${l.id}`}
                      min={0}
                      max={l.quantity - l.returnedQuantity}
                      defaultValue={0}
                      className="qty"
                      aria-label={`Return quantity of ${l.sku || l.title}`}
                    />{" "}
                    of {l.quantity - l.returnedQuantity} × {l.title}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                  </label>
                ))}
                <label>
                  <input type="checkbox" name="restock" defaultChecked /> Put returned items back in stock at {order.location.name}
                </label>
              </fieldset>
            ) : (
              <p className="hint">Before the order is completed, a refund is for the whole order and releases its stock.</p>
            )}
            <Field
              label={`Amount (empty: the items' value; at most ${money(refundable)})`}
              name="amount"
              inputMode="decimal"
              failure={failure}
              defaultValue={completed ? "" : fromMinor(refundable, order.currency)}
            />
            {order.payments.some((p) => p.kind === "stripe") ? (
              <p className="hint">Paid online: refunded to the card through Stripe.</p>
            ) : (
              <label>
                Give back as{" "}
                <select name="tender" defaultValue={order.payments.some((p) => p.kind === "cash") ? "cash" : "card_terminal"}>
                  <option value="cash">Cash</option>
                  <option value="card_terminal">Card terminal</option>
                  <option value="exchange">Exchange instead of refund (a credit on a new sale at the till)</option>
                </select>
              </label>
            )}
            <Field label="Reason" name="reason" failure={failure} />
            {needsManager ? (
              <fieldset className="approval">
                <legend>Manager approval</legend>
                {failureOf?.fieldErrors?.approval ? (
                  <p className="field-error" role="alert">
                    {failureOf.fieldErrors.approval}
                  </p>
                ) : null}
                <Field label="Manager email" name="approval.email" type="email" autoComplete="off" failure={failure} />
                <Field label="Manager password" name="approval.password" type="password" autoComplete="off" failure={failure} />
              </fieldset>
            ) : null}
            <ConfirmButton disabled={busy} title={`Refund on order #${order.number}?`} message="This cannot be undone." confirmLabel="Refund">
              {needsManager ? "Refund with manager approval" : "Refund"}
            </ConfirmButton>
          </Form>
        </details>
      ) : null}

      <h2>Payments and refunds</h2>
      {order.payments.length + order.refunds.length === 0 ? (
        <p className="empty">Nothing paid yet.</p>
      ) : (
        <ul>
          {order.payments.map((p) => (
            <li key={p.id}>
              {formatShopTime(p.createdAt, timeZone)}: paid {money(p.amount)} by {p.kind.replace("_", " ")}
              {p.tendered ? ` (handed ${money(p.tendered)}, change ${money(p.change ?? 0)})` : ""}
              {p.reference ? ` · ${p.reference}` : ""}
            </li>
          ))}
          {order.refunds.map((r) => (
            <li key={r.id}>
              {formatShopTime(r.createdAt, timeZone)}: refunded {money(r.amount)} by {r.kind.replace("_", " ")} · {r.status}
              {r.restock ? " · restocked" : ""}
              {r.reason ? ` · ${r.reason}` : ""}
              {r.feeReturned ? ` · commission returned ${money(r.feeReturned)}` : null}
              {r.outsideNearshop ? " · made in the Stripe dashboard" : null}
              {" · "}
              <Link to={`${base}/receipts/${order.number}/refunds/${r.id}`}>Refund receipt</Link>
              <RefundWaiting refund={r} timeZone={timeZone} />
              {r.status === "failed" && r.repaidBy ? " · paid back another way" : null}
              {r.status === "failed" && !r.repaidBy && hasRole(role, "manager") ? (
                <Form method="post" className="inline-form" aria-label={`Pay back the failed refund of ${money(r.amount)}`}>
                  <input type="hidden" name="intent" value="repay" />
                  <input type="hidden" name="refundId" value={r.id} />
                  <span className="hint">The customer has not had this money back. Paid them another way?</span>{" "}
                  <label>
                    How{" "}
                    <select name="tender" defaultValue="cash">
                      <option value="cash">Cash</option>
                      <option value="card_terminal">Card terminal</option>
                    </select>
                  </label>{" "}
                  <label>
                    Note <input name="note" maxLength={300} />
                  </label>{" "}
                  <ConfirmButton
                    variant="primary"
                    disabled={busy}
                    title={`Record that the customer was paid ${money(r.amount)} back another way?`}
                    confirmLabel="Record as paid back"
                  >
                    Record as paid back
                  </ConfirmButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2>History</h2>
      <ol className="history">
        {order.events.map((e) => (
          <li key={e.id}>
            {/* A note under the same status (a delay) reads as the note, not "Confirmed → Confirmed". */}
            {e.fromStatus === e.toStatus && e.note ? (
              <>
                {formatShopTime(e.createdAt, timeZone)}: {e.note} · {e.actor}
              </>
            ) : (
              <>
                {formatShopTime(e.createdAt, timeZone)}: {e.fromStatus ? `${STATUS_LABELS[e.fromStatus]} → ` : ""}
                {STATUS_LABELS[e.toStatus]} · {e.actor}
                {e.note ? ` · ${e.note}` : ""}
              </>
            )}
          </li>
        ))}
      </ol>
      {order.sms.length ? (
        <>
          <h2 id="sms">Texts to the customer</h2>
          <ul className="history" aria-labelledby="sms">
            {order.sms.map((m) => (
              <li key={m.id}>
                {formatShopTime(m.createdAt, timeZone)}: SMS to {m.to} · <strong>{SMS_STATUS[m.status] ?? m.status}</strong>
                {m.error ? ` · ${m.error}` : ""}
                <br />
                <span className="hint">{m.body}</span>
              </li>
            ))}
          </ul>
        </>
      ) : order.smsOptIn ? (
        <p className="hint">The customer asked for SMS updates at {order.contactPhone}.</p>
      ) : null}
      {order.channel === "pos" ? (
        <p>
          <Link to={`${base}/receipts/${order.number}`}>Receipt</Link>
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
