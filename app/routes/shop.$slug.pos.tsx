import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney, toMinor } from "../../server/schemas/money";
import { Badge } from "../components/ui";
import { needsApproval, priceSale, type Discount } from "../../server/services/orders/pricing";
import type { LookupHit } from "../../server/services/orders/pos";
import { parseForm, readForm } from "../lib/forms";
import { z } from "zod";
import { posSaleSchema } from "../../server/schemas/orders";

export const meta: MetaFunction = () => [{ title: "Till · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, locations] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.inventory.locations({ shopSlug })]),
  );
  const settings = await load(request, () => context.trpc.pos.settings({ shopSlug }));
  return { shop: current.shop, role: current.role, locations: locations.map((l) => ({ id: l.id, name: l.name })), settings };
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
    return { done };
  } catch (error) {
    return toResponse(error, request);
  }
}

type Line = {
  variantId: string;
  title: string;
  variantTitle: string;
  sku: string;
  unitPrice: number;
  quantity: number;
  available: number;
  taxClass: LookupHit["taxClass"];
};
type ActionData = {
  done?: { orderId: string; number: number; total: number; change: number; belowStock: { sku: string; quantity: number }[] };
  formError?: string;
  fieldErrors?: Record<string, string>;
};

const newRef = () => crypto.randomUUID();

/** What is left in the box once `looked` is dealt with: a scan typed after it (the scanner does not wait) stays. */
const after = (current: string, looked: string) => (current.startsWith(looked) ? current.slice(looked.length).trimStart() : current);

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

export default function Till() {
  const { shop, role, locations, settings } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const base = `/shop/${useParams().slug ?? ""}`;
  const locationId = params.get("location") ?? locations[0]?.id ?? "";
  const money = useCallback((n: number) => formatMoney(n, shop.currency), [shop.currency]);
  const [lines, setLines] = useState<Line[]>([]);
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<LookupHit[] | null>(null);
  const [active, setActive] = useState(0);
  const [lookupError, setLookupError] = useState<string | null>(null);
  // Scans still being looked up, and whether F8 came before they answered:
  // a fast cashier scans and pays in one motion, and the sale must include
  // the last scan rather than be ignored.
  const [pendingLookups, setPendingLookups] = useState(0);
  const [payQueued, setPayQueued] = useState(false);
  const [discountKind, setDiscountKind] = useState<"percent" | "amount">("percent");
  const [discountText, setDiscountText] = useState("");
  const [cardText, setCardText] = useState("");
  const [cashText, setCashText] = useState("");
  const [approval, setApproval] = useState({ email: "", password: "" });
  const [clientRef, setClientRef] = useState(newRef);
  const search = useRef<HTMLInputElement>(null);
  const cash = useRef<HTMLInputElement>(null);
  const managerEmail = useRef<HTMLInputElement>(null);
  const managerPassword = useRef<HTMLInputElement>(null);
  const sale = useFetcher<ActionData>();
  // The fetcher's last answer, while it is about the sale on screen.
  const [submitted, setSubmitted] = useState<string | null>(null);
  const answer = submitted === clientRef ? sale.data : undefined;
  const done = answer?.done;

  const discount: Discount | undefined = useMemo(() => {
    const t = discountText.trim();
    if (!t) return undefined;
    if (discountKind === "percent") {
      const pct = Number(t.replace(",", "."));
      return Number.isFinite(pct) ? { kind: "percent", basisPoints: Math.round(pct * 100) } : undefined;
    }
    const minor = toMinor(t, shop.currency);
    return minor === null ? undefined : { kind: "amount", amount: minor };
  }, [discountText, discountKind, shop.currency]);

  const priced = useMemo(
    // The same pricing as the server's, so the total shown is the total charged.
    () => priceSale(lines, settings, { discount }),
    [lines, settings, discount],
  );
  // A cashier's discount above the limit: the manager's fields open at once,
  // and whenever the server asks for them (its answer is the last word).
  const errors = answer?.fieldErrors ?? {};
  const askApproval = (role === "cashier" && needsApproval(priced.subtotal, priced.discount, settings.discountLimit)) || Boolean(errors.approval);
  const card = toMinor(cardText || "0", shop.currency) ?? 0;
  const cashDue = Math.max(0, priced.total - card);
  const tendered = cashText.trim() ? toMinor(cashText, shop.currency) : null;
  const change = tendered !== null ? tendered - cashDue : null;

  // `typed`: the text that was looked up. A slow answer must not wipe what
  // the cashier has typed since (the next scan).
  const add = useCallback((hit: LookupHit, typed?: string) => {
    setLines((ls) => {
      const found = ls.find((l) => l.variantId === hit.variantId);
      if (found) return ls.map((l) => (l === found ? { ...l, quantity: l.quantity + 1 } : l));
      return [
        ...ls,
        {
          variantId: hit.variantId,
          title: hit.title,
          variantTitle: hit.variantTitle,
          sku: hit.sku,
          unitPrice: hit.price,
          quantity: 1,
          available: hit.available,
          taxClass: hit.taxClass,
        },
      ];
    });
    setQ((current) => (typed === undefined ? "" : after(current, typed)));
    setHits(null);
    setLookupError(null);
    // Back to the search box for the next scan, unless the cashier has
    // already moved on to a payment field while the lookup was answering.
    const at = document.activeElement;
    if (!(at instanceof HTMLInputElement || at instanceof HTMLSelectElement) || at === search.current) search.current?.focus();
  }, []);

  async function lookup(text: string) {
    setPendingLookups((n) => n + 1);
    let body: LookupHit[] | { error: string };
    try {
      const res = await fetch(`${base}/pos/lookup?${new URLSearchParams({ q: text, location: locationId })}`, { headers: { Accept: "application/json" } });
      body = (await res.json()) as LookupHit[] | { error: string };
    } catch {
      body = { error: `Could not look up “${text}”: the connection failed. Scan it again.` };
    } finally {
      setPendingLookups((n) => n - 1);
    }
    if (!Array.isArray(body)) return miss(text, body.error);
    // A scan (exact barcode or SKU) or a single match goes straight into the cart.
    const exact = body.filter((h) => h.barcode === text || h.sku.toUpperCase() === text.toUpperCase());
    if (exact.length === 1) add(exact[0]!, text);
    else if (body.length === 1) add(body[0]!, text);
    else if (!body.length) miss(text, `Nothing matches “${text}”: scan it again or type its name`);
    else {
      setPayQueued(false);
      setHits(body);
      setActive(0);
      setLookupError(null);
    }
  }

  // A miss empties the box, so the next scan is read on its own rather than
  // appended to the code that failed; the message keeps what was scanned.
  function miss(text: string, message: string) {
    setPayQueued(false);
    setHits(null);
    setQ((current) => after(current, text));
    setLookupError(message);
    missBeep();
    search.current?.animate?.([{ backgroundColor: "#fdecea" }, { backgroundColor: "#f8b4ae" }, { backgroundColor: "#fdecea" }], { duration: 500 });
    const at = document.activeElement;
    if (!(at instanceof HTMLInputElement || at instanceof HTMLSelectElement) || at === search.current) search.current?.focus();
  }

  function startOver() {
    setLines([]);
    setDiscountText("");
    setCardText("");
    setCashText("");
    setApproval({ email: "", password: "" });
    setClientRef(newRef());
    search.current?.focus();
  }

  function pay() {
    if (pendingLookups > 0) {
      setPayQueued(true);
      return;
    }
    if (!lines.length || sale.state !== "idle") return;
    const payload = {
      clientRef,
      locationId,
      items: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      ...(discount ? { discount } : {}),
      ...(card > 0 ? { card: { amount: card } } : {}),
      ...(tendered !== null ? { cashTendered: tendered } : {}),
      ...(askApproval && approval.email ? { approval } : {}),
    };
    setSubmitted(clientRef);
    sale.submit({ sale: JSON.stringify(payload) }, { method: "post" });
  }

  useEffect(() => {
    if (payQueued && pendingLookups === 0) {
      setPayQueued(false);
      pay();
    }
  });

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key === "F2") {
        e.preventDefault();
        search.current?.focus();
      }
      if (e.key === "F4") {
        e.preventDefault();
        cash.current?.focus();
      }
      if (e.key === "F8") {
        e.preventDefault();
        if (done) startOver();
        else pay();
      }
      if (e.key === "Enter" && done) {
        e.preventDefault();
        startOver();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  // The manager's password never stays on the till once the sale is made.
  useEffect(() => {
    if (done) setApproval({ email: "", password: "" });
  }, [done]);

  // A refused sign-in: the password goes, and the manager types it again.
  const approvalError = errors.approval;
  useEffect(() => {
    if (!approvalError) return;
    setApproval((a) => ({ ...a, password: "" }));
    (managerEmail.current?.value ? managerPassword : managerEmail).current?.focus();
  }, [approvalError, answer]);

  return (
    <div className="till">
      <header className="till-head">
        <h1>Till</h1>
        <label>
          Till at{" "}
          <select value={locationId} onChange={(e) => setParams({ location: e.target.value })} aria-label="Till location">
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <nav className="till-links">
          <Link to={`${base}/cash-up?location=${locationId}`}>Cash-up</Link>
          <Link to={`${base}/orders?channel=pos`}>Sales &amp; returns</Link>
        </nav>
      </header>
      <p className="hint">Scan or type, then Enter. F2 search · F4 cash · F8 pay · ↑↓ choose · Esc clear</p>

      {done ? (
        <section className="till-done" role="status" aria-live="polite">
          <h2>
            Sale #{done.number}: {money(done.total)}
          </h2>
          {done.change > 0 ? (
            <p className="change">
              Change due: <strong>{money(done.change)}</strong>
            </p>
          ) : (
            <p>No change due.</p>
          )}
          {done.belowStock.length ? (
            <p className="below-stock-note">
              Sold below recorded stock: {done.belowStock.map((b) => `${b.sku} × ${b.quantity}`).join(", ")}. Listed for a manager to recount.
            </p>
          ) : null}
          <p>
            <Link to={`${base}/receipts/${done.number}`} target="_blank" rel="noreferrer">
              Print receipt
            </Link>
            {" · "}
            <button type="button" onClick={startOver} autoFocus>
              New sale (Enter)
            </button>
          </p>
        </section>
      ) : null}

      <div className="till-grid">
        <section>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (hits?.length) add(hits[active]!);
              else if (q.trim()) void lookup(q.trim());
            }}
          >
            <label htmlFor="till-search" className="visually-hidden">
              Scan or search
            </label>
            <input
              id="till-search"
              ref={search}
              value={q}
              autoFocus
              autoComplete="off"
              placeholder="Scan a barcode, or type a SKU or name"
              className={lookupError ? "miss" : undefined}
              aria-invalid={lookupError ? true : undefined}
              aria-describedby={lookupError ? "till-search-error" : undefined}
              onChange={(e) => {
                setQ(e.target.value);
                setHits(null);
              }}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  setQ("");
                  setHits(null);
                }
                if (hits?.length && e.key === "ArrowDown") {
                  e.preventDefault();
                  setActive((a) => Math.min(a + 1, hits.length - 1));
                }
                if (hits?.length && e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive((a) => Math.max(a - 1, 0));
                }
              }}
            />
          </form>
          {lookupError ? (
            <p id="till-search-error" className="field-error till-miss" role="alert">
              {lookupError}
            </p>
          ) : null}
          {hits?.length ? (
            <ul className="till-hits" role="listbox" aria-label="Matching products">
              {hits.map((h, i) => (
                <li key={h.variantId} role="option" aria-selected={i === active}>
                  <button type="button" onClick={() => add(h)}>
                    {h.title}
                    {h.variantTitle ? ` (${h.variantTitle})` : ""} · {h.sku} · {money(h.price)} · {h.available} here
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
              {lines.length === 0 ? (
                <tr>
                  <td colSpan={5} className="empty">
                    Nothing yet: scan an item.
                  </td>
                </tr>
              ) : null}
              {lines.map((l) => (
                <tr key={l.variantId}>
                  <td>
                    {l.title}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                    <br />
                    <small>{l.sku}</small>
                    {l.quantity <= l.available ? null : settings.tillSellsBelowStock ? (
                      <>
                        <br />
                        <Badge tone="warning" className="below-stock">
                          Sold below stock
                        </Badge>{" "}
                        <small className="below-stock-note">{Math.max(l.available, 0)} recorded here</small>
                      </>
                    ) : (
                      <>
                        <br />
                        <small className="field-error">Only {Math.max(l.available, 0)} in stock here: the sale will be refused</small>
                      </>
                    )}
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      max={9999}
                      value={l.quantity}
                      aria-label={`Quantity of ${l.sku}`}
                      className="qty"
                      onChange={(e) => {
                        const n = Math.max(1, Math.min(9999, Number(e.target.value) || 1));
                        setLines((ls) => ls.map((x) => (x === l ? { ...x, quantity: n } : x)));
                      }}
                    />
                  </td>
                  <td>{money(l.unitPrice)}</td>
                  <td>{money(l.unitPrice * l.quantity)}</td>
                  <td>
                    <button type="button" className="link" aria-label={`Remove ${l.sku}`} onClick={() => setLines((ls) => ls.filter((x) => x !== l))}>
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
              <select value={discountKind} onChange={(e) => setDiscountKind(e.target.value as "percent" | "amount")} aria-label="Discount kind">
                <option value="percent">%</option>
                <option value="amount">{shop.currency}</option>
              </select>
              <input id="till-discount" inputMode="decimal" value={discountText} onChange={(e) => setDiscountText(e.target.value)} placeholder="0" />
            </div>
            <small className="hint">
              Above {settings.discountLimit / 100} % a manager approves{role !== "cashier" ? " (you can)" : ""}.
            </small>
            {errors.discount ? (
              <p className="field-error" role="alert">
                {errors.discount}
              </p>
            ) : null}
          </div>
          {askApproval ? (
            <fieldset className="approval">
              <legend>Manager approval</legend>
              <p className="hint">
                This discount is above {settings.discountLimit / 100} %. A manager or owner types their email and password here, then Pay (F8).
              </p>
              {errors.approval ? (
                <p className="field-error" role="alert">
                  {errors.approval}
                </p>
              ) : null}
              <div className="field">
                <label htmlFor="till-manager-email">Manager email</label>
                <input
                  id="till-manager-email"
                  ref={managerEmail}
                  type="email"
                  autoComplete="off"
                  value={approval.email}
                  onChange={(e) => setApproval({ ...approval, email: e.target.value })}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      managerPassword.current?.focus();
                    }
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor="till-manager-password">Manager password</label>
                <input
                  id="till-manager-password"
                  ref={managerPassword}
                  type="password"
                  autoComplete="off"
                  value={approval.password}
                  onChange={(e) => setApproval({ ...approval, password: e.target.value })}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      pay();
                    }
                  }}
                />
              </div>
            </fieldset>
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
            <dt>Tax{settings.taxInclusive ? " included" : ""}</dt>
            <dd>{money(priced.tax)}</dd>
            <dt>Total</dt>
            <dd className="grand" data-testid="till-total">
              {money(priced.total)}
            </dd>
          </dl>
          <div className="field">
            <label htmlFor="till-card">Card on the terminal</label>
            <input id="till-card" inputMode="decimal" value={cardText} onChange={(e) => setCardText(e.target.value)} placeholder="0.00" />
            {errors.card ? (
              <p className="field-error" role="alert">
                {errors.card}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="till-cash">Cash handed over ({money(cashDue)} due)</label>
            <input id="till-cash" ref={cash} inputMode="decimal" value={cashText} onChange={(e) => setCashText(e.target.value)} placeholder="0.00" />
            {errors.cashTendered ? (
              <p className="field-error" role="alert">
                {errors.cashTendered}
              </p>
            ) : null}
          </div>
          {change !== null && change >= 0 && !done ? (
            <p className="change">
              Change: <strong>{money(change)}</strong>
            </p>
          ) : null}
          {answer?.formError ? (
            <p className="form-error" role="alert">
              {answer.formError}
            </p>
          ) : null}
          <button type="button" className="pay" onClick={pay} disabled={!lines.length || sale.state !== "idle" || Boolean(done)}>
            {sale.state !== "idle" ? "Recording…" : payQueued ? "Adding the last scan…" : `Pay ${money(priced.total)} (F8)`}
          </button>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
