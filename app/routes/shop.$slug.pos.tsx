import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useParams, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { load, toResponse } from "../lib/trpc.server";
import { translator, useFormat, useT, type T } from "../lib/i18n";
import { Badge } from "../components/ui";
import { needsApproval } from "../../server/services/orders/pricing";
import { parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { posSaleSchema } from "../../server/schemas/orders";
import { badLineDiscounts, CartTable, lineDiscountOf, ParkedSales, PaymentPanel, ScanBox, useTillTotals } from "../components/till-parts";
import { CustomAmount, LineEditor } from "../components/till-lines";
import { ProductTiles } from "../components/till-tiles";
import { loadParkedLocal, saveParkedLocal } from "../lib/till/parked";
import type { loader as rootLoader } from "../root";
import { creditFrom, initialTill, tillReducer, type Line, type TillItem } from "../lib/till/reducer";
import { useHotkeys, useTillKeys } from "../lib/till/use-hotkeys";
import { CustomerOnSale, CustomerPicker, NeedsNetwork, type CustomerSource } from "../components/till-customer";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("till.meta.title") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, locations] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.inventory.locations({ shopSlug })]),
  );
  const url = new URL(request.url);
  const chosen = url.searchParams.get("location");
  // An exchange started on the order page: its credit goes on the sale.
  const exchangeId = url.searchParams.get("exchange");
  const locationId = locations.find((l) => l.id === chosen)?.id ?? locations[0]?.id;
  const [settings, tiles, credit] = await load(request, () =>
    Promise.all([
      context.trpc.pos.settings({ shopSlug }),
      locationId ? context.trpc.pos.tiles({ shopSlug, locationId }) : Promise.resolve([]),
      exchangeId ? context.trpc.pos.exchangeCredit({ shopSlug, refundId: exchangeId }) : Promise.resolve(null),
    ]),
  );
  return {
    shop: current.shop,
    role: current.role,
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    settings,
    tiles,
    credit,
    locale: context.locale,
  };
}

/** The sale arrives as JSON (the till builds it in the browser). */
/**
 * The till sends its sale as JSON in one field ("sale"): the form reads as
 * that sale, so each problem is named by the sale's own field (approval,
 * discount, card) as the till shows them.
 */
const saleForm = z.preprocess((fields, ctx) => {
  const text = (fields as { sale?: unknown } | null)?.sale;
  try {
    if (typeof text !== "string") throw new Error("no sale");
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", path: ["form"], message: "The sale could not be read; try again", input: text });
    return z.NEVER;
  }
}, posSaleSchema);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const sale = parseForm(form, saleForm, { beside: ["approval", "discount", "card", "cashTendered"] });
    const done = await context.trpc.pos.sale({ ...sale, shopSlug: params.slug ?? "" });
    return { done: { ...done, customer: done.customer ?? undefined } };
  } catch (error) {
    return toResponse(error, request);
  }
}

type ActionData = {
  done?: { orderId: string; number: number; total: number; change: number; belowStock: { sku: string; quantity: number }[]; customer?: string };
  formError?: string;
  fieldErrors?: Record<string, string>;
};

const newRef = () => crypto.randomUUID();

/** A line as the sale sends it: a catalog variant or a custom amount, with its own discount and note. */
function saleLine(l: Line, currency: string) {
  const discount = lineDiscountOf(l, currency);
  const extras = { ...(discount ? { discount } : {}), ...(l.note?.trim() ? { note: l.note.trim() } : {}) };
  return l.custom
    ? { custom: { description: l.title, unitPrice: l.unitPrice, taxClass: l.taxClass }, quantity: l.quantity, ...extras }
    : { variantId: l.variantId, quantity: l.quantity, ...extras };
}

/** The shop's customers through this till's JSON route (the back office's session goes with it). */
function customerSource(base: string, t: T): CustomerSource {
  async function ask<R>(url: string, init?: RequestInit): Promise<R> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers: { Accept: "application/json", ...(init?.body ? { "Content-Type": "application/json" } : {}) } });
    } catch {
      throw new NeedsNetwork(t("till.noNetwork"));
    }
    const body = (await res.json().catch(() => ({ error: t("till.serverAnswered", { status: res.status }) }))) as R | { error: string };
    if (!res.ok) throw new Error((body as { error?: string }).error ?? t("till.serverAnswered", { status: res.status }));
    return body as R;
  }
  return {
    search: (q) => ask(`${base}/pos/customers?${new URLSearchParams({ q })}`),
    add: (input) => ask(`${base}/pos/customers`, { method: "POST", body: JSON.stringify(input) }),
  };
}

/** A low buzz for a missed scan, heard when the cashier is looking at the customer (Web Audio: no file to ship). */
let audio: AudioContext | undefined;
function missBeep() {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = "square";
    osc.frequency.value = 220;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.2);
  } catch {
    // No audio (autoplay rules, no device): the red box and the message still say it.
  }
}

/**
 * The back office's till: the same screen as a register's (the reducer in
 * lib/till/reducer.ts, the parts in components/till-parts.tsx, the keys in
 * one hook), with each scan looked up on the server at the chosen
 * location, the sale recorded at once, and a manager's approval by email
 * and password (a browser that is not a paired register has no PINs).
 */
export default function Till() {
  const { shop, role, locations, settings, tiles, credit } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const base = `/shop/${useParams().slug ?? ""}`;
  const locationId = params.get("location") ?? locations[0]?.id ?? "";
  const t = useT();
  const f = useFormat();
  const money = useCallback((n: number) => f.money(n, shop.currency), [f, shop.currency]);
  const [state, dispatch] = useReducer(tillReducer, undefined, () => initialTill(newRef()));
  const me = useRouteLoaderData<typeof rootLoader>("root")?.user?.name ?? "";
  const search = useRef<HTMLInputElement>(null);
  const cash = useRef<HTMLInputElement>(null);
  const managerEmail = useRef<HTMLInputElement>(null);
  const managerPassword = useRef<HTMLInputElement>(null);
  const sale = useFetcher<ActionData>();
  // The fetcher's last answer, while it is about the sale on screen.
  const [submitted, setSubmitted] = useState<string | null>(null);
  const answer = submitted === state.clientRef ? sale.data : undefined;
  const done = answer?.done;
  // The same pricing as the server's, so the total shown is the total charged.
  const totals = useTillTotals(state, settings, shop.currency);
  const { discount, priced, card, tendered, owed } = totals;
  // The exchange's credit, once, onto the sale (it stays until a sale spends it); the address forgets it, so a reload does not ask again.
  useEffect(() => {
    if (!credit) return;
    dispatch({ type: "exchange_credited", credit: { refundId: credit.refundId, amount: credit.amount, label: credit.label }, clientRef: newRef() });
    setParams(
      (p) => {
        p.delete("exchange");
        return p;
      },
      { replace: true },
    );
  }, [credit]);
  // A cashier's discount above the limit: the manager's fields open at once,
  // and whenever the server asks for them (its answer is the last word).
  const errors = answer?.fieldErrors ?? {};
  const askApproval = (role === "cashier" && needsApproval(priced.subtotal, priced.discount, settings.discountLimit)) || Boolean(errors.approval);
  const { approval } = state;

  // Back to the search box for the next scan, unless the cashier has
  // already moved on to a payment field while the lookup was answering.
  function refocus() {
    const at = document.activeElement;
    if (!(at instanceof HTMLInputElement || at instanceof HTMLSelectElement) || at === search.current) search.current?.focus();
  }

  // `typed`: the text that was looked up. A slow answer must not wipe what
  // the cashier has typed since (the next scan).
  function add(hit: TillItem, typed?: string) {
    dispatch({ type: "added", item: hit, typed });
    refocus();
  }

  // A miss empties the box, so the next scan is read on its own rather than
  // appended to the code that failed; the message keeps what was scanned.
  function miss(message: string) {
    dispatch({ type: "missed", typed: "", message });
    missBeep();
    search.current?.animate?.([{ backgroundColor: "#fdecea" }, { backgroundColor: "#f8b4ae" }, { backgroundColor: "#fdecea" }], { duration: 500 });
    refocus();
  }

  async function lookup(text: string) {
    dispatch({ type: "looking" });
    let body: TillItem[] | { error: string };
    try {
      const res = await fetch(`${base}/pos/lookup?${new URLSearchParams({ q: text, location: locationId })}`, { headers: { Accept: "application/json" } });
      body = (await res.json()) as TillItem[] | { error: string };
    } catch {
      body = { error: t("till.lookup.failed", { text }) };
    } finally {
      dispatch({ type: "looked" });
    }
    if (!Array.isArray(body)) return miss(body.error);
    // A scan (exact barcode or SKU) or a single match goes straight into the cart.
    const exact = body.filter((h) => h.barcode === text || h.sku.toUpperCase() === text.toUpperCase());
    // The text left the box when it was submitted ("submitted"): what is there now is the next scan.
    if (exact.length === 1) add(exact[0]!, "");
    else if (body.length === 1) add(body[0]!, "");
    else if (!body.length) miss(t("till.lookup.none", { text }));
    else dispatch({ type: "matches", hits: body, typed: text });
  }

  function startOver() {
    // The sale just recorded spent the credit: the next sale has none (the paid one keeps showing it until then).
    if (spent) dispatch({ type: "exchange_spent" });
    setSpent(null);
    dispatch({ type: "started_over", clientRef: newRef() });
    search.current?.focus();
  }

  function pay() {
    // A fast cashier scans and pays in one motion: the sale waits for the last scan rather than leave it out.
    if (state.pending > 0) return dispatch({ type: "pay_waits" });
    if (!state.lines.length || sale.state !== "idle") return;
    if (state.discountText.trim() && !discount) return dispatch({ type: "refused", message: t("till.discount.bad") });
    const badLine = badLineDiscounts(state.lines, shop.currency)[0];
    if (badLine) return dispatch({ type: "refused", message: t("till.lineDiscount.badOn", { title: badLine.title }) });
    const payload = {
      clientRef: state.clientRef,
      locationId,
      items: state.lines.map((l) => saleLine(l, shop.currency)),
      ...(discount ? { discount } : {}),
      ...(card > 0 ? { card: { amount: card } } : {}),
      ...(tendered !== null ? { cashTendered: tendered } : {}),
      ...(askApproval && approval.email ? { approval } : {}),
      ...(state.customer ? { customerId: state.customer.id } : {}),
      ...(state.exchange ? { exchange: { refundId: state.exchange.refundId, amount: state.exchange.amount } } : {}),
    };
    dispatch({ type: "sent" });
    setSubmitted(state.clientRef);
    sale.submit({ sale: JSON.stringify(payload) }, { method: "post" });
  }

  // The last scan answered: the pay that waited for it goes now.
  useEffect(() => {
    if (state.payQueued && state.pending === 0) {
      dispatch({ type: "pay_goes" });
      pay();
    }
    // Only when a lookup ends with a pay waiting: pay() reads this render's state.
  }, [state.payQueued, state.pending]);

  // The last sale recorded here, for its receipt after "New sale".
  const [lastSale, setLastSale] = useState<{ number: number; total: number } | null>(null);
  // What the credit covered on the sale just recorded (the credit itself is spent: it leaves the till).
  const [spent, setSpent] = useState<{ label: string; used: number; back: number } | null>(null);
  useEffect(() => {
    if (done) setLastSale({ number: done.number, total: done.total });
    if (done && state.exchange) setSpent({ label: state.exchange.label, used: totals.credit, back: totals.creditBack });
    // Only when a sale is recorded: the credit and its split are this render's.
  }, [done]);
  const receiptUrl = (n: number) => `${base}/receipts/${n}?print=1`;
  const openReceipt = (n: number) => window.open(receiptUrl(n), "_blank", "noopener");

  useTillKeys({
    search,
    cash,
    done: Boolean(done),
    pay,
    startOver,
    print: done ? () => openReceipt(done.number) : undefined,
    reprint: lastSale ? () => openReceipt(lastSale.number) : undefined,
  });

  // F3: the customer for this sale; F7: a custom amount.
  const [picking, setPicking] = useState(false);
  const [customOpen, setCustomOpen] = useState(false);
  const lineDiscount = useRef<HTMLInputElement>(null);
  useHotkeys({
    F3: (e) => {
      e.preventDefault();
      if (!done) setPicking(true);
    },
    F7: (e) => {
      e.preventDefault();
      if (!done) setCustomOpen(true);
    },
  });
  const backToScan = () => window.setTimeout(() => search.current?.focus(), 0);
  const customers = useMemo<CustomerSource>(() => customerSource(base, t), [base, t]);

  // Parked sales stay in this browser, per shop: read once the page runs, written as they change.
  const [parkedRead, setParkedRead] = useState(false);
  useEffect(() => {
    dispatch({ type: "parked_loaded", parked: loadParkedLocal(shop.id) });
    setParkedRead(true);
  }, [shop.id]);
  useEffect(() => {
    if (parkedRead) saveParkedLocal(shop.id, state.parked);
  }, [parkedRead, shop.id, state.parked]);

  // The manager's password never stays on the till once the sale is made.
  useEffect(() => {
    if (done) dispatch({ type: "approval", email: "", password: "" });
  }, [done]);

  // A refused sign-in: the password goes, and the manager types it again.
  const approvalError = errors.approval;
  useEffect(() => {
    if (!approvalError) return;
    dispatch({ type: "approval", password: "" });
    (managerEmail.current?.value ? managerPassword : managerEmail).current?.focus();
  }, [approvalError, answer]);

  const formError = state.formError || answer?.formError;
  return (
    <div className="till">
      <header className="till-head">
        <h1>{t("till.title")}</h1>
        <label>
          {t("till.at")}{" "}
          <select value={locationId} onChange={(e) => setParams({ location: e.target.value })} aria-label={t("till.location")}>
            {locations.map((l) => (
              <option key={l.id} value={l.id} translate="no">
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <nav className="till-links">
          <Link to={`${base}/cash-up?location=${locationId}`}>{t("till.cashUp")}</Link>
          <Link to={`${base}/orders?channel=pos`}>{t("till.salesAndReturns")}</Link>
        </nav>
      </header>
      <p className="hint">{t("till.hint")}</p>
      {!done && lastSale ? (
        <p className="till-reprint">
          <Link to={receiptUrl(lastSale.number)} target="_blank" rel="noreferrer">
            {t("till.reprint", { number: lastSale.number, total: money(lastSale.total) })}
          </Link>{" "}
          <span className="hint">F9</span>
        </p>
      ) : null}
      <CustomerPicker
        open={picking}
        onClose={() => {
          setPicking(false);
          window.setTimeout(() => search.current?.focus(), 0);
        }}
        online
        source={customers}
        dispatch={dispatch}
      />
      <CustomAmount
        open={customOpen}
        onClose={() => {
          setCustomOpen(false);
          backToScan();
        }}
        currency={shop.currency}
        money={money}
        rates={settings}
        newId={newRef}
        dispatch={dispatch}
      />

      {done ? (
        <section className="till-done" role="status" aria-live="polite">
          <h2>{t("till.done.sale", { number: done.number, total: money(done.total) })}</h2>
          {done.customer ? <p>{t.rich("till.done.customer", { name: <span translate="no">{done.customer}</span> })}</p> : null}
          {spent ? (
            <p data-testid="till-done-credit">
              {creditFrom(spent.label, t)}: −{money(spent.used)}
              {spent.back ? <> · {t.rich("till.done.giveBack", { amount: <strong>{money(spent.back)}</strong> })}</> : null}
            </p>
          ) : null}
          {done.change > 0 ? (
            <p className="change">{t.rich("till.done.change", { amount: <strong>{money(done.change)}</strong> })}</p>
          ) : (
            <p>{t("till.done.noChange")}</p>
          )}
          {done.belowStock.length ? (
            <p className="below-stock-note">{t("till.done.belowStock", { list: done.belowStock.map((b) => `${b.sku} × ${b.quantity}`).join(", ") })}</p>
          ) : null}
          <p>
            <Link to={receiptUrl(done.number)} target="_blank" rel="noreferrer">
              {t("till.done.print")}
            </Link>
            {" · "}
            <button type="button" onClick={startOver} autoFocus>
              {t("till.done.newSale")}
            </button>
          </p>
        </section>
      ) : null}

      <div className="till-grid">
        <section>
          <ScanBox
            state={state}
            dispatch={dispatch}
            inputRef={search}
            onLookup={(text) => void lookup(text)}
            onPick={(h) => add(h)}
            onEditLine={() => lineDiscount.current?.focus()}
            hitLabel={(h) =>
              t("till.hit", {
                name: `${h.title}${h.variantTitle ? ` (${h.variantTitle})` : ""}`,
                sku: h.sku,
                price: money(h.price),
                available: f.number(h.available),
              })
            }
          />
          <CustomerOnSale customer={state.customer} dispatch={dispatch} onOpen={() => setPicking(true)} done={Boolean(done)} />
          <ProductTiles items={tiles} money={money} onAdd={(item) => add(item)} disabled={Boolean(done)} />
          <ParkedSales
            state={state}
            dispatch={dispatch}
            total={priced.total}
            by={me}
            money={money}
            timeZone={shop.timezone}
            newRef={newRef}
            done={Boolean(done)}
            onChange={() => search.current?.focus()}
          />
          <div className="till-line-actions">
            <button type="button" className="secondary" onClick={() => setCustomOpen(true)} disabled={Boolean(done)}>
              {t("till.customAmount.button")}
            </button>
          </div>
          <CartTable
            lines={state.lines}
            dispatch={dispatch}
            money={money}
            selected={state.selected}
            priced={priced.lines}
            note={(l) =>
              l.quantity <= l.available ? null : settings.tillSellsBelowStock ? (
                <>
                  <br />
                  <Badge tone="warning" className="below-stock">
                    {t("till.belowStock.badge")}
                  </Badge>{" "}
                  <small className="below-stock-note">{t("till.belowStock.recorded", { count: Math.max(l.available, 0) })}</small>
                </>
              ) : (
                <>
                  <br />
                  <small className="field-error">{t("till.belowStock.refused", { count: Math.max(l.available, 0) })}</small>
                </>
              )
            }
          />
          <LineEditor
            line={state.lines.find((l) => l.variantId === state.selected)}
            dispatch={dispatch}
            currency={shop.currency}
            money={money}
            discountRef={lineDiscount}
            onDone={backToScan}
            done={Boolean(done)}
          />
        </section>

        <PaymentPanel
          state={state}
          dispatch={dispatch}
          totals={totals}
          money={money}
          currency={shop.currency}
          taxInclusive={settings.taxInclusive}
          discountHint={t("till.discount.hint", { limit: f.number(settings.discountLimit / 100), canApprove: role !== "cashier" ? "yes" : "no" })}
          cashRef={cash}
          errors={errors}
          done={Boolean(done)}
          approval={
            askApproval ? (
              <fieldset className="approval">
                <legend>{t("till.approval.legend")}</legend>
                <p className="hint">{t("till.approval.hint", { limit: f.number(settings.discountLimit / 100) })}</p>
                {errors.approval ? (
                  <p className="field-error" role="alert">
                    {errors.approval}
                  </p>
                ) : null}
                <div className="field">
                  <label htmlFor="till-manager-email">{t("till.approval.email")}</label>
                  <input
                    id="till-manager-email"
                    ref={managerEmail}
                    type="email"
                    autoComplete="off"
                    value={approval.email}
                    onChange={(e) => dispatch({ type: "approval", email: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        managerPassword.current?.focus();
                      }
                    }}
                  />
                </div>
                <div className="field">
                  <label htmlFor="till-manager-password">{t("till.approval.password")}</label>
                  <input
                    id="till-manager-password"
                    ref={managerPassword}
                    type="password"
                    autoComplete="off"
                    value={approval.password}
                    onChange={(e) => dispatch({ type: "approval", password: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        e.preventDefault();
                        pay();
                      }
                    }}
                  />
                </div>
              </fieldset>
            ) : null
          }
        >
          {formError ? (
            <p className="form-error" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="button" className="pay" onClick={pay} disabled={!state.lines.length || sale.state !== "idle" || Boolean(done)}>
            {sale.state !== "idle" ? t("till.pay.recording") : state.payQueued ? t("till.pay.waiting") : t("till.pay.button", { amount: money(owed) })}
          </button>
        </PaymentPanel>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
