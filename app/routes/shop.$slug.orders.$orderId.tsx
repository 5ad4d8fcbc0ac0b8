import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { CardMoney, RefundWaiting } from "../components/payments";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { STATUS_KEYS, StatusBadge, stepLabel } from "../components/orders";
import { Banner, ConfirmButton } from "../components/ui";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse, type ActionFailure } from "../lib/trpc.server";
import { fromMinor } from "../../server/schemas/money";
import { delayWhen } from "../../server/services/orders/delay-facts";
import { hasRole } from "../../server/schemas/roles";
import type { loader as shopLoader } from "./shop.$slug";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { DELAY_CHOICES, orderPageForm } from "../../server/schemas/orders";
import { formatsFor, translator, useFormat, useT, type T, type WebKey } from "../lib/i18n";
import type { TenderKind } from "../../server/db/generated/enums";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

/** What a message row's status means to staff (Twilio's statuses and ours). */
const SMS_STATUS: Record<string, WebKey> = {
  pending: "orders.sms.sending",
  written: "orders.sms.written",
  capped: "orders.sms.capped",
  opted_out: "orders.sms.optedOut",
  failed: "orders.sms.failed",
  accepted: "orders.sms.accepted",
  scheduled: "orders.sms.scheduled",
  queued: "orders.sms.queued",
  sending: "orders.sms.sending",
  sent: "orders.sms.sent",
  delivered: "orders.sms.delivered",
  undelivered: "orders.sms.undelivered",
  read: "orders.sms.read",
  canceled: "orders.sms.cancelled",
};

function smsStatus(t: T, status: string): string {
  const key = SMS_STATUS[status];
  return key ? t(key) : status;
}

/** How money was paid or given back. */
const TENDER_KEYS: Record<TenderKind, WebKey> = {
  cash: "orders.by.cash",
  card_terminal: "orders.by.cardTerminal",
  stripe: "orders.by.stripe",
  exchange: "orders.by.exchange",
};
const REFUND_STATUS_KEYS: Record<"pending" | "succeeded" | "failed", WebKey> = {
  pending: "orders.refundStatus.pending",
  succeeded: "orders.refundStatus.succeeded",
  failed: "orders.refundStatus.failed",
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("orders.page.title", { number: data?.order.number ?? "" }) },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return {
    order: await load(request, () => context.trpc.orders.get({ shopSlug: params.slug ?? "", orderId: params.orderId ?? "" })),
    locale: context.locale,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const orderId = params.orderId ?? "";
  const form = await readForm(request);
  const here = `/shop/${shopSlug}/orders/${orderId}`;
  const t = translator(context.locale);
  const f = formatsFor(context.locale);
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
            t("orders.toast.exchange", { amount: f.money(done.amount, shop.currency) }),
          );
        }
        return redirectWithToast(
          here,
          t(done.kind === "stripe" ? "orders.toast.refundedStripe" : "orders.toast.refunded", { amount: f.money(done.amount, shop.currency) }),
        );
      }
      case "repay": {
        const { intent: _, ...repay } = input;
        const done = await context.trpc.orders.repayRefund({ shopSlug, orderId, ...repay });
        return redirectWithToast(here, t("orders.toast.repaid", { amount: f.money(done.amount, done.currency), how: t(TENDER_KEYS[done.kind]) }));
      }
      case "delay": {
        const { intent: _, ...delay } = input;
        const done = await context.trpc.orders.delay({ shopSlug, orderId, ...delay });
        // English keeps the history's own note; other languages say the new time from the order itself.
        if (context.locale === "en") {
          return redirectWithToast(
            here,
            t("orders.toast.delayedNote", { number: done.number, note: `${done.note.charAt(0).toLowerCase()}${done.note.slice(1)}` }),
          );
        }
        const o = await context.trpc.orders.get({ shopSlug, orderId });
        const at = (d: string | Date | null) => (d ? new Date(d) : null);
        const when = delayWhen(
          context.locale,
          { pickupSlotStart: at(o.pickupSlotStart), pickupSlotEnd: at(o.pickupSlotEnd), readyAt: at(o.readyAt) },
          shop.timezone,
        );
        return redirectWithToast(here, t("orders.toast.delayed", { number: done.number, minutes: delay.minutes, kind: when.kind, when: when.when }));
      }
      case "transition": {
        const { intent: _, ...transition } = input;
        const moved = await context.trpc.orders.transition({ shopSlug, orderId, ...transition });
        return redirectWithToast(here, t("orders.toast.moved", { number: moved.number, status: moved.status }));
      }
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function OrderPage() {
  const { order } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const timeZone = useShopTimeZone();
  const base = `/shop/${useParams().slug ?? ""}`;
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const role = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier";
  const money = (n: number) => f.money(n, order.currency);
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
  // "14:05: …" in English, "14:05 : …" in French.
  const colon = t("orders.history.colon");
  const completed = order.status === "completed" || order.status === "partially_refunded";
  return (
    <>
      <p>
        <Link to={`${base}/orders`}>{t("orders.page.back")}</Link>
      </p>
      <h1>
        {t("orders.page.heading", { number: order.number })} <StatusBadge status={order.status} />
      </h1>
      <p>
        {order.channel === "pos"
          ? t("orders.page.tillSale")
          : order.fulfilment === "delivery"
            ? t("orders.fulfilment.delivery")
            : t.rich("orders.page.pickupAt", { location: <span translate="no">{order.location.name}</span> })}{" "}
        · {f.dateTime(order.createdAt, timeZone)} · <span translate="no">{order.contactName}</span>
        {order.contactEmail ? (
          <>
            {" "}
            · <span translate="no">{order.contactEmail}</span>
          </>
        ) : null}
        {order.contactPhone ? (
          <>
            {" "}
            · <span translate="no">{order.contactPhone}</span>
          </>
        ) : null}
        {order.customer ? (
          <>
            {" "}
            · <Link to={`${base}/customers/${order.customer.id}`}>{t("orders.page.customerRecord")}</Link>
          </>
        ) : null}
      </p>
      {order.deliveryAddress ? (
        <p>{t.rich("orders.page.deliverTo", { address: <span translate="no">{order.deliveryAddress}</span>, km: f.number(order.deliveryKm ?? 0) })}</p>
      ) : null}
      {order.pickupSlotStart && order.pickupSlotEnd ? (
        <p className="pickup-slot">
          <strong>{t("orders.page.pickupTime", { slot: f.slot(order.pickupSlotStart, order.pickupSlotEnd, timeZone) })}</strong>
        </p>
      ) : null}
      {order.readyAt && !order.pickupSlotStart ? (
        <p className="pickup-slot">
          <strong>{t("orders.page.promised", { time: f.dateTime(order.readyAt, timeZone) })}</strong>
        </p>
      ) : null}
      {order.note ? <p className="note">{t.rich("orders.page.note", { note: <span translate="no">{order.note}</span> })}</p> : null}
      {order.disputes.map((d) =>
        d.status === "needs_response" || d.status === "warning_needs_response" ? (
          <Banner key={d.id} tone="danger" title={t("orders.dispute.title")}>
            {t("orders.dispute.takenBack", { amount: f.money(d.amount, d.currency), reason: d.reason.replace(/_/g, " ") })}{" "}
            {d.dueBy ? <>{t("orders.dispute.answerBy", { time: f.dateTimeNamed(d.dueBy, timeZone) })} </> : null}
            {t.rich("orders.dispute.list", { link: (chunks) => <Link to={`${base}/payments`}>{chunks}</Link> })}
          </Banner>
        ) : (
          <p key={d.id} className="hint">
            {t("orders.dispute.closed", { amount: f.money(d.amount, d.currency), reason: d.reason.replace(/_/g, " "), status: d.status.replace(/_/g, " ") })}
          </p>
        ),
      )}
      {order.expiresAt && order.paymentMethod === "pay_at_pickup" && order.paid === 0 ? (
        <Banner tone="warning">{t("orders.page.heldUntil", { time: f.dateTime(order.expiresAt, timeZone) })}</Banner>
      ) : null}
      <FormError failure={failure} />

      {order.next.length ? (
        <section className="steps" aria-label={t("orders.page.nextSteps")}>
          {order.next.map((to) => (
            <Form key={to} method="post" className="inline-form">
              <input type="hidden" name="to" value={to} />
              {to === "completed" && unpaid ? (
                <label>
                  {t("orders.page.paidWith")}{" "}
                  <select name="tender" defaultValue="cash">
                    <option value="cash">{t("orders.tender.cash")}</option>
                    <option value="card_terminal">{t("orders.tender.cardTerminal")}</option>
                  </select>
                </label>
              ) : null}
              {to === "cancelled" && !hasRole(role, "manager") ? null : to === "cancelled" ? (
                <ConfirmButton
                  disabled={busy}
                  title={t("orders.page.cancelTitle", { number: order.number })}
                  message={t("orders.page.cancelMessage")}
                  confirmLabel={t("orders.step.cancelled")}
                  cancelLabel={t("orders.page.keepOrder")}
                >
                  {stepLabel(t, to)}
                </ConfirmButton>
              ) : (
                <button type="submit" disabled={busy}>
                  {to === "completed" && unpaid ? t("orders.page.takeAndComplete", { amount: money(order.total - order.paid) }) : stepLabel(t, to)}
                </button>
              )}
            </Form>
          ))}
          {order.channel === "online" && ["paid", "confirmed", "preparing"].includes(order.status) ? (
            <details className="delay">
              <summary>{t("orders.delay.summary")}</summary>
              <Form method="post" noValidate className="inline-form">
                <input type="hidden" name="intent" value="delay" />
                <label>
                  {t("orders.delay.by")}{" "}
                  <select name="minutes" defaultValue="15">
                    {DELAY_CHOICES.map((m) => (
                      <option key={m} value={m}>
                        {/* "15 min", "1 h 30 min": the same units in French and English. */}
                        {m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`}
                      </option>
                    ))}
                  </select>
                </label>
                <Field label={t("orders.delay.reason")} id="f-delay-reason" name="reason" maxLength={200} failure={failure} />
                <button type="submit" disabled={busy}>
                  {t("orders.delay.submit")}
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ) : null}

      {/* A narrow phone scrolls the lines, not the page (French headers and amounts are wider). */}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>{t("orders.lines.item")}</th>
              <th>{t("orders.lines.sku")}</th>
              <th className="num">{t("orders.lines.qty")}</th>
              <th className="num">{t("orders.lines.price")}</th>
              <th className="num">{t("orders.lines.total")}</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>
                  <span translate="no">
                    {l.title}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                  </span>
                  {l.returnedQuantity ? <small> · {t("orders.lines.returned", { count: l.returnedQuantity })}</small> : null}
                </td>
                <td>{l.sku ? <span translate="no">{l.sku}</span> : t("orders.lines.custom")}</td>
                <td className="num">{l.quantity}</td>
                <td className="num">{money(l.unitPrice)}</td>
                <td className="num">{money(l.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {order.discount ? (
              <tr>
                <td colSpan={4}>{t("orders.lines.discount")}</td>
                <td className="num">−{money(order.discount)}</td>
              </tr>
            ) : null}
            {order.deliveryFee ? (
              <tr>
                <td colSpan={4}>{t("orders.fulfilment.delivery")}</td>
                <td className="num">{money(order.deliveryFee)}</td>
              </tr>
            ) : null}
            <tr>
              <td colSpan={4}>{order.taxInclusive ? t("orders.lines.taxIncluded") : t("orders.lines.tax")}</td>
              <td className="num">{money(order.tax)}</td>
            </tr>
            <tr>
              <th colSpan={4}>{t("orders.lines.total")}</th>
              <th className="num">{money(order.total)}</th>
            </tr>
            <tr>
              <td colSpan={4}>{t("orders.lines.paid")}</td>
              <td className="num">{money(order.paid)}</td>
            </tr>
            {order.refunded ? (
              <tr>
                <td colSpan={4}>{t("orders.lines.refunded")}</td>
                <td className="num">−{money(order.refunded)}</td>
              </tr>
            ) : null}
            {order.applicationFee ? <CardMoney order={order} money={money} /> : null}
            {order.disputed ? (
              <tr>
                <td colSpan={4}>{t("orders.lines.disputed")}</td>
                <td className="num">−{money(order.disputed)}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </div>

      {canRefund ? (
        <details className="refund" open={Boolean(failure)}>
          <summary>{needsManager ? t("orders.refund.summaryManager") : t("orders.refund.summary")}</summary>
          {needsManager ? <Banner tone="warning">{t("orders.refund.needsManager")}</Banner> : null}
          <Form method="post" noValidate className="wide-form">
            <input type="hidden" name="intent" value="refund" />
            {completed ? (
              <fieldset>
                <legend>{t("orders.refund.itemsReturned")}</legend>
                {order.lines.map((l) => (
                  <label key={l.id} className="row">
                    <input
                      type="number"
                      name={`return-${l.id}`}
                      min={0}
                      max={l.quantity - l.returnedQuantity}
                      defaultValue={0}
                      className="qty"
                      aria-label={t("orders.refund.returnQty", { item: l.sku || l.title })}
                    />{" "}
                    {t.rich("orders.refund.of", {
                      count: l.quantity - l.returnedQuantity,
                      item: (
                        <span translate="no">
                          {l.title}
                          {l.variantTitle ? ` (${l.variantTitle})` : ""}
                        </span>
                      ),
                    })}
                  </label>
                ))}
                <label>
                  <input type="checkbox" name="restock" defaultChecked />{" "}
                  {t.rich("orders.refund.restock", { location: <span translate="no">{order.location.name}</span> })}
                </label>
              </fieldset>
            ) : (
              <p className="hint">{t("orders.refund.whole")}</p>
            )}
            <Field
              label={t("orders.refund.amount", { max: money(refundable) })}
              name="amount"
              inputMode="decimal"
              failure={failure}
              defaultValue={completed ? "" : fromMinor(refundable, order.currency)}
            />
            {order.payments.some((p) => p.kind === "stripe") ? (
              <p className="hint">{t("orders.refund.online")}</p>
            ) : (
              <label>
                {t("orders.refund.giveBack")}{" "}
                <select name="tender" defaultValue={order.payments.some((p) => p.kind === "cash") ? "cash" : "card_terminal"}>
                  <option value="cash">{t("orders.tender.cash")}</option>
                  <option value="card_terminal">{t("orders.tender.cardTerminal")}</option>
                  <option value="exchange">{t("orders.refund.exchange")}</option>
                </select>
              </label>
            )}
            <Field label={t("orders.refund.reason")} name="reason" failure={failure} />
            {needsManager ? (
              <fieldset className="approval">
                <legend>{t("orders.refund.approval")}</legend>
                {failureOf?.fieldErrors?.approval ? (
                  <p className="field-error" role="alert">
                    {failureOf.fieldErrors.approval}
                  </p>
                ) : null}
                <Field label={t("orders.refund.managerEmail")} name="approval.email" type="email" autoComplete="off" failure={failure} />
                <Field label={t("orders.refund.managerPassword")} name="approval.password" type="password" autoComplete="off" failure={failure} />
              </fieldset>
            ) : null}
            <ConfirmButton
              disabled={busy}
              title={t("orders.refund.confirmTitle", { number: order.number })}
              message={t("orders.refund.cannotUndo")}
              confirmLabel={t("orders.refund.button")}
            >
              {needsManager ? t("orders.refund.buttonManager") : t("orders.refund.button")}
            </ConfirmButton>
          </Form>
        </details>
      ) : null}

      <h2>{t("orders.payments.heading")}</h2>
      {order.payments.length + order.refunds.length === 0 ? (
        <p className="empty">{t("orders.payments.none")}</p>
      ) : (
        <ul>
          {order.payments.map((p) => (
            <li key={p.id}>
              {t("orders.payments.paid", { time: f.dateTime(p.createdAt, timeZone), amount: money(p.amount), how: t(TENDER_KEYS[p.kind]) })}
              {p.tendered ? ` ${t("orders.payments.tendered", { handed: money(p.tendered), change: money(p.change ?? 0) })}` : ""}
              {p.reference ? (
                <>
                  {" "}
                  · <span translate="no">{p.reference}</span>
                </>
              ) : null}
            </li>
          ))}
          {order.refunds.map((r) => (
            <li key={r.id}>
              {t("orders.payments.refunded", { time: f.dateTime(r.createdAt, timeZone), amount: money(r.amount), how: t(TENDER_KEYS[r.kind]) })} ·{" "}
              {t(REFUND_STATUS_KEYS[r.status])}
              {r.restock ? ` · ${t("orders.payments.restocked")}` : ""}
              {r.reason ? (
                <>
                  {" "}
                  · <span translate="no">{r.reason}</span>
                </>
              ) : null}
              {r.feeReturned ? ` · ${t("orders.payments.feeReturned", { amount: money(r.feeReturned) })}` : null}
              {r.outsideNearshop ? ` · ${t("orders.payments.outside")}` : null}
              {" · "}
              <Link to={`${base}/receipts/${order.number}/refunds/${r.id}`}>{t("orders.payments.refundReceipt")}</Link>
              <RefundWaiting refund={r} timeZone={timeZone} />
              {r.status === "failed" && r.repaidBy ? ` · ${t("orders.payments.repaidOther")}` : null}
              {r.status === "failed" && !r.repaidBy && hasRole(role, "manager") ? (
                <Form method="post" className="inline-form" aria-label={t("orders.repay.label", { amount: money(r.amount) })}>
                  <input type="hidden" name="intent" value="repay" />
                  <input type="hidden" name="refundId" value={r.id} />
                  <span className="hint">{t("orders.repay.hint")}</span>{" "}
                  <label>
                    {t("orders.repay.how")}{" "}
                    <select name="tender" defaultValue="cash">
                      <option value="cash">{t("orders.tender.cash")}</option>
                      <option value="card_terminal">{t("orders.tender.cardTerminal")}</option>
                    </select>
                  </label>{" "}
                  <label>
                    {t("orders.repay.note")} <input name="note" maxLength={300} />
                  </label>{" "}
                  <ConfirmButton
                    variant="primary"
                    disabled={busy}
                    title={t("orders.repay.confirmTitle", { amount: money(r.amount) })}
                    confirmLabel={t("orders.repay.button")}
                  >
                    {t("orders.repay.button")}
                  </ConfirmButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("orders.history.heading")}</h2>
      <ol className="history">
        {order.events.map((e) => (
          <li key={e.id}>
            {/* A note under the same status (a delay) reads as the note, not "Confirmed → Confirmed". */}
            {e.fromStatus === e.toStatus && e.note ? (
              <>
                {f.dateTime(e.createdAt, timeZone)}
                {colon}
                {e.note} · <span translate="no">{e.actor}</span>
              </>
            ) : (
              <>
                {f.dateTime(e.createdAt, timeZone)}
                {colon}
                {e.fromStatus ? `${t(STATUS_KEYS[e.fromStatus])} → ` : ""}
                {t(STATUS_KEYS[e.toStatus])} · <span translate="no">{e.actor}</span>
                {e.note ? ` · ${e.note}` : ""}
              </>
            )}
          </li>
        ))}
      </ol>
      {order.sms.length ? (
        <>
          <h2 id="sms">{t("orders.sms.heading")}</h2>
          <ul className="history" aria-labelledby="sms">
            {order.sms.map((m) => (
              <li key={m.id}>
                {t.rich("orders.sms.to", { time: f.dateTime(m.createdAt, timeZone), to: <span translate="no">{m.to}</span> })} ·{" "}
                <strong>{smsStatus(t, m.status)}</strong>
                {m.error ? ` · ${m.error}` : ""}
                <br />
                <span className="hint" translate="no">
                  {m.body}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : order.smsOptIn ? (
        <p className="hint">{t.rich("orders.sms.optIn", { phone: <span translate="no">{order.contactPhone}</span> })}</p>
      ) : null}
      {order.channel === "pos" ? (
        <p>
          <Link to={`${base}/receipts/${order.number}`}>{t("orders.page.receipt")}</Link>
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
