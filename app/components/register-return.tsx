import { useRef, useState } from "react";
import { hasRole } from "../../server/schemas/roles";
import type { Verifier } from "../lib/till/store";
import { call, Offline, Refused } from "../lib/till/sync";
import { PinFields } from "./pin-fields";

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

  const chosen = sale ? sale.lines.filter((l) => (qty[l.lineId] ?? 0) > 0) : [];
  const amount = chosen.reduce((sum, l) => sum + l.unitValue * (qty[l.lineId] ?? 0), 0);

  function failed(e: unknown, field: string) {
    if (e instanceof Refused) setErrors(Object.keys(e.fieldErrors).length ? e.fieldErrors : { [field]: e.message });
    else if (e instanceof Offline) setErrors({ form: "No network: returns need the server. Try again when the till shows Online." });
    else setErrors({ form: (e as Error).message });
  }

  async function find() {
    if (busy) return;
    if (!receipt.trim()) return setErrors({ receipt: "Receipt: scan the receipt or type its number" });
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
    if (!chosen.length) return setErrors({ lines: "Choose the items returned: how many of each comes back" });
    if (!managerId) return setErrors({ pin: "No manager has a till PIN yet: a manager sets one under Registers → My PIN" });
    if (!/^[0-9]{4,6}$/.test(pin)) return setErrors({ pin: "PIN: 4 to 6 digits" });
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

  const soldAt = (iso: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: props.timezone }).format(new Date(iso));
  const errorOf = (field: string) =>
    errors[field] ? (
      <p id={`return-${field}-error`} className="field-error" role="alert">
        {errors[field]}
      </p>
    ) : null;

  if (done) {
    const how = done.kind === "stripe" ? "back to the customer's card (it can take a few days)" : done.kind === "cash" ? "in cash" : "on the card terminal";
    return (
      <section className="till-return" aria-label="Return done" aria-live="polite">
        <h2>
          Refunded {props.money(done.amount)} {how}
        </h2>
        <p>{done.kind === "cash" ? "Give the cash to the customer: it is counted out of this register's drawer." : "Recorded on the sale."}</p>
        <button type="button" onClick={props.onClose} autoFocus>
          Back to selling
        </button>
      </section>
    );
  }

  return (
    <section className="till-return" aria-label="Return">
      <h2>Return</h2>
      {!props.online ? (
        <p className="form-error" role="alert">
          Offline: returns need the network. Sales go on; come back to the return when the till shows Online.
        </p>
      ) : null}
      {errorOf("form")}
      <div className="field">
        <label htmlFor="return-receipt">Receipt number</label>
        <div className="row">
          <input
            id="return-receipt"
            ref={receiptRef}
            value={receipt}
            autoFocus
            autoComplete="off"
            placeholder="2-000017 or 1043"
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
            Find the sale
          </button>
        </div>
        <p id="return-receipt-hint" className="hint">
          Scan the receipt, or type the number printed on it, then Enter.
        </p>
        {errorOf("receipt")}
      </div>

      {sale ? (
        <>
          <p>
            Sale <strong>{sale.label}</strong> · {soldAt(sale.soldAt)} · paid {props.money(sale.paid)}
            {sale.refunded ? `, ${props.money(sale.refunded)} already refunded` : ""}
          </p>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Items on the receipt">
            <table className="till-cart">
              <caption className="visually-hidden">Items on sale {sale.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num">
                    Sold
                  </th>
                  <th scope="col" className="num">
                    Value each
                  </th>
                  <th scope="col" className="num">
                    Returned
                  </th>
                </tr>
              </thead>
              <tbody>
                {sale.lines.map((l) => (
                  <tr key={l.lineId}>
                    <td>
                      {l.title}
                      {l.variantTitle ? ` (${l.variantTitle})` : ""}
                      <br />
                      <small className="hint">{l.sku}</small>
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
                          aria-label={`Returned: ${l.title}${l.variantTitle ? ` (${l.variantTitle})` : ""}, up to ${l.returnable}`}
                          value={qty[l.lineId] ?? 0}
                          onChange={(e) => {
                            const n = Math.max(0, Math.min(l.returnable, Math.trunc(Number(e.target.value) || 0)));
                            setQty((q) => ({ ...q, [l.lineId]: n }));
                          }}
                        />
                      ) : (
                        <span className="hint">all returned</span>
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
              <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> Put the items back in stock here
            </label>
          </div>
          <fieldset className="field">
            <legend>Give the money back</legend>
            {sale.paidBy === "card_online" ? (
              <label>
                <input type="radio" name="return-tender" checked={tender !== "exchange"} onChange={() => setTender("cash")} /> To the customer's card (paid
                online)
              </label>
            ) : (
              <>
                <label>
                  <input type="radio" name="return-tender" checked={tender === "cash"} onChange={() => setTender("cash")} /> In cash
                </label>{" "}
                <label>
                  <input type="radio" name="return-tender" checked={tender === "card_terminal"} onChange={() => setTender("card_terminal")} /> On the card
                  terminal
                </label>
              </>
            )}{" "}
            <label>
              <input type="radio" name="return-tender" checked={tender === "exchange"} onChange={() => setTender("exchange")} /> Exchange instead of refund
            </label>
            {tender === "exchange" ? (
              <p className="hint">No money leaves the till: the value becomes a credit on a new sale, and the customer pays only the difference.</p>
            ) : null}
          </fieldset>
          <fieldset className="approval pin-pad">
            <legend>Manager approval</legend>
            {managers.length ? (
              <PinFields
                id="return"
                personLabel="Manager"
                pinLabel="Manager's PIN"
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
                No manager has a till PIN yet: a manager sets one under Registers → My PIN.
              </p>
            )}
          </fieldset>
          <p>
            <button type="button" className="pay" onClick={() => void refund()} disabled={busy || !props.online}>
              {tender === "exchange" ? `Credit ${props.money(amount)} to a new sale` : `Refund ${props.money(amount)}`}
            </button>
          </p>
        </>
      ) : null}
      <p>
        <button type="button" className="link" onClick={props.onClose}>
          Cancel the return (Esc)
        </button>
      </p>
    </section>
  );
}
