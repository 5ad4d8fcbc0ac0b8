import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { CardMoney, RefundWaiting } from "../components/payments";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { StatusBadge, STEP_LABELS } from "../components/orders";
import { confirmFirst } from "../lib/confirm";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse, type ActionFailure } from "../lib/trpc.server";
import { formatMoney, toMinor } from "../../server/schemas/money";
import { hasRole } from "../../server/schemas/roles";
import { STATUS_LABELS } from "../../server/services/orders/states";
import type { loader as shopLoader } from "./shop.$slug";
import { readForm } from "../lib/forms";
import { formatShopTime } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Order #${data?.order.number ?? ""} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return { order: await load(request, () => context.trpc.orders.get({ shopSlug: params.slug ?? "", orderId: params.orderId ?? "" })) };
}

/** What was typed, to show again; never a password. */
const kept = (form: FormData) => Object.fromEntries([...form.entries()].filter(([k]) => !/password/i.test(k)).map(([k, v]) => [k, String(v)]));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const orderId = params.orderId ?? "";
  const form = await readForm(request);
  const here = `/shop/${shopSlug}/orders/${orderId}`;
  try {
    if (form.get("intent") === "refund") {
      const order = await context.trpc.orders.get({ shopSlug, orderId });
      const lines = order.lines
        .map((l) => ({ lineId: l.id, quantity: Number(form.get(`return-${l.id}`) || 0) }))
        .filter((l) => l.quantity > 0);
      const amountText = String(form.get("amount") ?? "").trim();
      const amount = amountText ? toMinor(amountText, order.currency) : undefined;
      if (amount === null) return { fieldErrors: { amount: `Refund amount: an amount like 12.50` }, values: kept(form) };
      const tender = String(form.get("tender") ?? "");
      // A cashier's form carries a manager's sign-in (the page shows the fields only to cashiers).
      const approval = form.has("approval.email")
        ? { email: String(form.get("approval.email") ?? ""), password: String(form.get("approval.password") ?? "") }
        : undefined;
      if (approval && (!approval.email.trim() || !approval.password)) {
        return data(
          { fieldErrors: { approval: "A manager or owner must approve this return: they type their email and password here" }, values: kept(form) },
          { status: 400 },
        );
      }
      const done = await context.trpc.orders.refund({
        shopSlug, orderId, lines, restock: form.get("restock") === "on", reason: String(form.get("reason") ?? ""),
        ...(amount !== undefined ? { amount } : {}),
        ...(tender === "cash" || tender === "card_terminal" ? { tender } : {}),
        ...(approval ? { approval } : {}),
      });
      return redirectWithToast(here, `${formatMoney(done.amount, order.currency)} refunded${done.kind === "stripe" ? " (sent to Stripe)" : ""}.`);
    }
    if (form.get("intent") === "repay") {
      const tender = String(form.get("tender") ?? "");
      const done = await context.trpc.orders.repayRefund({
        shopSlug, orderId, refundId: String(form.get("refundId") ?? ""), tender: tender as "cash", note: String(form.get("note") ?? ""),
      });
      return redirectWithToast(here, `${formatMoney(done.amount, done.currency)} paid back (${done.kind.replace("_", " ")}) recorded.`);
    }
    const to = String(form.get("to") ?? "");
    const tender = String(form.get("tender") ?? "");
    const moved = await context.trpc.orders.transition({
      shopSlug, orderId, to: to as "preparing", note: String(form.get("note") ?? ""),
      ...(tender === "cash" || tender === "card_terminal" ? { tender } : {}),
    });
    return redirectWithToast(here, `Order #${moved.number}: ${STATUS_LABELS[moved.status].toLowerCase()}.`);
  } catch (error) {
    return toResponse(error, request, kept(form));
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
      <p><Link to={`${base}/orders`}>← Orders</Link></p>
      <h1>
        Order #{order.number} <StatusBadge status={order.status} />
      </h1>
      <p>
        {order.channel === "pos" ? "Till sale" : order.fulfilment === "delivery" ? "Delivery" : `Pickup at ${order.location.name}`} ·{" "}
        {formatShopTime(order.createdAt, timeZone)} · {order.contactName}
        {order.contactEmail ? ` · ${order.contactEmail}` : ""}
        {order.contactPhone ? ` · ${order.contactPhone}` : ""}
        {order.customer ? <> · <Link to={`${base}/customers/${order.customer.id}`}>customer record</Link></> : null}
      </p>
      {order.deliveryAddress ? <p>Deliver to: {order.deliveryAddress} ({order.deliveryKm} km)</p> : null}
      {order.note ? <p className="note">Note: {order.note}</p> : null}
      {order.expiresAt && order.paymentMethod === "pay_at_pickup" && order.paid === 0 ? (
        <p className="notice" role="note">
          To be paid at pickup. Its items are held until {formatShopTime(order.expiresAt, timeZone)}; if nobody collects it by then it is cancelled, the customer is told
          and the items go back on sale.
        </p>
      ) : null}
      <FormError failure={failure} />

      {order.next.length ? (
        <section className="steps" aria-label="Next steps">
          {order.next.map((to) => (
            <Form key={to} method="post" className="inline-form" onSubmit={to === "cancelled" ? confirmFirst(`Cancel order #${order.number}? Its stock is released.`) : undefined}>
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
              {to === "cancelled" && !hasRole(role, "manager") ? null : (
                <button type="submit" disabled={busy} className={to === "cancelled" ? "danger" : undefined}>
                  {to === "completed" && unpaid ? `Take ${money(order.total - order.paid)} and complete` : STEP_LABELS[to]}
                </button>
              )}
            </Form>
          ))}
        </section>
      ) : null}

      <table>
        <thead><tr><th>Item</th><th>SKU</th><th className="num">Qty</th><th className="num">Price</th><th className="num">Total</th></tr></thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.title}{l.variantTitle ? ` (${l.variantTitle})` : ""}{l.returnedQuantity ? <small> · {l.returnedQuantity} returned</small> : null}</td>
              <td>{l.sku}</td>
              <td className="num">{l.quantity}</td>
              <td className="num">{money(l.unitPrice)}</td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {order.discount ? <tr><td colSpan={4}>Discount</td><td className="num">−{money(order.discount)}</td></tr> : null}
          {order.deliveryFee ? <tr><td colSpan={4}>Delivery</td><td className="num">{money(order.deliveryFee)}</td></tr> : null}
          <tr><td colSpan={4}>Tax{order.taxInclusive ? " included" : ""}</td><td className="num">{money(order.tax)}</td></tr>
          <tr><th colSpan={4}>Total</th><th className="num">{money(order.total)}</th></tr>
          <tr><td colSpan={4}>Paid</td><td className="num">{money(order.paid)}</td></tr>
          {order.refunded ? <tr><td colSpan={4}>Refunded</td><td className="num">−{money(order.refunded)}</td></tr> : null}
          {order.applicationFee ? <CardMoney order={order} money={money} /> : null}
          {order.disputed ? <tr><td colSpan={4}>Taken back by a dispute</td><td className="num">−{money(order.disputed)}</td></tr> : null}
        </tfoot>
      </table>

      {canRefund ? (
        <details className="refund" open={Boolean(failure)}>
          <summary>Refund or return items{needsManager ? " (with a manager)" : ""}</summary>
          {needsManager ? (
            <p className="notice" role="note">
              Returns and refunds need a manager. Ask a manager or owner to come to the till: they type their email and password at the
              bottom of this form to approve it, and the order&apos;s history records who approved.
            </p>
          ) : null}
          <Form method="post" noValidate className="wide-form" onSubmit={confirmFirst(`Refund on order #${order.number}? This cannot be undone.`)}>
            <input type="hidden" name="intent" value="refund" />
            {completed ? (
              <fieldset>
                <legend>Items returned</legend>
                {order.lines.map((l) => (
                  <label key={l.id} className="row">
                    <input type="number" name={`return-${l.id}`} min={0} max={l.quantity - l.returnedQuantity} defaultValue={0} className="qty" aria-label={`Return quantity of ${l.sku}`} />
                    {" "}of {l.quantity - l.returnedQuantity} × {l.title}{l.variantTitle ? ` (${l.variantTitle})` : ""}
                  </label>
                ))}
                <label><input type="checkbox" name="restock" defaultChecked /> Put returned items back in stock at {order.location.name}</label>
              </fieldset>
            ) : <p className="hint">Before the order is completed, a refund is for the whole order and releases its stock.</p>}
            <Field label={`Amount (empty: the items' value; at most ${money(refundable)})`} name="amount" inputMode="decimal" failure={failure} defaultValue={completed ? "" : (refundable / 100).toFixed(2)} />
            {order.payments.some((p) => p.kind === "stripe") ? <p className="hint">Paid online: refunded to the card through Stripe.</p> : (
              <label>
                Give back as{" "}
                <select name="tender" defaultValue={order.payments.some((p) => p.kind === "cash") ? "cash" : "card_terminal"}>
                  <option value="cash">Cash</option>
                  <option value="card_terminal">Card terminal</option>
                </select>
              </label>
            )}
            <Field label="Reason" name="reason" failure={failure} />
            {needsManager ? (
              <fieldset className="approval">
                <legend>Manager approval</legend>
                {failureOf?.fieldErrors?.approval ? <p className="field-error" role="alert">{failureOf.fieldErrors.approval}</p> : null}
                <Field label="Manager email" name="approval.email" type="email" autoComplete="off" failure={failure} />
                <Field label="Manager password" name="approval.password" type="password" autoComplete="off" failure={failure} />
              </fieldset>
            ) : null}
            <button type="submit" disabled={busy} className="danger">{needsManager ? "Refund with manager approval" : "Refund"}</button>
          </Form>
        </details>
      ) : null}

      <h2>Payments and refunds</h2>
      {order.payments.length + order.refunds.length === 0 ? <p className="empty">Nothing paid yet.</p> : (
        <ul>
          {order.payments.map((p) => (
            <li key={p.id}>{formatShopTime(p.createdAt, timeZone)}: paid {money(p.amount)} by {p.kind.replace("_", " ")}{p.tendered ? ` (handed ${money(p.tendered)}, change ${money(p.change ?? 0)})` : ""}{p.reference ? ` · ${p.reference}` : ""}</li>
          ))}
          {order.refunds.map((r) => (
            <li key={r.id}>
              {formatShopTime(r.createdAt, timeZone)}: refunded {money(r.amount)} by {r.kind.replace("_", " ")} · {r.status}{r.restock ? " · restocked" : ""}{r.reason ? ` · ${r.reason}` : ""}
              {r.feeReturned ? ` · commission returned ${money(r.feeReturned)}` : null}
              {r.outsideNearshop ? " · made in the Stripe dashboard" : null}
              <RefundWaiting refund={r} timeZone={timeZone} />
              {r.status === "failed" && r.repaidBy ? " · paid back another way" : null}
              {r.status === "failed" && !r.repaidBy && hasRole(role, "manager") ? (
                <Form method="post" className="inline-form" aria-label={`Pay back the failed refund of ${money(r.amount)}`}
                  onSubmit={confirmFirst(`Record that the customer was paid ${money(r.amount)} back another way?`)}>
                  <input type="hidden" name="intent" value="repay" />
                  <input type="hidden" name="refundId" value={r.id} />
                  <span className="hint">The customer has not had this money back. Paid them another way?</span>{" "}
                  <label>
                    How <select name="tender" defaultValue="cash">
                      <option value="cash">Cash</option>
                      <option value="card_terminal">Card terminal</option>
                    </select>
                  </label>{" "}
                  <label>Note <input name="note" maxLength={300} /></label>{" "}
                  <button type="submit" disabled={busy}>Record as paid back</button>
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
            {formatShopTime(e.createdAt, timeZone)}: {e.fromStatus ? `${STATUS_LABELS[e.fromStatus]} → ` : ""}{STATUS_LABELS[e.toStatus]} · {e.actor}{e.note ? ` · ${e.note}` : ""}
          </li>
        ))}
      </ol>
      {order.channel === "pos" ? <p><Link to={`${base}/receipts/${order.number}`}>Receipt</Link></p> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
