import { useEffect, useState, type Dispatch, type RefObject } from "react";
import { toMinor } from "../../server/schemas/money";
import { MAX_CUSTOM_PRICE } from "../../server/schemas/orders";
import type { TaxClass } from "../../server/db/generated/enums";
import { Dialog } from "./ui";
import type { Line, TillEvent } from "../lib/till/reducer";
import { lineDiscountOf } from "./till-parts";
import { useFormat, useT } from "../lib/i18n";

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
  const t = useT();
  if (!line || props.done) return null;
  const gross = line.unitPrice * line.quantity;
  const d = lineDiscountOf(line, currency);
  const typed = line.discountText?.trim();
  const problem = !typed
    ? null
    : !d
      ? line.discountKind === "amount"
        ? t("till.line.badAmount")
        : t("till.line.badPercent")
      : d.kind === "amount" && d.amount > gross
        ? t("till.line.tooMuch", { amount: props.money(gross) })
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
      <legend>{t.rich("till.line.legend", { name: <span translate="no">{name}</span> })}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="till-line-discount">{t("till.line.discount")}</label>
          <div className="row">
            <select
              aria-label={t("till.line.discountKind")}
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
          <label htmlFor="till-line-note">{t("till.line.note")}</label>
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
      <small className="hint">{t("till.line.hint")}</small>
    </fieldset>
  );
}

/** The tax classes a cashier picks from for a custom amount, with the shop's rates. */
const rateLabel = (bp: number, locale: string) => `${(bp / 100).toLocaleString(locale, { maximumFractionDigits: 2 })} %`;

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
  const t = useT();
  const f = useFormat();
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
    if (!description.trim()) return setError(t("till.custom.noDescription"));
    if (minor === null || minor <= 0) return setError(t("till.custom.badPrice"));
    if (minor > MAX_CUSTOM_PRICE) return setError(t("till.custom.tooMuch", { amount: props.money(MAX_CUSTOM_PRICE) }));
    props.dispatch({ type: "custom_added", id: props.newId(), description: description.trim().slice(0, 120), unitPrice: minor, taxClass });
    props.onClose();
  }

  return (
    <Dialog open={props.open} onClose={props.onClose} title={t("till.custom.title")}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <div className="field">
          <label htmlFor="till-custom-description">{t("till.custom.description")}</label>
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
          <label htmlFor="till-custom-price">{t("till.custom.price", { currency: props.currency })}</label>
          <input
            id="till-custom-price"
            inputMode="decimal"
            autoComplete="off"
            placeholder={t("till.amount.placeholder")}
            value={price}
            onChange={(e) => {
              setPrice(e.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="till-custom-tax">{t("till.custom.vat")}</label>
          <select id="till-custom-tax" value={taxClass} onChange={(e) => setTaxClass(e.target.value as TaxClass)}>
            <option value="standard">{t("till.custom.standard", { rate: rateLabel(props.rates.taxStandard, f.locale === "fr" ? "fr-FR" : "en") })}</option>
            <option value="reduced">{t("till.custom.reduced", { rate: rateLabel(props.rates.taxReduced, f.locale === "fr" ? "fr-FR" : "en") })}</option>
            <option value="zero">{t("till.custom.zero")}</option>
          </select>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="submit">{t("till.custom.add")}</button>
          <button type="button" className="secondary" onClick={props.onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
