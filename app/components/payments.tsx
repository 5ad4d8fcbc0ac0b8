import { useFormat, useT, type WebKey } from "../lib/i18n";

/**
 * Gross, the platform's commission and net for a card payment (order page
 * footer rows). The net is what the shop keeps: the payment, less what was
 * refunded and the commission it did not get back.
 */
export function CardMoney({
  order,
  money,
}: {
  order: { paid: number; refunded: number; applicationFee: number; applicationFeeRefunded: number };
  money: (n: number) => string;
}) {
  const fee = order.applicationFee - order.applicationFeeRefunded;
  const t = useT();
  return (
    <>
      <tr>
        <td colSpan={4}>{t("payments.card.gross")}</td>
        <td className="num">{money(order.paid)}</td>
      </tr>
      <tr>
        <td colSpan={4}>
          {order.applicationFeeRefunded
            ? t("payments.card.commissionReturned", { fee: money(order.applicationFee), returned: money(order.applicationFeeRefunded) })
            : t("payments.card.commission")}
        </td>
        <td className="num">−{money(fee)}</td>
      </tr>
      <tr>
        <th colSpan={4}>{t("payments.card.net", { refunded: order.refunded ? "yes" : "no" })}</th>
        <th className="num">{money(order.paid - order.refunded - fee)}</th>
      </tr>
    </>
  );
}

const WAITING_ADVICE: Record<string, WebKey> = {
  pending: "payments.waiting.pending",
  requires_action: "payments.waiting.requiresAction",
};

/** A card refund that waits at Stripe: since when, and what staff can do. */
export function RefundWaiting({
  refund,
  timeZone,
}: {
  refund: { status: string; stripeStatus: string | null; stripeStatusAt: string | Date | null };
  timeZone: string;
}) {
  const t = useT();
  const f = useFormat();
  const advice = refund.stripeStatus ? WAITING_ADVICE[refund.stripeStatus] : undefined;
  if (refund.status !== "pending" || !refund.stripeStatus || !advice) return null;
  return (
    <p className="hint" role="note">
      {t("payments.waiting.since", {
        status: refund.stripeStatus.replace("_", " "),
        time: refund.stripeStatusAt ? f.dateTime(refund.stripeStatusAt, timeZone) : "—",
      })}{" "}
      {t(advice)}
    </p>
  );
}
