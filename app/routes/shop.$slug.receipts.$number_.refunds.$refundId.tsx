import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ReceiptFooter, ReceiptHeader, VatTable } from "../components/receipt";
import { formatMoney } from "../lib/money";
import { formatShopTime } from "../lib/time";
import { load } from "../lib/trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Refund receipt for #${data?.order.number ?? ""} · Nearshop` }];

const TENDERS: Record<string, string> = { cash: "Cash", card_terminal: "Card (terminal)", stripe: "Card (online)", exchange: "Exchange credit" };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, receipt] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.orders.receipt({ shopSlug, number: params.number ?? "" })]),
  );
  const refund = receipt.refunds.find((r) => r.id === params.refundId);
  if (!refund) throw new Response("This refund is not on this receipt", { status: 404 });
  return { shop: current.shop, legal: receipt.shop, order: receipt.order, refund };
}

/** A refund receipt: what went back, how, its tax per rate, who refunded it (80 mm, prints alone). */
export default function RefundReceipt() {
  const { shop, legal, order, refund } = useLoaderData<typeof loader>();
  const money = (n: number) => formatMoney(n, order.currency);
  const itemsValue = refund.lines.reduce((sum, l) => sum + l.amount, 0);
  return (
    <>
      <div className="no-print receipt-actions">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <Link to={`/shop/${shop.slug}/receipts/${order.number}`}>Back to receipt #{order.number}</Link>
      </div>
      <article className="receipt" aria-label={`Refund receipt for ${order.number}`}>
        <ReceiptHeader shop={legal} />
        <p>
          <strong>REFUND</strong> for receipt #{order.number}
          <br />
          {formatShopTime(refund.createdAt, shop.timezone)}
          <br />
          {order.location.name}
          {refund.cashier ? (
            <>
              <br />
              Refunded by {refund.cashier}
            </>
          ) : null}
        </p>
        <table>
          <tbody>
            {refund.lines.length === 0 ? (
              <tr>
                <td>Amount refunded (no items returned)</td>
                <td className="num">−{money(refund.amount)}</td>
              </tr>
            ) : (
              refund.lines.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.quantity} × {l.title}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                  </td>
                  <td className="num">−{money(l.amount)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            {refund.lines.length && itemsValue !== refund.amount ? (
              <tr>
                <td>Adjusted to</td>
                <td className="num">−{money(refund.amount)}</td>
              </tr>
            ) : null}
            <tr className="grand">
              <td>Refunded</td>
              <td className="num">−{money(refund.amount)}</td>
            </tr>
            <tr>
              <td>Paid back by</td>
              <td className="num">{TENDERS[refund.kind] ?? refund.kind}</td>
            </tr>
            {refund.reason ? (
              <tr>
                <td colSpan={2}>Reason: {refund.reason}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
        <VatTable rows={refund.vat} money={money} label="VAT returned" />
        <ReceiptFooter text={legal.receiptFooter} fallback="Keep this refund receipt with your original receipt." />
      </article>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
