import { useMemo, useState, type Dispatch, type ReactNode, type RefObject } from "react";
import { fromMinor, toMinor } from "../../server/schemas/money";
import { priceSale, type Discount, type TaxSettings } from "../../server/services/orders/pricing";
import { creditFrom, creditOn, type Line, type TillEvent, type TillItem, type TillState } from "../lib/till/reducer";
import { quickCash } from "../lib/till/quick-cash";
import { parkedLabel } from "../lib/till/parked";
import { useT } from "../lib/i18n";

/**
 * The parts both tills share: the register's (/till, offline) and the back
 * office's (/shop/<slug>/pos). Each screen keeps what differs (where a
 * scan is looked up, how a sale is recorded, how a manager approves); the
 * state is the same reducer (lib/till/reducer.ts).
 */

/** The sale's figures from what is on the screen, priced as the server prices it (`discount` is undefined while what is typed is not one). */
/** A discount as typed (a percentage, or an amount in the shop's currency); undefined while it is not one. */
export function readDiscount(kind: "percent" | "amount", text: string, currency: string): Discount | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (kind === "percent") {
    const pct = Number(t.replace(",", "."));
    return Number.isFinite(pct) && pct >= 0 && pct <= 100 ? { kind: "percent", basisPoints: Math.round(pct * 100) } : undefined;
  }
  const minor = toMinor(t, currency);
  return minor === null ? undefined : { kind: "amount", amount: minor };
}

/** A line's own discount, as the server takes it (undefined: none, or not one yet). */
export const lineDiscountOf = (l: Line, currency: string) => readDiscount(l.discountKind ?? "percent", l.discountText ?? "", currency);

/** Lines whose discount text is not a discount (or is more than the line): the till says so and will not pay. */
export function badLineDiscounts(lines: Line[], currency: string) {
  return lines.filter((l) => {
    if (!l.discountText?.trim()) return false;
    const d = lineDiscountOf(l, currency);
    return !d || (d.kind === "amount" && d.amount > l.unitPrice * l.quantity);
  });
}

export function useTillTotals(state: TillState, settings: TaxSettings, currency: string) {
  const discount = useMemo(() => readDiscount(state.discountKind, state.discountText, currency), [state.discountText, state.discountKind, currency]);
  const priced = useMemo(
    () =>
      priceSale(
        state.lines.map((l) => ({ ...l, lineDiscount: lineDiscountOf(l, currency) })),
        settings,
        { discount },
      ),
    [state.lines, settings, discount, currency],
  );
  // An exchange credit pays first; what it leaves over goes back to the customer in cash.
  const { credit, creditBack, owed } = creditOn(priced.total, state.exchange);
  const card = toMinor(state.cardText || "0", currency) ?? 0;
  const cashDue = Math.max(0, owed - card);
  const tendered = state.cashText.trim() ? toMinor(state.cashText, currency) : null;
  const change = tendered !== null ? tendered - cashDue : null;
  return { discount, priced, credit, creditBack, owed, card, cashDue, tendered, change };
}
export type TillTotals = ReturnType<typeof useTillTotals>;

/** The scan box and, when a text matches several items, the list to choose from with the arrows. */
export function ScanBox(props: {
  state: TillState;
  dispatch: Dispatch<TillEvent>;
  inputRef: RefObject<HTMLInputElement>;
  onLookup: (text: string) => void;
  onPick: (item: TillItem) => void;
  hitLabel: (item: TillItem) => string;
  /** Enter in the empty box with a line chosen: to that line's discount and note. */
  onEditLine?: () => void;
}) {
  const { state, dispatch } = props;
  const t = useT();
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (state.hits?.length) props.onPick(state.hits[state.active]!);
          else if (!state.q.trim() && state.selected && props.onEditLine) props.onEditLine();
          else if (state.q.trim()) {
            dispatch({ type: "submitted", text: state.q });
            props.onLookup(state.q.trim());
          }
        }}
      >
        <label htmlFor="till-search" className="visually-hidden">
          {t("till.scan.label")}
        </label>
        <input
          id="till-search"
          ref={props.inputRef}
          value={state.q}
          autoFocus
          autoComplete="off"
          placeholder={t("till.scan.placeholder")}
          className={state.lookupError ? "miss" : undefined}
          aria-invalid={state.lookupError ? true : undefined}
          aria-describedby={state.lookupError ? "till-search-error" : undefined}
          onChange={(e) => dispatch({ type: "typed", q: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Escape") dispatch({ type: "cleared" });
            if (state.hits?.length && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
              e.preventDefault();
              dispatch({ type: "moved", by: e.key === "ArrowDown" ? 1 : -1 });
            } else if (!state.q && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
              // Nothing typed: the arrows choose a line of the sale.
              e.preventDefault();
              dispatch({ type: "line_moved", by: e.key === "ArrowDown" ? 1 : -1 });
            }
          }}
        />
      </form>
      {state.lookupError ? (
        <p id="till-search-error" className="field-error till-miss" role="alert">
          {state.lookupError}
        </p>
      ) : null}
      {state.hits?.length ? (
        <ul className="till-hits" role="listbox" aria-label={t("till.scan.matches")}>
          {state.hits.map((h, i) => (
            // Clicked as the option itself (no button nested in an option); the keyboard uses ↑↓ and Enter in the scan box.
            <li key={h.variantId} role="option" aria-selected={i === state.active} onClick={() => props.onPick(h)}>
              {props.hitLabel(h)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** The lines of the sale: quantity to change, a line to remove; `note` adds what a screen says under a line. */
export function CartTable(props: {
  lines: Line[];
  dispatch: Dispatch<TillEvent>;
  money: (n: number) => string;
  note?: (line: Line) => ReactNode;
  /** The chosen line (its discount and note are edited under the cart), and each line's priced figures. */
  selected?: string | null;
  priced?: { lineDiscount: number; unitPrice: number; quantity: number }[];
}) {
  const { lines, dispatch, money } = props;
  const t = useT();
  return (
    <table className="till-cart">
      <caption className="visually-hidden">{t("till.cart.caption")}</caption>
      <thead>
        <tr>
          <th>{t("till.cart.item")}</th>
          <th>{t("till.cart.qty")}</th>
          <th>{t("till.cart.price")}</th>
          <th>{t("till.cart.total")}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {lines.length === 0 ? (
          <tr>
            <td colSpan={5} className="empty">
              {t("till.cart.empty")}
            </td>
          </tr>
        ) : null}
        {lines.map((l, i) => (
          <tr
            key={l.variantId}
            className={props.selected === l.variantId ? "selected" : undefined}
            aria-selected={props.selected === l.variantId}
            onClick={(e) => {
              // A click on the line (not on its quantity or Remove) chooses it.
              if (!(e.target instanceof HTMLInputElement || e.target instanceof HTMLButtonElement)) dispatch({ type: "line_selected", variantId: l.variantId });
            }}
          >
            <td>
              <span translate="no">
                {l.title}
                {l.variantTitle ? ` (${l.variantTitle})` : ""}
              </span>
              <br />
              {l.custom ? <small>{t("till.cart.custom")}</small> : <small translate="no">{l.sku}</small>}
              {l.note ? (
                <>
                  <br />
                  <small className="line-note">{t.rich("till.cart.note", { note: <span translate="no">{l.note}</span> })}</small>
                </>
              ) : null}
              {props.priced?.[i]?.lineDiscount ? (
                <>
                  <br />
                  <small className="line-discount">{t("till.cart.lineDiscount", { amount: money(props.priced[i]!.lineDiscount) })}</small>
                </>
              ) : null}
              {props.note?.(l)}
            </td>
            <td>
              <input
                type="number"
                min={1}
                max={9999}
                value={l.quantity}
                aria-label={t("till.cart.quantityOf", { name: l.custom ? l.title : l.sku })}
                className="qty"
                onChange={(e) => dispatch({ type: "quantity", variantId: l.variantId, quantity: Number(e.target.value) || 1 })}
              />
            </td>
            <td>{money(l.unitPrice)}</td>
            <td data-testid={`line-total-${i}`}>{money(l.unitPrice * l.quantity - (props.priced?.[i]?.lineDiscount ?? 0))}</td>
            <td>
              <button
                type="button"
                className="link"
                aria-label={t("till.cart.removeAria", { name: l.custom ? l.title : l.sku })}
                onClick={() => dispatch({ type: "removed", variantId: l.variantId })}
              >
                {t("till.cart.remove")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const FieldError = ({ message }: { message?: string }) =>
  message ? (
    <p className="field-error" role="alert">
      {message}
    </p>
  ) : null;

/**
 * Discount, totals, card and cash, and the change: the payment side of a
 * till. `approval` stands under the discount (each till asks a manager its
 * own way); `children` (the pay button, the form's error) comes last.
 */
export function PaymentPanel(props: {
  state: TillState;
  dispatch: Dispatch<TillEvent>;
  totals: TillTotals;
  money: (n: number) => string;
  currency: string;
  taxInclusive: boolean;
  discountHint: string;
  cashRef: RefObject<HTMLInputElement>;
  onCashEnter?: () => void;
  approval?: ReactNode;
  errors?: Record<string, string>;
  done: boolean;
  children: ReactNode;
}) {
  const { state, dispatch, totals, money, errors = {} } = props;
  const { priced } = totals;
  const t = useT();
  return (
    <section className="till-pay" aria-label={t("till.pay.region")}>
      <div className="field">
        <label htmlFor="till-discount">{t("till.pay.discount")}</label>
        <div className="row">
          <select
            value={state.discountKind}
            onChange={(e) => dispatch({ type: "discount", kind: e.target.value as "percent" | "amount" })}
            aria-label={t("till.pay.discountKind")}
          >
            <option value="percent">%</option>
            <option value="amount">{props.currency}</option>
          </select>
          <input
            id="till-discount"
            inputMode="decimal"
            value={state.discountText}
            onChange={(e) => dispatch({ type: "discount", text: e.target.value })}
            placeholder="0"
          />
        </div>
        <small className="hint">{props.discountHint}</small>
        <FieldError message={errors.discount} />
      </div>
      {props.approval}
      <dl className="totals">
        <dt>{t("till.pay.subtotal")}</dt>
        <dd>{money(priced.subtotal)}</dd>
        {priced.discount ? (
          <>
            <dt>{t("till.pay.discount")}</dt>
            <dd>−{money(priced.discount)}</dd>
          </>
        ) : null}
        <dt>{t("till.pay.tax", { included: props.taxInclusive ? "yes" : "no" })}</dt>
        <dd>{money(priced.tax)}</dd>
        <dt>{t("till.pay.total")}</dt>
        <dd className="grand" data-testid="till-total">
          {money(priced.total)}
        </dd>
        {state.exchange ? (
          <>
            <dt>{creditFrom(state.exchange.label, t)}</dt>
            <dd data-testid="till-credit">−{money(totals.credit)}</dd>
            <dt>{t("till.pay.toPay")}</dt>
            <dd className="grand" data-testid="till-due">
              {money(totals.owed)}
            </dd>
            {totals.creditBack > 0 ? (
              <>
                <dt>{t("till.pay.cashBack")}</dt>
                <dd data-testid="till-credit-back">{money(totals.creditBack)}</dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
      <div className="field">
        <label htmlFor="till-card">{t("till.pay.card")}</label>
        <input
          id="till-card"
          inputMode="decimal"
          value={state.cardText}
          onChange={(e) => dispatch({ type: "card", text: e.target.value })}
          placeholder={t("till.amount.placeholder")}
        />
        <FieldError message={errors.card} />
      </div>
      <div className="field">
        <label htmlFor="till-cash">{t("till.pay.cash", { amount: money(totals.cashDue) })}</label>
        <input
          id="till-cash"
          ref={props.cashRef}
          inputMode="decimal"
          value={state.cashText}
          onChange={(e) => dispatch({ type: "cash", text: e.target.value })}
          placeholder={t("till.amount.placeholder")}
          onKeyDown={(e) => {
            if (e.key === "Enter" && props.onCashEnter) {
              e.preventDefault();
              props.onCashEnter();
            }
          }}
        />
        <FieldError message={errors.cashTendered} />
      </div>
      {!props.done && totals.cashDue > 0 ? (
        // Right after the cash field, so Tab reaches them; each sets the cash handed over and the change shows at once.
        <div className="quick-cash" role="group" aria-label={t("till.pay.quickCash")}>
          {quickCash(totals.cashDue, props.currency).map((q) => (
            <button
              key={q.amount}
              type="button"
              className="secondary"
              aria-pressed={totals.tendered === q.amount}
              onClick={() => dispatch({ type: "cash", text: fromMinor(q.amount, props.currency) })}
            >
              {q.label === "Exact" ? t("till.pay.exact", { amount: money(q.amount) }) : money(q.amount)}
            </button>
          ))}
        </div>
      ) : null}
      {totals.change !== null && totals.change >= 0 && !props.done ? (
        <p className="change">{t.rich("till.pay.change", { amount: <strong>{money(totals.change)}</strong> })}</p>
      ) : null}
      {props.children}
    </section>
  );
}

/**
 * "Park sale" and the sales parked at this till: one click resumes one into
 * an empty cart; with items in the cart the till asks first (park those
 * too, or keep ringing them up). Parking takes no receipt number.
 */
export function ParkedSales(props: {
  state: TillState;
  dispatch: Dispatch<TillEvent>;
  total: number;
  by: string;
  money: (n: number) => string;
  timeZone: string;
  newRef: () => string;
  done: boolean;
  onChange?: () => void;
}) {
  const { state, dispatch, money } = props;
  const t = useT();
  const label = (p: (typeof state.parked)[number]) => parkedLabel(p, money, props.timeZone, t.locale);
  const [asking, setAsking] = useState<string | null>(null);
  const park = () => {
    dispatch({ type: "parked", id: props.newRef(), at: new Date().toISOString(), by: props.by, total: props.total, clientRef: props.newRef() });
    setAsking(null);
    props.onChange?.();
  };
  const resume = (id: string) => {
    dispatch({ type: "resumed", id, clientRef: props.newRef() });
    setAsking(null);
    props.onChange?.();
  };
  const waiting = asking ? state.parked.find((p) => p.id === asking) : undefined;
  return (
    <section className="till-parked" aria-label={t("till.parked.region")}>
      <button type="button" className="secondary" onClick={park} disabled={!state.lines.length || props.done}>
        {t("till.parked.park")}
      </button>
      {waiting ? (
        <div className="approval" role="alertdialog" aria-label={t("till.parked.resumeDialog")}>
          <p>{t("till.parked.ask", { label: label(waiting) })}</p>
          <button
            type="button"
            onClick={() => {
              park();
              resume(waiting.id);
            }}
          >
            {t("till.parked.parkAndResume")}
          </button>{" "}
          <button type="button" className="secondary" onClick={() => setAsking(null)}>
            {t("till.parked.keep")}
          </button>
        </div>
      ) : null}
      {state.parked.length ? (
        <ul>
          {state.parked.map((p) => (
            <li key={p.id}>
              <span>{t("till.parked.item", { label: label(p) })}</span>
              <button
                type="button"
                className="secondary"
                disabled={props.done}
                onClick={() => (state.lines.length ? setAsking(p.id) : resume(p.id))}
                aria-label={t("till.parked.resumeAria", { label: label(p) })}
              >
                {t("till.parked.resume")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
