import { useRef, useState } from "react";
import { hasRole } from "../../server/schemas/roles";
import type { Verifier } from "../lib/till/store";
import { call, Offline, Refused } from "../lib/till/sync";
import { PinFields } from "./pin-fields";
import { useFormat, useT } from "../lib/i18n";

type FoundSale = {
  orderId: string;
  number: number;
  label: string;
  soldAt: string;
  currency: string;
  paid: number;
  refunded: number;
  paidBy: "cash" | "card_terminal" | "card_online";
  lines: { lineId: string; title: string; variantTitle: string; sku: string; quantity: number; returnable: number; unitValue: number }[];
};
type Refunded = { refundId: string; amount: number; kind: string };

/**
 * A return at the register: the receipt is scanned (or its number typed),
 * the cashier picks what comes back, and a manager types their PIN, which
 * the server checks. Returns need the network: the money and the stock are
 * the server's to move.
 */
export function RegisterReturn(props: {
  online: boolean;
  staffId: string;
  people: Verifier[];
  timezone: string;
  money: (n: number) => string;
  onClose: () => void;
  /** The return was kept as an exchange credit: the till puts it on the sale. */
  onExchange: (credit: { refundId: string; amount: number; label: string }) => void;
}) {
  const [receipt, setReceipt] = useState("");
  const [sale, setSale] = useState<FoundSale | null>(null);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [restock, setRestock] = useState(true);
  const [tender, setTender] = useState<"cash" | "card_terminal" | "exchange">("cash");
  const managers = props.people.filter((p) => hasRole(p.role, "manager"));
  const [managerId, setManagerId] = useState(managers[0]?.userId ?? "");
  const [pin, setPin] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Refunded | null>(null);
  const receiptRef = useRef<HTMLInputElement>(null);
  const t = useT();
  const f = useFormat();

  const chosen = sale ? sale.lines.filter((l) => (qty[l.lineId] ?? 0) > 0) : [];
  const amount = chosen.reduce((sum, l) => sum + l.unitValue * (qty[l.lineId] ?? 0), 0);

  function failed(e: unknown, field: string) {
    if (e instanceof Refused) setErrors(Object.keys(e.fieldErrors).length ? e.fieldErrors : { [field]: e.message });
    else if (e instanceof Offline) setErrors({ form: t("till.return.offlineError") });
    else setErrors({ form: (e as Error).message });
  }

  async function find() {
    if (busy) return;
    if (!receipt.trim()) return setErrors({ receipt: t("till.return.noReceipt") });
    setBusy(true);
    setErrors({});
    try {
      const found = await call<FoundSale>("till.findSale", { receipt }, "GET");
      setSale(found);
      setQty({});
      setTender(found.paidBy === "card_terminal" ? "card_terminal" : "cash");
    } catch (e) {
      setSale(null);
      failed(e, "receipt");
    } finally {
      setBusy(false);
    }
  }

  async function refund() {
    if (!sale || busy) return;
    if (!chosen.length) return setErrors({ lines: t("till.return.noLines") });
    if (!managerId) return setErrors({ pin: t("till.return.noManager") });
    if (!/^[0-9]{4,6}$/.test(pin)) return setErrors({ pin: t("till.register.pin.digits") });
    setBusy(true);
    setErrors({});
    try {
      const result = await call<Refunded>(
        "till.returnSale",
        {
          orderId: sale.orderId,
          lines: chosen.map((l) => ({ lineId: l.lineId, quantity: qty[l.lineId] })),
          restock,
          tender,
          staffId: props.staffId,
          approval: { userId: managerId, pin },
        },
        "POST",
      );
      if (result.kind === "exchange") props.onExchange({ refundId: result.refundId, amount: result.amount, label: sale.label });
      else setDone(result);
    } catch (e) {
      failed(e, "form");
    } finally {
      setPin("");
      setBusy(false);
    }
  }

  const soldAt = (iso: string) => f.dateTime(iso, props.timezone);
  const errorOf = (field: string) =>
    errors[field] ? (
      <p id={`return-${field}-error`} className="field-error" role="alert">
        {errors[field]}
      </p>
    ) : null;

  if (done) {
    return (
      <section className="till-return" aria-label={t("till.return.doneRegion")} aria-live="polite">
        <h2>{t("till.return.refunded", { kind: done.kind, amount: props.money(done.amount) })}</h2>
        <p>{done.kind === "cash" ? t("till.return.doneCash") : t("till.return.doneRecorded")}</p>
        <button type="button" onClick={props.onClose} autoFocus>
          {t("till.return.backToSelling")}
        </button>
      </section>
    );
  }

  return (
    <section className="till-return" aria-label={t("till.return.title")}>
      <h2>{t("till.return.title")}</h2>
      {!props.online ? (
        <p className="form-error" role="alert">
          {t("till.return.offline")}
        </p>
      ) : null}
      {errorOf("form")}
      <div className="field">
        <label htmlFor="return-receipt">{t("till.return.receipt")}</label>
        <div className="row">
          <input
            id="return-receipt"
            ref={receiptRef}
            value={receipt}
            autoFocus
            autoComplete="off"
            placeholder={t("till.return.receiptPlaceholder")}
            aria-invalid={errors.receipt ? true : undefined}
            aria-describedby={errors.receipt ? "return-receipt-error" : "return-receipt-hint"}
            onChange={(e) => setReceipt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                e.stopPropagation();
                void find();
              }
            }}
          />
          <button type="button" onClick={() => void find()} disabled={busy}>
            {t("till.return.find")}
          </button>
        </div>
        <p id="return-receipt-hint" className="hint">
          {t("till.return.receiptHint")}
        </p>
        {errorOf("receipt")}
      </div>

      {sale ? (
        <>
          <p>
            {t.rich(sale.refunded ? "till.return.saleRefunded" : "till.return.sale", {
              label: sale.label,
              time: soldAt(sale.soldAt),
              paid: props.money(sale.paid),
              refunded: props.money(sale.refunded),
              strong: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t("till.return.items")}>
            <table className="till-cart">
              <caption className="visually-hidden">{t("till.return.itemsOf", { label: sale.label })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("till.return.item")}</th>
                  <th scope="col" className="num">
                    {t("till.return.sold")}
                  </th>
                  <th scope="col" className="num">
                    {t("till.return.valueEach")}
                  </th>
                  <th scope="col" className="num">
                    {t("till.return.returned")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {sale.lines.map((l) => (
                  <tr key={l.lineId}>
                    <td>
                      <span translate="no">
                        {l.title}
                        {l.variantTitle ? ` (${l.variantTitle})` : ""}
                      </span>
                      <br />
                      <small className="hint" translate="no">
                        {l.sku}
                      </small>
                    </td>
                    <td className="num">{l.quantity}</td>
                    <td className="num">{props.money(l.unitValue)}</td>
                    <td className="num">
                      {l.returnable > 0 ? (
                        <input
                          type="number"
                          min={0}
                          max={l.returnable}
                          step={1}
                          inputMode="numeric"
                          className="qty"
                          aria-label={t("till.return.returnedOf", { name: `${l.title}${l.variantTitle ? ` (${l.variantTitle})` : ""}`, count: l.returnable })}
                          value={qty[l.lineId] ?? 0}
                          onChange={(e) => {
                            const n = Math.max(0, Math.min(l.returnable, Math.trunc(Number(e.target.value) || 0)));
                            setQty((q) => ({ ...q, [l.lineId]: n }));
                          }}
                        />
                      ) : (
                        <span className="hint">{t("till.return.allReturned")}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errorOf("lines")}
          {errorOf("amount")}
          <div className="field">
            <label>
              <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> {t("till.return.restock")}
            </label>
          </div>
          <fieldset className="field">
            <legend>{t("till.return.giveBack")}</legend>
            {sale.paidBy === "card_online" ? (
              <label>
                <input type="radio" name="return-tender" checked={tender !== "exchange"} onChange={() => setTender("cash")} /> {t("till.return.toCard")}
              </label>
            ) : (
              <>
                <label>
                  <input type="radio" name="return-tender" checked={tender === "cash"} onChange={() => setTender("cash")} /> {t("till.return.inCash")}
                </label>{" "}
                <label>
                  <input type="radio" name="return-tender" checked={tender === "card_terminal"} onChange={() => setTender("card_terminal")} />{" "}
                  {t("till.return.onTerminal")}
                </label>
              </>
            )}{" "}
            <label>
              <input type="radio" name="return-tender" checked={tender === "exchange"} onChange={() => setTender("exchange")} /> {t("till.return.exchange")}
            </label>
            {tender === "exchange" ? <p className="hint">{t("till.return.exchangeHint")}</p> : null}
          </fieldset>
          <fieldset className="approval pin-pad">
            <legend>{t("till.approval.legend")}</legend>
            {managers.length ? (
              <PinFields
                id="return"
                personLabel={t("till.register.pin.manager")}
                pinLabel={t("till.register.pin.managerPin")}
                people={managers}
                personId={managerId}
                onPerson={setManagerId}
                pin={pin}
                onPin={setPin}
                error={errors.pin}
                onEnter={() => void refund()}
              />
            ) : (
              <p className="form-error" role="alert">
                {t("till.register.pin.noManager")}
              </p>
            )}
          </fieldset>
          <p>
            <button type="button" className="pay" onClick={() => void refund()} disabled={busy || !props.online}>
              {tender === "exchange" ? t("till.return.credit", { amount: props.money(amount) }) : t("till.return.refund", { amount: props.money(amount) })}
            </button>
          </p>
        </>
      ) : null}
      <p>
        <button type="button" className="link" onClick={props.onClose}>
          {t("till.return.cancel")}
        </button>
      </p>
    </section>
  );
}
