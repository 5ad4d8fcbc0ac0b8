import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { formatMoney, toMinor } from "../../server/schemas/money";
import { needsApproval, priceSale, type Discount } from "../../server/services/orders/pricing";
import { hasRole } from "../../server/schemas/roles";
import { initialTill, tillReducer, type Person, type Receipt } from "../lib/till/reducer";
import { lookupLocal, openTill, queueSale, readMeta, updateMeta, waitingSales, type TillStore, type Verifier } from "../lib/till/store";
import { call, ensureNumbers, Offline, pinMatches, pushQueue, refreshCatalog, refreshStaff, Refused } from "../lib/till/sync";
import { useHotkeys, useIdle } from "../lib/till/use-hotkeys";

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
  const [lastContact, setLastContact] = useState(Date.now());
  const search = useRef<HTMLInputElement>(null);
  const cash = useRef<HTMLInputElement>(null);
  const money = useCallback((n: number) => formatMoney(n, shop.currency), [shop.currency]);

  // The local copy: open it, keep the staff's verifiers, and sync on a timer.
  useEffect(() => {
    let stop = false;
    let timer = 0;
    void openTill(register.id).then(async (store) => {
      if (boot.staff.length) await updateMeta(store, (m) => ({ ...m, staff: boot.staff }));
      const m = await readMeta(store);
      setStaff(m.staff);
      if (m.lastContact) setLastContact(m.lastContact);
      setDb(store);
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
  }, [register.id, boot.staff]);

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

  const discount: Discount | undefined = useMemo(() => {
    const t = state.discountText.trim();
    if (!t) return undefined;
    if (state.discountKind === "percent") {
      const pct = Number(t.replace(",", "."));
      return Number.isFinite(pct) && pct >= 0 && pct <= 100 ? { kind: "percent", basisPoints: Math.round(pct * 100) } : undefined;
    }
    const minor = toMinor(t, shop.currency);
    return minor === null ? undefined : { kind: "amount", amount: minor };
  }, [state.discountText, state.discountKind, shop.currency]);
  const priced = useMemo(() => priceSale(state.lines, shop, { discount }), [state.lines, shop, discount]);
  const cashier = state.cashier;
  const askApproval = Boolean(cashier) && !hasRole(cashier!.role, "manager") && needsApproval(priced.subtotal, priced.discount, shop.discountLimit);
  const card = toMinor(state.cardText || "0", shop.currency) ?? 0;
  const cashDue = Math.max(0, priced.total - card);
  const tendered = state.cashText.trim() ? toMinor(state.cashText, shop.currency) : null;
  const change = tendered !== null ? tendered - cashDue : null;
  const offlineTooLong = !state.online && Date.now() - lastContact > shop.offlineHours * 3_600_000;

  async function lookup(text: string) {
    if (!db) return;
    const hits = await lookupLocal(db, text);
    const exact = hits.filter((h) => h.barcode === text || h.sku.toUpperCase() === text.toUpperCase());
    if (exact.length === 1) dispatch({ type: "added", item: exact[0]!, typed: text });
    else if (hits.length === 1) dispatch({ type: "added", item: hits[0]!, typed: text });
    else if (!hits.length) dispatch({ type: "missed", typed: text, message: `Nothing matches “${text}”: scan it again or type its name` });
    else dispatch({ type: "matches", hits });
    search.current?.focus();
  }

  async function pay() {
    if (!db || !cashier || state.done || !state.lines.length) return;
    const refuse = (message: string) => dispatch({ type: "refused", message });
    if (offlineTooLong) return refuse(`This register has been offline for more than ${shop.offlineHours} hours: connect it to the network to sell again.`);
    if (state.discountText.trim() && !discount) return refuse("Discount: a percentage from 0 to 100, or an amount");
    if (askApproval && !state.approvedBy) return refuse(`This discount is above ${shop.discountLimit / 100} %: a manager approves it with their PIN.`);
    if (card > priced.total) return refuse(`The card amount is more than the total (${money(priced.total)})`);
    if (cashDue > 0 && tendered === null) return refuse(`Enter the cash handed over (${money(cashDue)} due)`);
    if (tendered !== null && tendered < cashDue) return refuse(`Cash is short by ${money(cashDue - tendered)}: ${money(cashDue)} is due`);
    const soldAt = new Date().toISOString();
    const cashTaken = cashDue;
    const queued = await queueSale(db, (n) => ({
      sale: {
        clientRef: state.clientRef,
        receipt: n,
        soldAt,
        staffId: cashier.userId,
        total: priced.total,
        items: priced.lines.map((l) => ({
          variantId: l.variantId,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          taxClass: l.taxClass,
          sku: l.sku,
          title: l.title,
          variantTitle: l.variantTitle,
        })),
        ...(discount ? { discount } : {}),
        ...(state.approvedBy ? { approvedBy: state.approvedBy.userId } : {}),
        ...(card > 0 ? { card: { amount: card } } : {}),
        ...(cashTaken > 0 ? { cashTendered: tendered ?? cashTaken } : {}),
      },
      receipt: {
        clientRef: state.clientRef,
        receipt: n,
        label: receiptLabel(register.code, n),
        soldAt,
        staffName: cashier.name,
        lines: priced.lines.map((l) => ({
          sku: l.sku,
          title: l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          total: l.total,
        })),
        subtotal: priced.subtotal,
        discount: priced.discount,
        tax: priced.tax,
        total: priced.total,
        card,
        cash: cashTaken,
        tendered: tendered ?? cashTaken,
        change: Math.max(0, (tendered ?? cashTaken) - cashTaken),
      },
    }));
    if (!queued) return refuse("No receipt numbers left on this register: connect it to the network to get more.");
    dispatch({ type: "paid", receipt: queued.receipt });
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

  useHotkeys({
    F2: (e) => {
      e.preventDefault();
      search.current?.focus();
    },
    F4: (e) => {
      e.preventDefault();
      cash.current?.focus();
    },
    F8: (e) => {
      e.preventDefault();
      if (state.done) startOver();
      else void pay();
    },
    F9: (e) => {
      if (state.done) {
        e.preventDefault();
        window.print();
      }
    },
    Enter: (e) => {
      if (state.done && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        startOver();
      }
    },
  });
  useIdle(IDLE_MS, () => dispatch({ type: "locked" }));

  const status = (
    <p className={`till-status ${state.online ? "online" : "offline"}`} role="status" data-testid="till-status">
      {state.online ? "Online" : "Offline"}
      {" · "}
      {state.waiting ? `${state.waiting} ${state.waiting === 1 ? "sale" : "sales"} waiting to be sent` : "all sales sent"}
      {state.syncError ? ` · ${state.syncError}` : ""}
    </p>
  );

  if (!cashier) {
    return (
      <div className="till register-till">
        <TillStyle />
        <header className="till-head">
          <h1>{register.name}</h1>
          <span className="hint">
            {register.location.name} · {shop.name}
          </span>
        </header>
        {status}
        <PinPad
          title="Sign in to the till"
          people={staff}
          purpose="sign_in"
          online={state.online}
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
        <h1>{register.name}</h1>
        <span className="hint">
          {register.location.name} · {shop.name}
        </span>
        <span className="till-links">
          <span>
            Cashier: <strong>{cashier.name}</strong>
          </span>
          <button type="button" className="link" onClick={() => dispatch({ type: "locked" })}>
            Switch user
          </button>
        </span>
      </header>
      {status}
      {offlineTooLong ? (
        <p className="form-error" role="alert">
          Offline for more than {shop.offlineHours} hours: connect this register to the network to sell again.
        </p>
      ) : null}
      <p className="hint">Scan or type, then Enter. F2 search · F4 cash · F8 pay · F9 print receipt · ↑↓ choose · Esc clear</p>

      {state.done ? (
        <section className="till-done" aria-live="polite" aria-label="Sale done">
          <h2>
            Sale {state.done.label}: {money(state.done.total)}
          </h2>
          {state.done.change > 0 ? (
            <p className="change">
              Change due: <strong>{money(state.done.change)}</strong>
            </p>
          ) : (
            <p>No change due.</p>
          )}
          <p className="hint">
            {state.online ? "Recorded on this register and sent." : "Recorded on this register: it will be sent when the network is back."}
          </p>
          <p>
            <button type="button" onClick={() => window.print()}>
              Print receipt (F9)
            </button>
            {" · "}
            <button type="button" onClick={startOver} autoFocus>
              New sale (Enter)
            </button>
          </p>
          <PrintedReceipt receipt={state.done} shopName={shop.name} registerName={register.name} money={money} />
        </section>
      ) : null}

      <div className="till-grid">
        <section>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (state.hits?.length) dispatch({ type: "added", item: state.hits[state.active]! });
              else if (state.q.trim()) void lookup(state.q.trim());
            }}
          >
            <label htmlFor="till-search" className="visually-hidden">
              Scan or search
            </label>
            <input
              id="till-search"
              ref={search}
              value={state.q}
              autoFocus
              autoComplete="off"
              placeholder="Scan a barcode, or type a SKU or name"
              className={state.lookupError ? "miss" : undefined}
              aria-invalid={state.lookupError ? true : undefined}
              aria-describedby={state.lookupError ? "till-search-error" : undefined}
              onChange={(e) => dispatch({ type: "typed", q: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === "Escape") dispatch({ type: "cleared" });
                if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                  e.preventDefault();
                  dispatch({ type: "moved", by: e.key === "ArrowDown" ? 1 : -1 });
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
            <ul className="till-hits" role="listbox" aria-label="Matching products">
              {state.hits.map((h, i) => (
                <li key={h.variantId} role="option" aria-selected={i === state.active}>
                  <button type="button" onClick={() => dispatch({ type: "added", item: h })}>
                    {h.title}
                    {h.variantTitle ? ` (${h.variantTitle})` : ""} · {h.sku} · {money(h.price)}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <table className="till-cart">
            <caption className="visually-hidden">Cart</caption>
            <thead>
              <tr>
                <th>Item</th>
                <th>Qty</th>
                <th>Price</th>
                <th>Total</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {state.lines.length === 0 ? (
                <tr>
                  <td colSpan={5} className="empty">
                    Nothing yet: scan an item.
                  </td>
                </tr>
              ) : null}
              {state.lines.map((l) => (
                <tr key={l.variantId}>
                  <td>
                    {l.title}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                    <br />
                    <small>{l.sku}</small>
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      max={9999}
                      value={l.quantity}
                      aria-label={`Quantity of ${l.sku}`}
                      className="qty"
                      onChange={(e) => dispatch({ type: "quantity", variantId: l.variantId, quantity: Number(e.target.value) || 1 })}
                    />
                  </td>
                  <td>{money(l.unitPrice)}</td>
                  <td>{money(l.unitPrice * l.quantity)}</td>
                  <td>
                    <button type="button" className="link" aria-label={`Remove ${l.sku}`} onClick={() => dispatch({ type: "removed", variantId: l.variantId })}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="till-pay" aria-label="Payment">
          <div className="field">
            <label htmlFor="till-discount">Discount</label>
            <div className="row">
              <select
                value={state.discountKind}
                onChange={(e) => dispatch({ type: "discount", kind: e.target.value as "percent" | "amount" })}
                aria-label="Discount kind"
              >
                <option value="percent">%</option>
                <option value="amount">{shop.currency}</option>
              </select>
              <input
                id="till-discount"
                inputMode="decimal"
                value={state.discountText}
                onChange={(e) => dispatch({ type: "discount", text: e.target.value })}
                placeholder="0"
              />
            </div>
            <small className="hint">Above {shop.discountLimit / 100} % a manager approves with their PIN.</small>
          </div>
          {askApproval ? (
            state.approvedBy ? (
              <p className="hint">Discount approved by {state.approvedBy.name}.</p>
            ) : (
              <PinPad
                title="Manager approval"
                people={staff.filter((p) => hasRole(p.role, "manager") && p.userId !== cashier.userId)}
                purpose="approve"
                online={state.online}
                onDone={(by) => dispatch({ type: "approved", by })}
              />
            )
          ) : null}
          <dl className="totals">
            <dt>Subtotal</dt>
            <dd>{money(priced.subtotal)}</dd>
            {priced.discount ? (
              <>
                <dt>Discount</dt>
                <dd>−{money(priced.discount)}</dd>
              </>
            ) : null}
            <dt>Tax{shop.taxInclusive ? " included" : ""}</dt>
            <dd>{money(priced.tax)}</dd>
            <dt>Total</dt>
            <dd className="grand" data-testid="till-total">
              {money(priced.total)}
            </dd>
          </dl>
          <div className="field">
            <label htmlFor="till-card">Card on the terminal</label>
            <input
              id="till-card"
              inputMode="decimal"
              value={state.cardText}
              onChange={(e) => dispatch({ type: "card", text: e.target.value })}
              placeholder="0.00"
            />
          </div>
          <div className="field">
            <label htmlFor="till-cash">Cash handed over ({money(cashDue)} due)</label>
            <input
              id="till-cash"
              ref={cash}
              inputMode="decimal"
              value={state.cashText}
              onChange={(e) => dispatch({ type: "cash", text: e.target.value })}
              placeholder="0.00"
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  void pay();
                }
              }}
            />
          </div>
          {change !== null && change >= 0 && !state.done ? (
            <p className="change">
              Change: <strong>{money(change)}</strong>
            </p>
          ) : null}
          {state.formError ? (
            <p className="form-error" role="alert">
              {state.formError}
            </p>
          ) : null}
          <button type="button" className="pay" onClick={() => void pay()} disabled={!state.lines.length || Boolean(state.done)}>
            Pay {money(priced.total)} (F8)
          </button>
        </section>
      </div>
    </div>
  );
}

/**
 * Someone chooses their name and types their PIN: checked by the server
 * when it answers (it counts wrong tries and locks), else on the register
 * against the verifier it keeps (five wrong tries lock it here too).
 */
function PinPad(props: { title: string; people: Verifier[]; purpose: "sign_in" | "approve"; online: boolean; onDone: (p: Person) => void }) {
  const [userId, setUserId] = useState(props.people[0]?.userId ?? "");
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const misses = useRef(new Map<string, number>());
  const person = props.people.find((p) => p.userId === userId) ?? props.people[0];

  async function check() {
    if (!person || busy) return;
    if (!/^[0-9]{4,6}$/.test(pin)) return setError("PIN: 4 to 6 digits");
    setBusy(true);
    try {
      const who = await call<Person>("till.checkPin", { userId: person.userId, pin, purpose: props.purpose }, "POST");
      props.onDone(who);
    } catch (e) {
      if (e instanceof Refused) setError(e.fieldErrors.pin ?? e.message);
      else if (e instanceof Offline) {
        const missed = misses.current.get(person.userId) ?? 0;
        if (missed >= LOCAL_TRIES) setError("PIN: locked on this register after 5 wrong tries; connect to the network, or the owner resets it");
        else if (await pinMatches(person.verifier, pin)) {
          misses.current.delete(person.userId);
          props.onDone({ userId: person.userId, name: person.name, role: person.role });
        } else {
          misses.current.set(person.userId, missed + 1);
          setError(`PIN: wrong PIN, ${LOCAL_TRIES - missed - 1} tries left`);
        }
      }
    } finally {
      setPin("");
      setBusy(false);
    }
  }

  if (!props.people.length) {
    return (
      <p className="form-error" role="alert">
        {props.purpose === "approve"
          ? "No manager has a till PIN yet: a manager sets one under Registers → My PIN."
          : "Nobody has a till PIN yet: each person sets one under Registers → My PIN (online, once)."}
      </p>
    );
  }
  return (
    <fieldset className="approval pin-pad">
      <legend>{props.title}</legend>
      <div className="field">
        <label htmlFor={`pin-person-${props.purpose}`}>{props.purpose === "approve" ? "Manager" : "Who is selling"}</label>
        <select id={`pin-person-${props.purpose}`} value={person?.userId} onChange={(e) => setUserId(e.target.value)}>
          {props.people.map((p) => (
            <option key={p.userId} value={p.userId}>
              {p.name} ({p.role})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`pin-${props.purpose}`}>PIN</label>
        <input
          id={`pin-${props.purpose}`}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={pin}
          autoFocus={props.purpose === "sign_in"}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `pin-${props.purpose}-error` : undefined}
          onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ""))}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              e.stopPropagation();
              void check();
            }
          }}
        />
        {error ? (
          <p id={`pin-${props.purpose}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <button type="button" onClick={() => void check()} disabled={busy}>
        {props.purpose === "approve" ? "Approve" : "Sign in"}
      </button>
    </fieldset>
  );
}

function PrintedReceipt({
  receipt,
  shopName,
  registerName,
  money,
}: {
  receipt: Receipt;
  shopName: string;
  registerName: string;
  money: (n: number) => string;
}) {
  return (
    <div className="till-receipt" data-testid="till-receipt">
      <p>
        <strong>{shopName}</strong>
        <br />
        {registerName} · Receipt {receipt.label}
        <br />
        {new Date(receipt.soldAt).toLocaleString("en-GB")} · {receipt.staffName}
      </p>
      <table>
        <tbody>
          {receipt.lines.map((l) => (
            <tr key={l.sku}>
              <td>
                {l.quantity} × {l.title}
              </td>
              <td className="num">{money(l.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {receipt.discount ? (
          <>
            Discount −{money(receipt.discount)}
            <br />
          </>
        ) : null}
        <strong>Total {money(receipt.total)}</strong> (tax {money(receipt.tax)})<br />
        {receipt.card ? (
          <>
            Card {money(receipt.card)}
            <br />
          </>
        ) : null}
        {receipt.cash ? (
          <>
            Cash {money(receipt.tendered)} · change {money(receipt.change)}
          </>
        ) : null}
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
      .register-till .till-links { flex-wrap: wrap; margin-left: 0; }
      @media print {
        body * { visibility: hidden; }
        .till-receipt, .till-receipt * { visibility: visible; }
        .till-receipt { display: block; position: absolute; left: 0; top: 0; width: 80mm; font-size: 12px; }
      }
    `}</style>
  );
}
