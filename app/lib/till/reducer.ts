import type { TaxClass } from "../../../server/db/generated/enums";
import { translator, type T } from "../../i18n/web/translate";

/** An item the till can sell, as the local catalog (or the lookup) has it. */
export type TillItem = {
  variantId: string;
  productId?: string;
  title: string;
  variantTitle: string;
  sku: string;
  barcode: string | null;
  price: number;
  taxClass: TaxClass;
  available: number;
  /** The product's category (the till's tiles); null or absent: none. */
  category?: string | null;
};

export type Line = Omit<TillItem, "price" | "barcode" | "productId"> & {
  productId?: string;
  unitPrice: number;
  quantity: number;
  /** A custom amount (no product): its variantId is only the till's own key ("custom:…"). */
  custom?: boolean;
  /** This line's own discount, as typed. */
  discountKind?: "percent" | "amount";
  discountText?: string;
  /** The cashier's note on the line (on the receipt). */
  note?: string;
};

/** A custom amount's key on the till: never a real variant id, so it is never sent as one. */
export const isCustomKey = (variantId: string) => variantId.startsWith("custom:");
export type Person = { userId: string; name: string; role: "owner" | "manager" | "cashier" };
/** A shop's customer attached to the sale (its order and receipt name them). */
export type SaleCustomer = { id: string; name: string; email: string | null; phone: string | null };
export type Receipt = {
  clientRef: string;
  receipt: number;
  label: string;
  soldAt: string;
  staffName: string;
  /** The customer's name, when one was attached. */
  customer?: string;
  lines: { sku: string; title: string; quantity: number; unitPrice: number; total: number }[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  card: number;
  cash: number;
  tendered: number;
  change: number;
  /** An exchange: the credit spent on this sale, and what of it went back in cash. */
  exchange?: { label: string; used: number; back: number };
};

/** A return made as an exchange at this till: its value, to spend on the next sale (once: the server keeps it). */
export type ExchangeCredit = { refundId: string; amount: number; label: string };

/** What an exchange credit pays of a sale's total, what of it goes back in cash, and what is left to pay (card or cash). */
export function creditOn(total: number, exchange: ExchangeCredit | null) {
  const credit = exchange ? Math.min(exchange.amount, Math.max(0, total)) : 0;
  return { credit, creditBack: exchange ? exchange.amount - credit : 0, owed: total - credit };
}

/** "Exchange credit from receipt 2-000017" (a register's sale) or "… from order #1043". */
export const creditFrom = (label: string, t: T = translator("en")) => t("till.credit.from", { kind: label.startsWith("#") ? "order" : "receipt", label });

/** A sale put aside (lines and discount) to ring up another: it takes no receipt number until it is resumed and paid. */
export type Parked = {
  id: string;
  lines: Line[];
  discountKind: "percent" | "amount";
  discountText: string;
  customer?: SaleCustomer | null;
  /** What the sale came to when it was parked (for the list; the price is worked out again on resume). */
  total: number;
  parkedAt: string;
  by: string;
};

/** The till screen's state: one sale being rung up, and the register around it. */
export type TillState = {
  q: string;
  hits: TillItem[] | null;
  active: number;
  lookupError: string | null;
  lines: Line[];
  discountKind: "percent" | "amount";
  discountText: string;
  cardText: string;
  cashText: string;
  clientRef: string;
  /** Who is signed in at this register (null: locked). */
  cashier: Person | null;
  /** A manager's PIN approval for this sale's discount. */
  approvedBy: Person | null;
  /** A manager's PIN approval for selling more than the register's copy shows in stock: who, and up to how many of each item. */
  stockApproval: { by: Person; quantities: Record<string, number> } | null;
  done: Receipt | null;
  online: boolean;
  waiting: number;
  syncError: string | null;
  formError: string | null;
  /** Scans still being looked up (a lookup over the network), and whether pay was asked before they answered. */
  pending: number;
  payQueued: boolean;
  /** A manager's email and password, where a till approves that way (the back office's). */
  approval: { email: string; password: string };
  /** Sales put aside, oldest first. */
  parked: Parked[];
  /** The last sale paid at this till (its receipt to print again), kept through "New sale". */
  last: Receipt | null;
  /** The customer the sale is for (none: a walk-in). */
  customer: SaleCustomer | null;
  /** The line chosen (arrows or a click) for its discount and note. */
  selected: string | null;
  /** An exchange credit the sale spends (from a return made as an exchange). */
  exchange: ExchangeCredit | null;
};

/** Everything that happens at the till, by name. */
export type TillEvent =
  | { type: "typed"; q: string }
  | { type: "cleared" }
  | { type: "matches"; hits: TillItem[]; typed?: string }
  /** Enter in the scan box: the text leaves the box at once, so the next scan (a scanner does not wait for the answer) starts clean. */
  | { type: "submitted"; text: string }
  | { type: "moved"; by: 1 | -1 }
  | { type: "added"; item: TillItem; typed?: string }
  | { type: "missed"; typed: string; message: string }
  | { type: "quantity"; variantId: string; quantity: number }
  | { type: "removed"; variantId: string }
  | { type: "discount"; kind?: "percent" | "amount"; text?: string }
  | { type: "card"; text: string }
  | { type: "cash"; text: string }
  | { type: "approved"; by: Person }
  | { type: "stock_approved"; by: Person }
  | { type: "refused"; message: string }
  | { type: "paid"; receipt: Receipt }
  | { type: "started_over"; clientRef: string }
  | { type: "signed_in"; person: Person }
  | { type: "locked" }
  | { type: "went_offline" }
  | { type: "came_online" }
  | { type: "queue"; waiting: number; error?: string | null }
  | { type: "looking" }
  | { type: "looked" }
  | { type: "pay_waits" }
  | { type: "pay_goes" }
  | { type: "sent" }
  | { type: "approval"; email?: string; password?: string }
  | { type: "parked"; id: string; at: string; by: string; total: number; clientRef: string }
  | { type: "resumed"; id: string; clientRef: string }
  | { type: "parked_loaded"; parked: Parked[] }
  | { type: "last_loaded"; receipt: Receipt | null }
  | { type: "customer_attached"; customer: SaleCustomer }
  | { type: "customer_removed" }
  /** A custom amount: an item without a barcode, by description and price. */
  | { type: "custom_added"; id: string; description: string; unitPrice: number; taxClass: TaxClass }
  | { type: "line_selected"; variantId: string | null }
  | { type: "line_moved"; by: 1 | -1 }
  | { type: "line_discount"; variantId: string; kind?: "percent" | "amount"; text?: string }
  | { type: "line_note"; variantId: string; note: string }
  /** A return made as an exchange: its credit goes on the sale (a paid one gives way to a new sale). */
  | { type: "exchange_credited"; credit: ExchangeCredit; clientRef: string }
  /** The next sale after one the server recorded with the credit (at /pos, where the sale is not "paid" on the till). */
  | { type: "exchange_spent" };

export function initialTill(clientRef: string): TillState {
  return {
    q: "",
    hits: null,
    active: 0,
    lookupError: null,
    lines: [],
    discountKind: "percent",
    discountText: "",
    cardText: "",
    cashText: "",
    clientRef,
    cashier: null,
    approvedBy: null,
    stockApproval: null,
    done: null,
    online: true,
    waiting: 0,
    syncError: null,
    formError: null,
    pending: 0,
    payQueued: false,
    approval: { email: "", password: "" },
    parked: [],
    last: null,
    customer: null,
    selected: null,
    exchange: null,
  };
}

/** The till with an empty sale: what "New sale", a park and a resume start from (the cashier, the network, the parked list and the last receipt stay). */
function emptySale(state: TillState, clientRef: string): TillState {
  return {
    ...state,
    lines: [],
    q: "",
    hits: null,
    lookupError: null,
    discountText: "",
    cardText: "",
    cashText: "",
    approvedBy: null,
    stockApproval: null,
    done: null,
    formError: null,
    clientRef,
    payQueued: false,
    approval: { email: "", password: "" },
    customer: null,
    selected: null,
    // A credit not spent yet stays for the next sale; a paid sale spent it.
    exchange: state.done ? null : state.exchange,
  };
}

/** Lines asking for more than the register's copy shows available here. */
export const shortLines = (lines: Line[]) => lines.filter((l) => l.quantity > l.available);

/** Whether every short line is covered by the manager's approval (none short: nothing to approve). */
export const stockApproved = (state: Pick<TillState, "lines" | "stockApproval">) =>
  shortLines(state.lines).every((l) => (state.stockApproval?.quantities[l.variantId] ?? 0) >= l.quantity);

/** What is left in the box once `looked` is dealt with: a scan typed after it (the scanner does not wait) stays. */
export const after = (current: string, looked: string) => (current.startsWith(looked) ? current.slice(looked.length).trimStart() : current);

export function tillReducer(state: TillState, event: TillEvent): TillState {
  switch (event.type) {
    case "typed":
      return { ...state, q: event.q, hits: null };
    case "cleared":
      return { ...state, q: "", hits: null };
    case "submitted":
      return { ...state, q: after(state.q, event.text), lookupError: null };
    case "matches":
      // A list to choose from: what was typed comes back into the box (if nothing else was typed since), to refine it.
      if (event.typed && !state.q) return { ...state, q: event.typed, hits: event.hits, active: 0, lookupError: null, payQueued: false };
      // A list to choose from: a pay asked meanwhile waits for the cashier's choice.
      return { ...state, hits: event.hits, active: 0, lookupError: null, payQueued: false };
    case "moved":
      return state.hits?.length ? { ...state, active: Math.max(0, Math.min(state.active + event.by, state.hits.length - 1)) } : state;
    case "added": {
      const { item } = event;
      const found = state.lines.find((l) => l.variantId === item.variantId);
      const lines = found
        ? state.lines.map((l) => (l === found ? { ...l, quantity: Math.min(9999, l.quantity + 1) } : l))
        : [
            ...state.lines,
            {
              variantId: item.variantId,
              productId: item.productId,
              title: item.title,
              variantTitle: item.variantTitle,
              sku: item.sku,
              unitPrice: item.price,
              quantity: 1,
              available: item.available,
              taxClass: item.taxClass,
            },
          ];
      return { ...state, lines, q: event.typed === undefined ? "" : after(state.q, event.typed), hits: null, lookupError: null, formError: null };
    }
    case "missed":
      return { ...state, hits: null, q: after(state.q, event.typed), lookupError: event.message, payQueued: false };
    case "quantity":
      return {
        ...state,
        lines: state.lines.map((l) => (l.variantId === event.variantId ? { ...l, quantity: Math.max(1, Math.min(9999, event.quantity)) } : l)),
      };
    case "removed": {
      const lines = state.lines.filter((l) => l.variantId !== event.variantId);
      // A removed line's discount may have been what needed approving.
      const wasDiscounted = state.lines.some((l) => l.variantId === event.variantId && l.discountText?.trim());
      return {
        ...state,
        lines,
        selected: state.selected === event.variantId ? null : state.selected,
        approvedBy: wasDiscounted ? null : state.approvedBy,
      };
    }
    case "discount":
      // A changed discount needs approving again.
      return { ...state, discountKind: event.kind ?? state.discountKind, discountText: event.text ?? state.discountText, approvedBy: null };
    case "card":
      return { ...state, cardText: event.text };
    case "cash":
      return { ...state, cashText: event.text };
    case "approved":
      return { ...state, approvedBy: event.by, formError: null };
    case "stock_approved":
      // What the manager saw: a later scan that takes more needs them again.
      return {
        ...state,
        stockApproval: { by: event.by, quantities: Object.fromEntries(shortLines(state.lines).map((l) => [l.variantId, l.quantity])) },
        formError: null,
      };
    case "refused":
      return { ...state, formError: event.message };
    case "paid":
      return { ...state, done: event.receipt, last: event.receipt, formError: null };
    case "started_over":
      return emptySale(state, event.clientRef);
    case "signed_in":
      return { ...state, cashier: event.person };
    case "locked":
      return { ...state, cashier: null, approvedBy: null, stockApproval: null };
    case "went_offline":
      return { ...state, online: false };
    case "came_online":
      return { ...state, online: true };
    case "queue":
      return { ...state, waiting: event.waiting, syncError: event.error === undefined ? state.syncError : event.error };
    case "looking":
      return { ...state, pending: state.pending + 1 };
    case "looked":
      return { ...state, pending: Math.max(0, state.pending - 1) };
    case "pay_waits":
      return { ...state, payQueued: true };
    case "pay_goes":
      return { ...state, payQueued: false };
    case "sent":
      return { ...state, formError: null };
    case "approval":
      return { ...state, approval: { email: event.email ?? state.approval.email, password: event.password ?? state.approval.password } };
    case "parked": {
      // Only a sale being rung up: nothing to park, or already paid, changes nothing; an exchange is finished, not parked.
      if (!state.lines.length || state.done || state.exchange) return state;
      const parked: Parked = {
        id: event.id,
        lines: state.lines,
        discountKind: state.discountKind,
        discountText: state.discountText,
        customer: state.customer,
        total: event.total,
        parkedAt: event.at,
        by: event.by,
      };
      // A new sale, under a new reference: the parked one never sent anything under the old one that could be replayed.
      return { ...emptySale(state, event.clientRef), parked: [...state.parked, parked] };
    }
    case "resumed": {
      // Into an empty cart only (the screen asks first: park what is there, or not).
      const found = state.parked.find((p) => p.id === event.id);
      if (!found || state.lines.length || state.done) return state;
      return {
        ...emptySale(state, event.clientRef),
        lines: found.lines,
        discountKind: found.discountKind,
        discountText: found.discountText,
        customer: found.customer ?? null,
        parked: state.parked.filter((p) => p !== found),
      };
    }
    case "parked_loaded":
      return { ...state, parked: event.parked };
    case "last_loaded":
      return { ...state, last: event.receipt };
    case "customer_attached":
      // Once paid, the sale is what it was.
      return state.done ? state : { ...state, customer: event.customer, formError: null };
    case "customer_removed":
      return state.done ? state : { ...state, customer: null };
    case "custom_added": {
      if (state.done) return state;
      const line: Line = {
        variantId: `custom:${event.id}`,
        custom: true,
        title: event.description,
        variantTitle: "",
        sku: "",
        unitPrice: event.unitPrice,
        quantity: 1,
        // No stock to run short of.
        available: 1_000_000_000,
        taxClass: event.taxClass,
      };
      return { ...state, lines: [...state.lines, line], selected: line.variantId, formError: null };
    }
    case "line_selected":
      return { ...state, selected: event.variantId && state.lines.some((l) => l.variantId === event.variantId) ? event.variantId : null };
    case "line_moved": {
      if (!state.lines.length) return state;
      const at = state.lines.findIndex((l) => l.variantId === state.selected);
      const next = at < 0 ? (event.by > 0 ? 0 : state.lines.length - 1) : Math.max(0, Math.min(state.lines.length - 1, at + event.by));
      return { ...state, selected: state.lines[next]!.variantId };
    }
    case "line_discount":
      // A changed discount needs approving again, as the order's does.
      return {
        ...state,
        lines: state.lines.map((l) =>
          l.variantId === event.variantId
            ? { ...l, discountKind: event.kind ?? l.discountKind ?? "percent", discountText: event.text ?? l.discountText ?? "" }
            : l,
        ),
        approvedBy: null,
      };
    case "line_note":
      return { ...state, lines: state.lines.map((l) => (l.variantId === event.variantId ? { ...l, note: event.note.slice(0, 200) } : l)) };
    case "exchange_credited": {
      // After a paid sale, a new one; a sale being rung up keeps its lines and takes the credit.
      const base = state.done ? emptySale({ ...state, exchange: null }, event.clientRef) : state;
      return { ...base, exchange: event.credit, cardText: "", cashText: "", formError: null };
    }
    case "exchange_spent":
      return { ...state, exchange: null };
  }
}
