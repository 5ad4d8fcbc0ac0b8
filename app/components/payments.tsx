import { formatShopTime } from "../lib/time";

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
  return (
    <>
      <tr>
        <td colSpan={4}>Card payment, gross</td>
        <td className="num">{money(order.paid)}</td>
      </tr>
      <tr>
        <td colSpan={4}>
          Nearshop commission
          {order.applicationFeeRefunded ? ` (${money(order.applicationFee)}, ${money(order.applicationFeeRefunded)} returned with refunds)` : ""}
        </td>
        <td className="num">−{money(fee)}</td>
      </tr>
      <tr>
        <th colSpan={4}>Net to the shop ({order.refunded ? "after refunds, " : ""}before Stripe's fee)</th>
        <th className="num">{money(order.paid - order.refunded - fee)}</th>
      </tr>
    </>
  );
}

const WAITING_ADVICE: Record<string, string> = {
  pending:
    "Stripe has not confirmed this refund yet. Card refunds usually settle within days; if it still waits after a week, look it up in your Stripe dashboard.",
  requires_action:
    "Stripe needs the customer to act (it emailed them for details to send the money). If nothing happens, pay the customer back another way and note it here.",
};

/** A card refund that waits at Stripe: since when, and what staff can do. */
export function RefundWaiting({
  refund,
  timeZone,
}: {
  refund: { status: string; stripeStatus: string | null; stripeStatusAt: string | Date | null };
  timeZone: string;
}) {
  if (refund.status !== "pending" || !refund.stripeStatus || !WAITING_ADVICE[refund.stripeStatus]) return null;
  return (
    <p className="hint" role="note">
      Waiting at Stripe ({refund.stripeStatus.replace("_", " ")}) since {refund.stripeStatusAt ? formatShopTime(refund.stripeStatusAt, timeZone) : "—"}.{" "}
      {WAITING_ADVICE[refund.stripeStatus]}
    </p>
  );
}
