import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { load, toResponse } from "../lib/trpc.server";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { emailSchema } from "../../server/schemas/common";
import { ReceiptFooter, ReceiptHeader, VatTable } from "../components/receipt";
import { translator, useFormat, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("till.receipt.meta", { number: data?.order.number ?? "" }) },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, receipt] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.orders.receipt({ shopSlug, number: params.number ?? "" })]),
  );
  return {
    shop: current.shop,
    role: current.role,
    legal: receipt.shop,
    order: receipt.order,
    cashier: receipt.cashier,
    vat: receipt.vat,
    refunds: receipt.refunds,
    locale: context.locale,
  };
}

const emailForm = z.object({ email: emailSchema });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { email } = parseForm(form, emailForm);
    const order = await context.trpc.orders.byNumber({ shopSlug: params.slug ?? "", number: params.number ?? "" });
    await context.trpc.orders.emailReceipt({ shopSlug: params.slug ?? "", orderId: order.id, email });
    return { sent: email };
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

/** The visit (location key) whose receipt was printed: a remount of the same page must not print it twice. */
let printedVisit: string | null = null;

/** An 80 mm till receipt: printing shows only the receipt (print stylesheet). */
export default function Receipt() {
  const { shop, role, legal, order, cashier, vat, refunds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const base = `/shop/${useParams().slug ?? ""}`;
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, order.currency);
  // Line discounts show on their lines; the discount row is the order's own.
  const lineDiscounts = order.lines.reduce((a, l) => a + l.lineDiscount, 0);
  // Opened from the till to print (F9): the print dialog comes up once the receipt is on screen, once per visit.
  const [search] = useSearchParams();
  const { key } = useLocation();
  const printNow = search.get("print") === "1";
  useEffect(() => {
    if (!printNow || printedVisit === key) return;
    printedVisit = key;
    window.print();
  }, [printNow, key]);
  return (
    <>
      <div className="no-print receipt-actions">
        <button type="button" onClick={() => window.print()}>
          {t("till.receipt.print")}
        </button>
        <Link to={`${base}/orders/${order.id}`}>{t("till.receipt.return", { cashier: role === "cashier" ? "yes" : "no" })}</Link>
        <Form method="post" noValidate className="inline-form">
          <Field label={t("till.receipt.emailTo")} name="email" type="email" failure={result && "fieldErrors" in result ? result : undefined} />
          <button type="submit">{t("till.receipt.send")}</button>
        </Form>
        {result && "sent" in result ? (
          <p role="status">{t.rich("till.receipt.queued", { email: <span translate="no">{result.sent}</span> })}</p>
        ) : (
          <FormError failure={result && "formError" in result ? result : undefined} />
        )}
      </div>
      {refunds.length ? (
        <p className="no-print">
          {t("till.receipt.refunds")}{" "}
          {refunds.map((r, i) => (
            <span key={r.id}>
              {i ? ", " : ""}
              <Link to={`refunds/${r.id}`}>
                {f.dateTime(r.createdAt, shop.timezone)} ({money(r.amount)})
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      <article className="receipt" aria-label={t("till.receipt.aria", { number: order.number })}>
        <ReceiptHeader shop={legal} />
        <p>
          {t("till.receipt.number", { number: order.number })}
          <br />
          {f.dateTime(order.createdAt, shop.timezone)}
          <br />
          <span translate="no">{order.location.name}</span>
          {cashier ? (
            <>
              <br />
              {t.rich("till.receipt.servedBy", { name: <span translate="no">{cashier}</span> })}
            </>
          ) : null}
          {order.customer ? (
            <>
              <br />
              {t.rich("till.done.customer", { name: <span translate="no">{order.customer.name}</span> })}
            </>
          ) : null}
        </p>
        <table>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.quantity} ×{" "}
                  <span translate="no">
                    {l.title}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                  </span>
                  {l.returnedQuantity ? ` ${t("till.receipt.returned", { count: l.returnedQuantity })}` : ""}
                  {l.note ? (
                    <>
                      <br />
                      <small>{t.rich("till.cart.note", { note: <span translate="no">{l.note}</span> })}</small>
                    </>
                  ) : null}
                  {l.lineDiscount ? (
                    <>
                      <br />
                      <small>{t("till.cart.lineDiscount", { amount: money(l.lineDiscount) })}</small>
                    </>
                  ) : null}
                </td>
                <td className="num">{money(l.unitPrice * l.quantity - l.lineDiscount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {order.discount - lineDiscounts ? (
              <tr>
                <td>{t("till.receipt.discount")}</td>
                <td className="num">−{money(order.discount - lineDiscounts)}</td>
              </tr>
            ) : null}
            {order.deliveryFee ? (
              <tr>
                <td>{t("till.receipt.delivery")}</td>
                <td className="num">{money(order.deliveryFee)}</td>
              </tr>
            ) : null}
            <tr>
              <td>{t("till.pay.tax", { included: order.taxInclusive ? "yes" : "no" })}</td>
              <td className="num">{money(order.tax)}</td>
            </tr>
            <tr className="grand">
              <td>{t("till.pay.total")}</td>
              <td className="num">{money(order.total)}</td>
            </tr>
            {order.payments.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.kind === "cash"
                    ? p.tendered
                      ? t("till.receipt.cashTendered", { amount: money(p.tendered) })
                      : t("till.receipt.cash")
                    : p.kind === "stripe"
                      ? t("till.receipt.cardOnline")
                      : p.kind === "exchange"
                        ? t("till.receipt.exchange")
                        : t("till.receipt.card")}
                </td>
                <td className="num">{money(p.amount)}</td>
              </tr>
            ))}
            {order.payments
              .filter((p) => p.change)
              .map((p) => (
                <tr key={`c${p.id}`}>
                  <td>{t("till.receipt.change")}</td>
                  <td className="num">{money(p.change ?? 0)}</td>
                </tr>
              ))}
            {order.refunded ? (
              <tr>
                <td>{t("till.receipt.refunded")}</td>
                <td className="num">−{money(order.refunded)}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
        <VatTable rows={vat} money={money} />
        {order.deliveryFee ? <p className="hint">{t("till.receipt.deliveryTax")}</p> : null}
        <ReceiptFooter text={legal.receiptFooter} fallback={t("till.receipt.thanks")} />
      </article>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
