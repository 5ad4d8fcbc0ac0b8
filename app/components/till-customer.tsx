import { useEffect, useRef, useState, type Dispatch } from "react";
import { Dialog } from "./ui";
import type { SaleCustomer, TillEvent } from "../lib/till/reducer";
import { useT } from "../lib/i18n";

/** How a till reaches the shop's customers (each till its own way: the back office's session, or the register's cookie). */
export type CustomerSource = {
  search: (q: string) => Promise<SaleCustomer[]>;
  /** A customer added (or the shop's one with that email); a refusal throws with its message. */
  add: (input: { name: string; email: string; phone: string }) => Promise<SaleCustomer & { existing: boolean }>;
};

/** Thrown by a source when there is no network: the picker says so plainly. */
export class NeedsNetwork extends Error {}

const contactOf = (c: SaleCustomer) => [c.email, c.phone].filter(Boolean).join(" · ");

/** The customer on the sale, under the scan box: who, and how to change or remove them. */
export function CustomerOnSale(props: { customer: SaleCustomer | null; dispatch: Dispatch<TillEvent>; onOpen: () => void; done: boolean }) {
  const { customer } = props;
  const t = useT();
  return (
    <section className="till-customer" aria-label={t("till.customer.region")}>
      {customer ? (
        <p>
          {t.rich("till.customer.on", {
            name: (
              <strong data-testid="till-customer" translate="no">
                {customer.name}
              </strong>
            ),
          })}
          {contactOf(customer) ? <small translate="no"> ({contactOf(customer)})</small> : null}{" "}
          <button type="button" className="link" onClick={props.onOpen} disabled={props.done}>
            {t("till.customer.change")}
          </button>{" "}
          <button type="button" className="link" onClick={() => props.dispatch({ type: "customer_removed" })} disabled={props.done}>
            {t("till.customer.remove")}
          </button>
        </p>
      ) : (
        <button type="button" className="secondary" onClick={props.onOpen} disabled={props.done}>
          {t("till.customer.add")}
        </button>
      )}
    </section>
  );
}

/**
 * F3: find one of the shop's customers (name, email or phone; arrows and
 * Enter to pick, Escape to close) or add one with a name and an email or a
 * phone. Customers live on the server: with no network the picker says so
 * and the sale goes on as a walk-in.
 */
export function CustomerPicker(props: { open: boolean; onClose: () => void; online: boolean; source: CustomerSource; dispatch: Dispatch<TillEvent> }) {
  const { open, source } = props;
  const t = useT();
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<SaleCustomer[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: "", email: "", phone: "" });
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);

  // Each change of the text asks again; only the newest answer is shown.
  // While a new customer is being typed, no search runs, and a late answer to
  // an earlier one is dropped (it cleared the form's "enter an email" message).
  useEffect(() => {
    if (!open || !props.online || adding) {
      asked.current++;
      return;
    }
    const n = ++asked.current;
    const timer = window.setTimeout(() => {
      source.search(q.trim()).then(
        (found) => {
          if (n !== asked.current) return;
          setHits(found);
          setActive(0);
          setError(null);
          setOffline(false);
        },
        (e: unknown) => {
          if (n !== asked.current) return;
          if (e instanceof NeedsNetwork) setOffline(true);
          else setError((e as Error).message);
        },
      );
    }, 150);
    return () => window.clearTimeout(timer);
  }, [open, q, props.online, source, adding]);

  // Each opening starts afresh.
  useEffect(() => {
    if (!open) return;
    setQ("");
    setAdding(false);
    setError(null);
    setOffline(false);
    setForm({ name: "", email: "", phone: "" });
  }, [open]);

  const pick = (c: SaleCustomer) => {
    props.dispatch({ type: "customer_attached", customer: { id: c.id, name: c.name, email: c.email, phone: c.phone } });
    props.onClose();
  };

  async function add() {
    if (busy) return;
    if (!form.name.trim()) return setError(t("till.customer.noName"));
    if (!form.email.trim() && !form.phone.trim()) return setError(t("till.customer.noContact"));
    setBusy(true);
    try {
      pick(await source.add(form));
    } catch (e) {
      if (e instanceof NeedsNetwork) setOffline(true);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const edit = (change: Partial<typeof form>) => {
    setForm({ ...form, ...change });
    setError(null);
  };
  const noNetwork = !props.online || offline;
  return (
    <Dialog open={open} onClose={props.onClose} title={t("till.customer.title")}>
      {noNetwork ? (
        <p className="form-error" role="alert">
          {t("till.customer.needsNetwork")}
        </p>
      ) : adding ? (
        <form
          className="till-customer-new"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <div className="field">
            <label htmlFor="till-customer-name">{t("till.customer.name")}</label>
            <input id="till-customer-name" autoFocus autoComplete="off" value={form.name} onChange={(e) => edit({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="till-customer-email">{t("till.customer.email")}</label>
            <input id="till-customer-email" type="email" autoComplete="off" value={form.email} onChange={(e) => edit({ email: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="till-customer-phone">{t("till.customer.phone")}</label>
            <input id="till-customer-phone" type="tel" autoComplete="off" value={form.phone} onChange={(e) => edit({ phone: e.target.value })} />
            <small className="hint">{t("till.customer.contactHint")}</small>
          </div>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="dialog-actions">
            <button type="submit" disabled={busy}>
              {busy ? t("till.customer.adding") : t("till.customer.addAttach")}
            </button>
            <button type="button" className="secondary" onClick={() => setAdding(false)}>
              {t("till.customer.backToSearch")}
            </button>
          </div>
        </form>
      ) : (
        <>
          <div className="field">
            <label htmlFor="till-customer-search">{t("till.customer.search")}</label>
            <input
              id="till-customer-search"
              autoFocus
              autoComplete="off"
              role="combobox"
              aria-expanded={hits.length > 0}
              aria-controls="till-customer-hits"
              aria-activedescendant={hits[active] ? `till-customer-${hits[active]!.id}` : undefined}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                  e.preventDefault();
                  setActive((a) => Math.max(0, Math.min(hits.length - 1, a + (e.key === "ArrowDown" ? 1 : -1))));
                } else if (e.key === "Enter") {
                  e.preventDefault();
                  const hit = hits[active];
                  if (hit) pick(hit);
                  else if (q.trim()) {
                    // Nobody matches: what was typed starts the new customer.
                    setForm({ name: q.includes("@") ? "" : q.trim(), email: q.includes("@") ? q.trim() : "", phone: "" });
                    setAdding(true);
                  }
                }
              }}
            />
          </div>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          {hits.length === 0 ? <p className="hint">{q.trim() ? t("till.customer.nobody") : t("till.customer.none")}</p> : null}
          <ul id="till-customer-hits" className="till-hits" role="listbox" aria-label={t("till.customer.matches")}>
            {hits.map((c, i) => (
              // The option itself is clicked: a button inside an option is a control nested in a control (axe).
              // Keyboard: the arrows and Enter in the search box (aria-activedescendant).
              <li key={c.id} id={`till-customer-${c.id}`} role="option" aria-selected={i === active} onClick={() => pick(c)}>
                <strong translate="no">{c.name}</strong> {contactOf(c) ? <small translate="no">{contactOf(c)}</small> : null}
              </li>
            ))}
          </ul>
          <div className="dialog-actions">
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setForm({ name: q.includes("@") ? "" : q.trim(), email: q.includes("@") ? q.trim() : "", phone: "" });
                setAdding(true);
              }}
            >
              {t("till.customer.new")}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
