import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { needsApproval } from "../../server/services/orders/pricing";
import { hasRole } from "../../server/schemas/roles";
import { creditFrom, initialTill, shortLines, stockApproved, tillReducer, type Person, type Receipt, type TillItem } from "../lib/till/reducer";
import {
  countMiss,
  loadParked,
  localTiles,
  lookupLocal,
  missesOf,
  openTill,
  queueSale,
  readMeta,
  saveParked,
  updateMeta,
  waitingSales,
  type TillStore,
  type Verifier,
} from "../lib/till/store";
import { call, ensureNumbers, Offline, pinMatches, pushQueue, refreshCatalog, refreshStaff, Refused } from "../lib/till/sync";
import { useHotkeys, useIdle, useTillKeys } from "../lib/till/use-hotkeys";
import { badLineDiscounts, CartTable, lineDiscountOf, ParkedSales, PaymentPanel, ScanBox, useTillTotals } from "./till-parts";
import { CustomAmount, LineEditor } from "./till-lines";
import { ProductTiles } from "./till-tiles";
import { RegisterReturn } from "./register-return";
import { PinFields } from "./pin-fields";
import { CustomerOnSale, CustomerPicker, NeedsNetwork, type CustomerSource } from "./till-customer";
import type { SaleCustomer } from "../lib/till/reducer";
import { useFormat, useT } from "../lib/i18n";

export type RegisterBoot = {
  register: {
    id: string;
    name: string;
    code: number;
    locationId: string;
    location: { name: string };
    shop: {
      name: string;
      currency: string;
      timezone: string;
      taxInclusive: boolean;
      taxStandard: number;
      taxReduced: number;
      discountLimit: number;
      offlineHours: number;
      tillSellsBelowStock: boolean;
    };
  };
  staff: Verifier[];
};

/** Locks the till after this long without a key or a touch. */
const IDLE_MS = 5 * 60_000;
const SYNC_MS = 5_000;
const LOCAL_TRIES = 5;

const receiptLabel = (code: number, n: number) => `${code}-${String(n).padStart(6, "0")}`;
const clientRef = () => crypto.randomUUID();

/** The shop's customers through the register's own procedures (its cookie goes with them); no network, no customers. */
async function onServer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof Offline) throw new NeedsNetwork(e.message);
    if (e instanceof Refused) throw new Error(Object.values(e.fieldErrors)[0] ?? e.message);
    throw e;
  }
}
const registerCustomers: CustomerSource = {
  search: (q) => onServer(() => call<SaleCustomer[]>("till.customers", q ? { q } : {}, "GET")),
  add: (input) => onServer(() => call<SaleCustomer & { existing: boolean }>("till.addCustomer", input, "POST")),
};

/**
 * The paired register's till, made to keep selling with no network: it
 * scans against the register's own copy of the catalog, numbers each sale
 * from the register's block, keeps it in IndexedDB and sends it when it
 * can (the server applies each sale once). The screen is a reducer over
 * named events (lib/till/reducer.ts) with its keys in one hook.
 */
export function RegisterTill({ boot }: { boot: RegisterBoot }) {
  const { register } = boot;
  const shop = register.shop;
  const [state, dispatch] = useReducer(tillReducer, undefined, () => initialTill(clientRef()));
  const [db, setDb] = useState<TillStore | null>(null);
  const [staff, setStaff] = useState<Verifier[]>(boot.staff);
  // The tiles come from the register's own copy of the catalog: they work offline.
  const [tiles, setTiles] = useState<TillItem[]>([]);
  const [lastContact, setLastContact] = useState(Date.now());
  const search = useRef<HTMLInputElement>(null);
  const cash = useRef<HTMLInputElement>(null);
  const t = useT();
  const f = useFormat();
  const money = useCallback((n: number) => f.money(n, shop.currency), [f, shop.currency]);

  // The local copy: open it, keep the staff's verifiers, and sync on a timer.
  // The staff list is read through a ref: a new copy of the same list (the
  // loader ran again) must not start a second sync beside the first.
  const bootStaff = useRef(boot.staff);
  bootStaff.current = boot.staff;
  useEffect(() => {
    let stop = false;
    let timer = 0;
    void openTill(register.id).then(async (store) => {
      if (stop) return;
      if (bootStaff.current.length) await updateMeta(store, (m) => ({ ...m, staff: bootStaff.current }));
      const m = await readMeta(store);
      setStaff(m.staff);
      if (m.lastContact) setLastContact(m.lastContact);
      // What this register kept: the sales parked here and the last receipt, to resume and print again after a reload.
      dispatch({ type: "parked_loaded", parked: await loadParked(store) });
      if (m.lastReceipt) dispatch({ type: "last_loaded", receipt: m.lastReceipt });
      // An exchange credit given before a reload is still the customer's.
      if (m.exchange) dispatch({ type: "exchange_credited", credit: m.exchange, clientRef: clientRef() });
      setDb(store);
      setTiles(await localTiles(store));
      const tick = async () => {
        try {
          await pushQueue(store);
          await refreshCatalog(store);
          await ensureNumbers(store);
          await refreshStaff(store);
          dispatch({ type: "came_online" });
          dispatch({ type: "queue", waiting: (await waitingSales(store)).length, error: null });
        } catch (error) {
          // Offline: the queue waits. Refused: the till says why (and keeps the sales).
          if (error instanceof Offline) dispatch({ type: "went_offline" });
          dispatch({ type: "queue", waiting: (await waitingSales(store)).length, error: error instanceof Offline ? null : (error as Error).message });
        }
        const meta = await readMeta(store);
        setTiles(await localTiles(store));
        setStaff(meta.staff);
        setLastContact(meta.lastContact);
        if (!stop) timer = window.setTimeout(() => void tick(), SYNC_MS);
      };
      void tick();
    });
    const wentOffline = () => dispatch({ type: "went_offline" });
    window.addEventListener("offline", wentOffline);
    return () => {
      stop = true;
      window.clearTimeout(timer);
      window.removeEventListener("offline", wentOffline);
    };
  }, [register.id]);

  // The page and its code, kept for when the network is gone.
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    void navigator.serviceWorker.register("/till-sw.js", { scope: "/till" }).then(async () => {
      const cache = await caches.open("nearshop-till-v1");
      const own = performance
        .getEntriesByType("resource")
        .map((r) => r.name)
        .filter((u) => new URL(u).pathname.startsWith("/build/"));
      await Promise.all([location.pathname, ...own].map((u) => cache.add(u).catch(() => undefined)));
    });
  }, []);

  // The parked list as it changes, written once the register's copy has been read (db set after the load).
  useEffect(() => {
    if (db) void saveParked(db, state.parked);
  }, [db, state.parked]);

  const totals = useTillTotals(state, shop, shop.currency);
  const { discount, priced, card, cashDue, tendered, credit, creditBack, owed } = totals;
  const cashier = state.cashier;
  const askApproval = Boolean(cashier) && !hasRole(cashier!.role, "manager") && needsApproval(priced.subtotal, priced.discount, shop.discountLimit);
  // More than the register's copy shows here: sold anyway where the shop allows it, else a manager approves by PIN.
  const short = shortLines(state.lines);
  const managerSelling = Boolean(cashier) && hasRole(cashier!.role, "manager");
  const askStock = short.length > 0 && !shop.tillSellsBelowStock && !managerSelling && !stockApproved(state);
  const stockApprover = short.length && !shop.tillSellsBelowStock ? (managerSelling ? cashier : state.stockApproval?.by) : undefined;
  const offlineTooLong = !state.online && Date.now() - lastContact > shop.offlineHours * 3_600_000;

  async function lookup(text: string) {
    if (!db) return;
    const hits = await lookupLocal(db, text);
    const exact = hits.filter((h) => h.barcode === text || h.sku.toUpperCase() === text.toUpperCase());
    // The text left the box when it was submitted ("submitted"): what is there now is the next scan.
    if (exact.length === 1) dispatch({ type: "added", item: exact[0]!, typed: "" });
    else if (hits.length === 1) dispatch({ type: "added", item: hits[0]!, typed: "" });
    else if (!hits.length) dispatch({ type: "missed", typed: "", message: t("till.lookup.none", { text }) });
    else dispatch({ type: "matches", hits, typed: text });
    search.current?.focus();
  }

  async function pay() {
    if (!db || !cashier || state.done || !state.lines.length) return;
    const refuse = (message: string) => dispatch({ type: "refused", message });
    if (offlineTooLong) return refuse(t("till.register.refuse.offlineTooLong", { hours: shop.offlineHours }));
    if (state.discountText.trim() && !discount) return refuse(t("till.discount.bad"));
    const badLine = badLineDiscounts(state.lines, shop.currency)[0];
    if (badLine) return refuse(t("till.lineDiscount.badOn", { title: badLine.title }));
    if (askApproval && !state.approvedBy) return refuse(t("till.register.refuse.approval", { limit: f.number(shop.discountLimit / 100) }));
    if (askStock) {
      const l = short[0]!;
      return refuse(t("till.register.refuse.stock", { count: Math.max(0, l.available), sku: l.sku }));
    }
    // The credit is the server's to spend (once): an exchange is paid with the network.
    if (state.exchange && !state.online) return refuse(t("till.register.refuse.exchangeOffline"));
    if (card > owed) return refuse(t("till.register.refuse.card", { amount: money(owed) }));
    if (cashDue > 0 && tendered === null) return refuse(t("till.register.refuse.cash", { amount: money(cashDue) }));
    if (tendered !== null && tendered < cashDue) return refuse(t("till.register.refuse.short", { short: money(cashDue - tendered), due: money(cashDue) }));
    const soldAt = new Date().toISOString();
    const cashTaken = cashDue;
    const queued = await queueSale(db, (n) => ({
      sale: {
        clientRef: state.clientRef,
        receipt: n,
        soldAt,
        staffId: cashier.userId,
        total: priced.total,
        items: priced.lines.map((l) => {
          const own = lineDiscountOf(l, shop.currency);
          return {
            // A custom amount sends no variant (its key is the till's own).
            ...(l.custom ? {} : { variantId: l.variantId }),
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            taxClass: l.taxClass,
            sku: l.sku,
            title: l.title,
            variantTitle: l.variantTitle,
            ...(own ? { discount: own } : {}),
            ...(l.note?.trim() ? { note: l.note.trim() } : {}),
          };
        }),
        ...(discount ? { discount } : {}),
        ...(state.approvedBy ? { approvedBy: state.approvedBy.userId } : {}),
        ...(stockApprover ? { stockApprovedBy: stockApprover.userId } : {}),
        ...(card > 0 ? { card: { amount: card } } : {}),
        ...(cashTaken > 0 ? { cashTendered: tendered ?? cashTaken } : {}),
        ...(state.customer ? { customerId: state.customer.id } : {}),
        ...(state.exchange ? { exchange: { refundId: state.exchange.refundId, amount: state.exchange.amount } } : {}),
      },
      receipt: {
        clientRef: state.clientRef,
        receipt: n,
        label: receiptLabel(register.code, n),
        soldAt,
        staffName: cashier.name,
        ...(state.customer ? { customer: state.customer.name } : {}),
        lines: priced.lines.map((l) => ({
          sku: l.sku,
          title: `${l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title}${l.note?.trim() ? ` (${l.note.trim()})` : ""}${l.lineDiscount ? `, −${money(l.lineDiscount)}` : ""}`,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          total: l.unitPrice * l.quantity - l.lineDiscount,
        })),
        subtotal: priced.subtotal,
        discount: priced.discount,
        tax: priced.tax,
        total: priced.total,
        card,
        cash: cashTaken,
        tendered: tendered ?? cashTaken,
        change: Math.max(0, (tendered ?? cashTaken) - cashTaken),
        ...(state.exchange ? { exchange: { label: state.exchange.label, used: credit, back: creditBack } } : {}),
      },
    }));
    if (!queued) return refuse(t("till.register.refuse.numbers"));
    dispatch({ type: "paid", receipt: queued.receipt });
    // A paid sale spent any exchange credit: it is not offered again after a reload.
    void updateMeta(db, (m) => ({ ...m, lastReceipt: queued.receipt, exchange: undefined }));
    dispatch({ type: "queue", waiting: (await waitingSales(db)).length });
    // Sent at once when there is a network; kept otherwise.
    void pushQueue(db)
      .then(async () => {
        dispatch({ type: "came_online" });
        dispatch({ type: "queue", waiting: (await waitingSales(db)).length, error: null });
      })
      .catch((e: unknown) => {
        if (e instanceof Offline) dispatch({ type: "went_offline" });
      });
  }

  const startOver = () => {
    dispatch({ type: "started_over", clientRef: clientRef() });
    window.setTimeout(() => search.current?.focus(), 0);
  };

  // A return takes the screen: the sale's keys wait (F8 must not pay the cart behind it).
  const [returning, setReturning] = useState(false);
  const closeReturn = () => {
    setReturning(false);
    window.setTimeout(() => search.current?.focus(), 0);
  };
  useTillKeys({
    search,
    cash,
    done: Boolean(state.done) && !returning,
    pay: () => (returning ? undefined : void pay()),
    startOver,
    print: () => window.print(),
    reprint: state.last && !returning ? () => window.print() : undefined,
  });
  const [picking, setPicking] = useState(false);
  const [customOpen, setCustomOpen] = useState(false);
  const lineDiscount = useRef<HTMLInputElement>(null);
  const backToScan = () => window.setTimeout(() => search.current?.focus(), 0);
  useHotkeys({
    F7: (e) => {
      if (!cashier || returning || state.done) return;
      e.preventDefault();
      setCustomOpen(true);
    },
    F3: (e) => {
      if (!cashier || returning || state.done) return;
      e.preventDefault();
      setPicking(true);
    },
    F6: (e) => {
      if (!cashier) return;
      e.preventDefault();
      setReturning(true);
    },
    Escape: () => {
      if (returning) closeReturn();
    },
  });
  useIdle(IDLE_MS, () => dispatch({ type: "locked" }));

  const status = (
    <p className={`till-status ${state.online ? "online" : "offline"}`} role="status" data-testid="till-status">
      {t("till.register.status", { online: state.online ? "yes" : "no", waiting: state.waiting })}
      {state.syncError ? ` · ${state.syncError}` : ""}
    </p>
  );

  if (!cashier) {
    return (
      <div className="till register-till">
        <TillStyle />
        <header className="till-head">
          <h1 translate="no">{register.name}</h1>
          <span className="hint" translate="no">
            {register.location.name} · {shop.name}
          </span>
        </header>
        {status}
        <PinPad
          title={t("till.register.signIn.title")}
          people={staff}
          purpose="sign_in"
          online={state.online}
          db={db}
          onDone={(person) => {
            dispatch({ type: "signed_in", person });
            window.setTimeout(() => search.current?.focus(), 0);
          }}
        />
      </div>
    );
  }

  return (
    <div className="till register-till">
      <TillStyle />
      <header className="till-head">
        <h1 translate="no">{register.name}</h1>
        <span className="hint" translate="no">
          {register.location.name} · {shop.name}
        </span>
        <span className="till-links">
          <span>{t.rich("till.register.cashier", { name: cashier.name, strong: (chunks) => <strong translate="no">{chunks}</strong> })}</span>
          <button type="button" className="link" onClick={() => dispatch({ type: "locked" })}>
            {t("till.register.switchUser")}
          </button>
          <button type="button" className="link" onClick={() => setReturning(true)} aria-pressed={returning}>
            {t("till.register.return")}
          </button>
        </span>
      </header>
      {status}
      {state.exchange && !state.done && !returning ? (
        <p className="till-status online" role="status" data-testid="till-exchange">
          {t("till.register.exchange", { credit: creditFrom(state.exchange.label, t), amount: money(state.exchange.amount) })}
        </p>
      ) : null}
      {returning ? (
        <RegisterReturn
          online={state.online}
          staffId={cashier.userId}
          people={staff}
          timezone={shop.timezone}
          money={money}
          onClose={closeReturn}
          onExchange={(credit) => {
            dispatch({ type: "exchange_credited", credit, clientRef: clientRef() });
            if (db) void updateMeta(db, (m) => ({ ...m, exchange: credit }));
            closeReturn();
          }}
        />
      ) : null}
      {offlineTooLong ? (
        <p className="form-error" role="alert">
          {t("till.register.offlineTooLong", { hours: shop.offlineHours })}
        </p>
      ) : null}
      <p className="hint">{t("till.register.hint")}</p>
      <CustomerPicker
        open={picking}
        onClose={() => {
          setPicking(false);
          window.setTimeout(() => search.current?.focus(), 0);
        }}
        online={state.online}
        source={registerCustomers}
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
        rates={shop}
        newId={clientRef}
        dispatch={dispatch}
      />
      {!state.done && state.last && !returning ? (
        <div className="till-reprint">
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t("till.register.reprint")}
          </button>{" "}
          <span className="hint">
            {state.last.label}, {money(state.last.total)}
          </span>
          <PrintedReceipt receipt={state.last} shopName={shop.name} timeZone={shop.timezone} registerName={register.name} money={money} />
        </div>
      ) : null}

      {state.done && !returning ? (
        <section className="till-done" aria-live="polite" aria-label={t("till.register.done.region")}>
          <h2>{t("till.register.done.sale", { label: state.done.label, total: money(state.done.total) })}</h2>
          {state.done.customer ? <p>{t.rich("till.done.customer", { name: <span translate="no">{state.done.customer}</span> })}</p> : null}
          {state.done.exchange ? (
            <p data-testid="till-done-credit">
              {creditFrom(state.done.exchange.label, t)}: −{money(state.done.exchange.used)}
              {state.done.exchange.back ? <> · {t.rich("till.done.giveBack", { amount: <strong>{money(state.done.exchange.back)}</strong> })}</> : null}
            </p>
          ) : null}
          {state.done.change > 0 ? (
            <p className="change">{t.rich("till.done.change", { amount: <strong>{money(state.done.change)}</strong> })}</p>
          ) : (
            <p>{t("till.done.noChange")}</p>
          )}
          <p className="hint">{t("till.register.done.sent", { online: state.online ? "yes" : "no" })}</p>
          <p>
            <button type="button" onClick={() => window.print()}>
              {t("till.done.print")}
            </button>
            {" · "}
            <button type="button" onClick={startOver} autoFocus>
              {t("till.done.newSale")}
            </button>
          </p>
          <PrintedReceipt receipt={state.done} shopName={shop.name} timeZone={shop.timezone} registerName={register.name} money={money} />
        </section>
      ) : null}

      <div className="till-grid" hidden={returning}>
        <section>
          <ScanBox
            state={state}
            dispatch={dispatch}
            inputRef={search}
            onLookup={(text) => void lookup(text)}
            onPick={(h) => dispatch({ type: "added", item: h })}
            onEditLine={() => lineDiscount.current?.focus()}
            hitLabel={(h) => `${h.title}${h.variantTitle ? ` (${h.variantTitle})` : ""} · ${h.sku} · ${money(h.price)}`}
          />
          <CustomerOnSale customer={state.customer} dispatch={dispatch} onOpen={() => setPicking(true)} done={Boolean(state.done)} />
          <ProductTiles
            items={tiles}
            money={money}
            onAdd={(item) => {
              dispatch({ type: "added", item });
              backToScan();
            }}
            disabled={Boolean(state.done)}
          />
          <ParkedSales
            state={state}
            dispatch={dispatch}
            total={priced.total}
            by={cashier.name}
            money={money}
            timeZone={shop.timezone}
            newRef={clientRef}
            done={Boolean(state.done)}
            onChange={() => window.setTimeout(() => search.current?.focus(), 0)}
          />
          <div className="till-line-actions">
            <button type="button" className="secondary" onClick={() => setCustomOpen(true)} disabled={Boolean(state.done)}>
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
              l.quantity <= l.available ? null : (
                <>
                  <br />
                  <small
                    className={
                      shop.tillSellsBelowStock || stockApproved({ lines: [l], stockApproval: state.stockApproval }) ? "below-stock-note" : "field-error"
                    }
                  >
                    {shop.tillSellsBelowStock
                      ? t("till.register.stock.sells", { count: Math.max(l.available, 0) })
                      : managerSelling
                        ? t("till.register.stock.manager", { count: Math.max(l.available, 0) })
                        : stockApproved({ lines: [l], stockApproval: state.stockApproval })
                          ? t.rich("till.register.stock.approved", {
                              count: Math.max(l.available, 0),
                              name: <span translate="no">{state.stockApproval!.by.name}</span>,
                            })
                          : t("till.register.stock.ask", { count: Math.max(l.available, 0) })}
                  </small>
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
            done={Boolean(state.done)}
          />
        </section>

        <PaymentPanel
          state={state}
          dispatch={dispatch}
          totals={totals}
          money={money}
          currency={shop.currency}
          taxInclusive={shop.taxInclusive}
          discountHint={t("till.register.discountHint", { limit: f.number(shop.discountLimit / 100) })}
          cashRef={cash}
          onCashEnter={() => void pay()}
          done={Boolean(state.done)}
          approval={
            <>
              {askStock ? (
                <PinPad
                  key="stock"
                  idPrefix="stock"
                  title={t("till.register.stockApproval")}
                  people={staff.filter((p) => hasRole(p.role, "manager") && p.userId !== cashier.userId)}
                  purpose="approve"
                  online={state.online}
                  db={db}
                  onDone={(by) => dispatch({ type: "stock_approved", by })}
                />
              ) : null}
              {askApproval ? (
                state.approvedBy ? (
                  <p className="hint">{t.rich("till.register.approvedBy", { name: <span translate="no">{state.approvedBy.name}</span> })}</p>
                ) : (
                  <PinPad
                    title={t("till.approval.legend")}
                    people={staff.filter((p) => hasRole(p.role, "manager") && p.userId !== cashier.userId)}
                    purpose="approve"
                    online={state.online}
                    db={db}
                    onDone={(by) => dispatch({ type: "approved", by })}
                  />
                )
              ) : null}
            </>
          }
        >
          {state.formError ? (
            <p className="form-error" role="alert">
              {state.formError}
            </p>
          ) : null}
          <button type="button" className="pay" onClick={() => void pay()} disabled={!state.lines.length || Boolean(state.done)}>
            {state.exchange && owed === 0 ? t("till.register.finishExchange") : t("till.pay.button", { amount: money(owed) })}
          </button>
        </PaymentPanel>
      </div>
    </div>
  );
}

/**
 * Someone chooses their name and types their PIN: checked by the server
 * when it answers (it counts wrong tries and locks), else on the register
 * against the verifier it keeps; five wrong tries lock it there too, and
 * the count is kept in the register's IndexedDB, so a reload does not
 * reset it.
 */
function PinPad(props: {
  /** Keeps ids apart when two approvals show at once. */
  idPrefix?: string;
  title: string;
  people: Verifier[];
  purpose: "sign_in" | "approve";
  online: boolean;
  db: TillStore | null;
  onDone: (p: Person) => void;
}) {
  const [userId, setUserId] = useState(props.people[0]?.userId ?? "");
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const person = props.people.find((p) => p.userId === userId) ?? props.people[0];
  const t = useT();

  async function checkHere(who: Verifier) {
    const locked = t("till.register.pin.locked");
    if (!props.db) return setError(t("till.register.pin.opening"));
    if ((await missesOf(props.db, who.verifier)) >= LOCAL_TRIES) return setError(locked);
    if (await pinMatches(who.verifier, pin)) {
      await countMiss(props.db, who.verifier, true);
      return props.onDone({ userId: who.userId, name: who.name, role: who.role });
    }
    const missed = await countMiss(props.db, who.verifier);
    setError(missed >= LOCAL_TRIES ? locked : t("till.register.pin.wrong", { left: LOCAL_TRIES - missed }));
  }

  async function check() {
    if (!person || busy) return;
    if (!/^[0-9]{4,6}$/.test(pin)) return setError(t("till.register.pin.digits"));
    setBusy(true);
    try {
      const who = await call<Person>("till.checkPin", { userId: person.userId, pin, purpose: props.purpose }, "POST");
      if (props.db) await countMiss(props.db, person.verifier, true);
      props.onDone(who);
    } catch (e) {
      if (e instanceof Refused) setError(e.fieldErrors.pin ?? e.message);
      else if (e instanceof Offline) await checkHere(person);
    } finally {
      setPin("");
      setBusy(false);
    }
  }

  if (!props.people.length) {
    return (
      <p className="form-error" role="alert">
        {props.purpose === "approve" ? t("till.register.pin.noManager") : t("till.register.pin.nobody")}
      </p>
    );
  }
  return (
    <fieldset className="approval pin-pad">
      <legend>{props.title}</legend>
      <PinFields
        id={`${props.idPrefix ?? ""}pin-${props.purpose}`}
        personLabel={props.purpose === "approve" ? t("till.register.pin.manager") : t("till.register.pin.who")}
        pinLabel={t("till.register.pin.label")}
        people={props.people}
        personId={person?.userId}
        onPerson={setUserId}
        pin={pin}
        onPin={setPin}
        error={error}
        autoFocus={props.purpose === "sign_in"}
        onEnter={() => void check()}
      />
      <button type="button" onClick={() => void check()} disabled={busy}>
        {props.purpose === "approve" ? t("till.register.pin.approve") : t("till.register.pin.signIn")}
      </button>
    </fieldset>
  );
}

function PrintedReceipt({
  receipt,
  shopName,
  timeZone,
  registerName,
  money,
}: {
  receipt: Receipt;
  shopName: string;
  /** The shop's zone: a receipt's time is the shop's, whatever the device's clock zone. */
  timeZone: string;
  registerName: string;
  money: (n: number) => string;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <div className="till-receipt" data-testid="till-receipt">
      <p>
        <strong translate="no">{shopName}</strong>
        <br />
        <span translate="no">{registerName}</span> · {t("till.register.receipt.label", { label: receipt.label })}
        <br />
        {f.dateTimeNamed(receipt.soldAt, timeZone)} · <span translate="no">{receipt.staffName}</span>
        {receipt.customer ? (
          <>
            <br />
            {t.rich("till.done.customer", { name: <span translate="no">{receipt.customer}</span> })}
          </>
        ) : null}
      </p>
      <table>
        <tbody>
          {receipt.lines.map((l, i) => (
            <tr key={`${i}-${l.sku}`}>
              <td>
                {l.quantity} × <span translate="no">{l.title}</span>
              </td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {receipt.discount ? (
          <>
            {t("till.register.receipt.discount", { amount: money(receipt.discount) })}
            <br />
          </>
        ) : null}
        {t.rich("till.register.receipt.total", { total: money(receipt.total), tax: money(receipt.tax), strong: (chunks) => <strong>{chunks}</strong> })}
        <br />
        {receipt.exchange ? (
          <>
            {creditFrom(receipt.exchange.label, t)} −{money(receipt.exchange.used)}
            <br />
            {receipt.exchange.back ? (
              <>
                {t("till.register.receipt.cashBack", { amount: money(receipt.exchange.back) })}
                <br />
              </>
            ) : null}
          </>
        ) : null}
        {receipt.card ? (
          <>
            {t("till.register.receipt.card", { amount: money(receipt.card) })}
            <br />
          </>
        ) : null}
        {receipt.cash ? <>{t("till.register.receipt.cash", { tendered: money(receipt.tendered), change: money(receipt.change) })}</> : null}
      </p>
    </div>
  );
}

/** The register's own bits of style: the offline banner, and a print that shows only the receipt. */
function TillStyle() {
  return (
    <style>{`
      .till-status { padding: .4rem .7rem; border-radius: 6px; font-weight: 600; }
      .till-status.online { background: #e7f5ee; color: #1f6f4a; }
      .till-status.offline { background: #fff4d6; color: #7a4b00; border: 2px solid #e0a800; }
      .till-receipt { display: none; }
      .pin-pad { max-width: 24rem; }
      .till-reprint .hint { white-space: nowrap; }
      .register-till .till-links { flex-wrap: wrap; margin-left: 0; }
      @media print {
        body * { visibility: hidden; }
        .till-receipt, .till-receipt * { visibility: visible; }
        .till-receipt { display: block; position: absolute; left: 0; top: 0; width: 80mm; font-size: 12px; }
      }
    `}</style>
  );
}
