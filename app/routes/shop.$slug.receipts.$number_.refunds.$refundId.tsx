import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ReceiptFooter, ReceiptHeader, TENDER_LABELS, VatTable } from "../components/receipt";
import { translator, useFormat, useT } from "../lib/i18n";
import { load } from "../lib/trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("till.refund.meta", { number: data?.order.number ?? "" }) },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, receipt] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.orders.receipt({ shopSlug, number: params.number ?? "" })]),
  );
  const refund = receipt.refunds.find((r) => r.id === params.refundId);
  if (!refund) throw new Response("This refund is not on this receipt", { status: 404 });
  return { shop: current.shop, legal: receipt.shop, order: receipt.order, refund, locale: context.locale };
}

/** A refund receipt: what went back, how, its tax per rate, who refunded it (80 mm, prints alone). */
export default function RefundReceipt() {
  const { shop, legal, order, refund } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, order.currency);
  const itemsValue = refund.lines.reduce((sum, l) => sum + l.amount, 0);
  return (
    <>
      <div className="no-print receipt-actions">
        <button type="button" onClick={() => window.print()}>
          {t("till.receipt.print")}
        </button>
        <Link to={`/shop/${shop.slug}/receipts/${order.number}`}>{t("till.refund.back", { number: order.number })}</Link>
      </div>
      <article className="receipt" aria-label={t("till.refund.aria", { number: order.number })}>
        <ReceiptHeader shop={legal} />
        <p>
          {t.rich("till.refund.title", { number: order.number, strong: (chunks) => <strong>{chunks}</strong> })}
          <br />
          {f.dateTime(refund.createdAt, shop.timezone)}
          <br />
          <span translate="no">{order.location.name}</span>
          {refund.cashier ? (
            <>
              <br />
              {t.rich("till.refund.by", { name: <span translate="no">{refund.cashier}</span> })}
            </>
          ) : null}
        </p>
        <table>
          <tbody>
            {refund.lines.length === 0 ? (
              <tr>
                <td>{t("till.refund.noItems")}</td>
                <td className="num">−{money(refund.amount)}</td>
              </tr>
            ) : (
              refund.lines.map((l) => (
                <tr key={l.id}>
                  <td>
                    {l.quantity} ×{" "}
                    <span translate="no">
                      {l.title}
                      {l.variantTitle ? ` (${l.variantTitle})` : ""}
                    </span>
                  </td>
                  <td className="num">−{money(l.amount)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            {refund.lines.length && itemsValue !== refund.amount ? (
              <tr>
                <td>{t("till.refund.adjusted")}</td>
                <td className="num">−{money(refund.amount)}</td>
              </tr>
            ) : null}
            <tr className="grand">
              <td>{t("till.receipt.refunded")}</td>
              <td className="num">−{money(refund.amount)}</td>
            </tr>
            <tr>
              <td>{t("till.refund.paidBackBy")}</td>
              <td className="num">{t(TENDER_LABELS[refund.kind])}</td>
            </tr>
            {refund.reason ? (
              <tr>
                <td colSpan={2}>{t.rich("till.refund.reason", { reason: <span translate="no">{refund.reason}</span> })}</td>
              </tr>
            ) : null}
          </tfoot>
        </table>
        <VatTable rows={refund.vat} money={money} label={t("till.refund.vatReturned")} />
        <ReceiptFooter text={legal.receiptFooter} fallback={t("till.refund.keep")} />
      </article>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
