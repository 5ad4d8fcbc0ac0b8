import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useParams, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { emailSchema } from "../../server/schemas/common";
import { formatShopTime } from "../lib/time";
import { ReceiptFooter, ReceiptHeader, VatTable } from "../components/receipt";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Receipt #${data?.order.number ?? ""} · Nearshop` }];

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
  const money = (n: number) => formatMoney(n, order.currency);
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
          Print
        </button>
        <Link to={`${base}/orders/${order.id}`}>Return or refund items{role === "cashier" ? " (a manager approves)" : ""}</Link>
        <Form method="post" noValidate className="inline-form">
          <Field label="Email the receipt to" name="email" type="email" failure={result && "fieldErrors" in result ? result : undefined} />
          <button type="submit">Send</button>
        </Form>
        {result && "sent" in result ? (
          <p role="status">Receipt queued for {result.sent}.</p>
        ) : (
          <FormError failure={result && "formError" in result ? result : undefined} />
        )}
      </div>
      {refunds.length ? (
        <p className="no-print">
          Refund receipts:{" "}
          {refunds.map((r, i) => (
            <span key={r.id}>
              {i ? ", " : ""}
              <Link to={`refunds/${r.id}`}>
                {formatShopTime(r.createdAt, shop.timezone)} ({money(r.amount)})
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      <article className="receipt" aria-label={`Receipt ${order.number}`}>
        <ReceiptHeader shop={legal} />
        <p>
          Receipt #{order.number}
          <br />
          {formatShopTime(order.createdAt, shop.timezone)}
          <br />
          {order.location.name}
          {cashier ? (
            <>
              <br />
              Served by {cashier}
            </>
          ) : null}
          {order.customer ? (
            <>
              <br />
              Customer: {order.customer.name}
            </>
          ) : null}
        </p>
        <table>
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.id}>
                <td>
                  {l.quantity} × {l.title}
                  {l.variantTitle ? ` (${l.variantTitle})` : ""}
                  {l.returnedQuantity ? ` (${l.returnedQuantity} returned)` : ""}
                  {l.note ? (
                    <>
                      <br />
                      <small>Note: {l.note}</small>
                    </>
                  ) : null}
                  {l.lineDiscount ? (
                    <>
                      <br />
                      <small>Line discount −{money(l.lineDiscount)}</small>
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
                <td>Discount</td>
                <td className="num">−{money(order.discount - lineDiscounts)}</td>
              </tr>
            ) : null}
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
            <tr className="grand">
              <td>Total</td>
              <td className="num">{money(order.total)}</td>
            </tr>
            {order.payments.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.kind === "cash"
                    ? `Cash${p.tendered ? ` ${money(p.tendered)}` : ""}`
                    : p.kind === "stripe"
                      ? "Card (online)"
                      : p.kind === "exchange"
                        ? "Exchange credit"
                        : "Card"}
                </td>
                <td className="num">{money(p.amount)}</td>
              </tr>
            ))}
            {order.payments
              .filter((p) => p.change)
              .map((p) => (
                <tr key={`c${p.id}`}>
                  <td>Change</td>
                  <td className="num">{money(p.change ?? 0)}</td>
                </tr>
              ))}
            {order.refunded ? (
              <tr>
                <td>Refunded</td>
                <td className="num">−{money(order.refunded)}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
        <VatTable rows={vat} money={money} />
        {order.deliveryFee ? <p className="hint">Delivery is taxed at the rates of the goods it carries (in the tax total above).</p> : null}
        <ReceiptFooter text={legal.receiptFooter} fallback="Thank you! Keep this receipt for returns." />
      </article>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
