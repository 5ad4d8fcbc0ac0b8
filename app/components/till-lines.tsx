import { useEffect, useState, type Dispatch, type RefObject } from "react";
import { toMinor } from "../../server/schemas/money";
import { MAX_CUSTOM_PRICE } from "../../server/schemas/orders";
import type { TaxClass } from "../../server/db/generated/enums";
import { Dialog } from "./ui";
import type { Line, TillEvent } from "../lib/till/reducer";
import { lineDiscountOf } from "./till-parts";

/**
 * The chosen line's own discount (a percentage or an amount) and note, under
 * the cart. Arrows in the empty scan box choose a line, Enter there comes
 * here, Escape goes back to scanning.
 */
export function LineEditor(props: {
  line: Line | undefined;
  dispatch: Dispatch<TillEvent>;
  currency: string;
  money: (n: number) => string;
  discountRef: RefObject<HTMLInputElement>;
  onDone: () => void;
  done: boolean;
}) {
  const { line, dispatch, currency } = props;
  if (!line || props.done) return null;
  const gross = line.unitPrice * line.quantity;
  const d = lineDiscountOf(line, currency);
  const typed = line.discountText?.trim();
  const problem = !typed
    ? null
    : !d
      ? line.discountKind === "amount"
        ? "Line discount: an amount, like 1.50"
        : "Line discount: a percentage from 0 to 100"
      : d.kind === "amount" && d.amount > gross
        ? `Line discount: more than the line (${props.money(gross)})`
        : null;
  const back = (e: React.KeyboardEvent) => {
    if (e.key === "Escape" || e.key === "Enter") {
      e.preventDefault();
      props.onDone();
    }
  };
  const name = line.variantTitle ? `${line.title} (${line.variantTitle})` : line.title;
  return (
    <fieldset className="till-line-editor">
      <legend>Line: {name}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="till-line-discount">Line discount</label>
          <div className="row">
            <select
              aria-label="Line discount kind"
              value={line.discountKind ?? "percent"}
              onChange={(e) => dispatch({ type: "line_discount", variantId: line.variantId, kind: e.target.value as "percent" | "amount" })}
            >
              <option value="percent">%</option>
              <option value="amount">{currency}</option>
            </select>
            <input
              id="till-line-discount"
              ref={props.discountRef}
              inputMode="decimal"
              autoComplete="off"
              placeholder="0"
              value={line.discountText ?? ""}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? "till-line-discount-error" : undefined}
              onChange={(e) => dispatch({ type: "line_discount", variantId: line.variantId, text: e.target.value })}
              onKeyDown={back}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor="till-line-note">Note</label>
          <input
            id="till-line-note"
            autoComplete="off"
            maxLength={200}
            value={line.note ?? ""}
            onChange={(e) => dispatch({ type: "line_note", variantId: line.variantId, note: e.target.value })}
            onKeyDown={back}
          />
        </div>
      </div>
      {problem ? (
        <p className="field-error" id="till-line-discount-error" role="alert">
          {problem}
        </p>
      ) : null}
      <small className="hint">↑↓ in the empty scan box choose a line · Enter there edits it · Esc back to scanning</small>
    </fieldset>
  );
}

/** The tax classes a cashier picks from for a custom amount, with the shop's rates. */
const rateLabel = (bp: number) => `${(bp / 100).toLocaleString("en", { maximumFractionDigits: 2 })} %`;

/**
 * F7: a custom amount, for an item without a barcode: what it is, its price
 * in the shop's currency and its VAT rate. It goes on the sale as a line of
 * its own (no product, no stock).
 */
export function CustomAmount(props: {
  open: boolean;
  onClose: () => void;
  currency: string;
  money: (n: number) => string;
  rates: { taxStandard: number; taxReduced: number };
  newId: () => string;
  dispatch: Dispatch<TillEvent>;
}) {
  const [description, setDescription] = useState("");
  const [price, setPrice] = useState("");
  const [taxClass, setTaxClass] = useState<TaxClass>("standard");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!props.open) return;
    setDescription("");
    setPrice("");
    setTaxClass("standard");
    setError(null);
  }, [props.open]);

  function add() {
    const minor = toMinor(price, props.currency);
    if (!description.trim()) return setError("Description: enter what is sold");
    if (minor === null || minor <= 0) return setError(`Price: an amount more than zero, like 4.50`);
    if (minor > MAX_CUSTOM_PRICE) return setError(`Price: ${props.money(MAX_CUSTOM_PRICE)} at most for one item`);
    props.dispatch({ type: "custom_added", id: props.newId(), description: description.trim().slice(0, 120), unitPrice: minor, taxClass });
    props.onClose();
  }

  return (
    <Dialog open={props.open} onClose={props.onClose} title="Custom amount">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <div className="field">
          <label htmlFor="till-custom-description">Description</label>
          <input
            id="till-custom-description"
            autoFocus
            autoComplete="off"
            maxLength={120}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="till-custom-price">Price ({props.currency})</label>
          <input
            id="till-custom-price"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            value={price}
            onChange={(e) => {
              setPrice(e.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="till-custom-tax">VAT rate</label>
          <select id="till-custom-tax" value={taxClass} onChange={(e) => setTaxClass(e.target.value as TaxClass)}>
            <option value="standard">Standard ({rateLabel(props.rates.taxStandard)})</option>
            <option value="reduced">Reduced ({rateLabel(props.rates.taxReduced)})</option>
            <option value="zero">Zero (0 %)</option>
          </select>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="submit">Add to sale</button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
