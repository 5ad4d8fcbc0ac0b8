import { describe, expect, it } from "vitest";
import { creditFrom, creditOn, initialTill, isCustomKey, shortLines, stockApproved, tillReducer, type Receipt, type TillEvent, type TillItem } from "./reducer";

const item = (sku: string, price = 250): TillItem => ({
  variantId: `v-${sku}`,
  title: sku,
  variantTitle: "",
  sku,
  barcode: null,
  price,
  taxClass: "standard",
  available: 3,
});
const run = (...events: TillEvent[]) => events.reduce(tillReducer, initialTill("ref-1"));

describe("the till's reducer", () => {
  it("a scan adds a line, a second scan of it counts 2, and what was typed after the scan stays in the box", () => {
    const s = run({ type: "typed", q: "A-1B-" }, { type: "added", item: item("A-1"), typed: "A-1" }, { type: "added", item: item("A-1") });
    expect(s.lines).toEqual([expect.objectContaining({ sku: "A-1", quantity: 2, unitPrice: 250 })]);
    expect(s.q).toBe("");
    expect(run({ type: "typed", q: "A-1B-2" }, { type: "added", item: item("A-1"), typed: "A-1" }).q).toBe("B-2");
  });

  it("a missed scan empties what was scanned and says so; matches are chosen with the arrows, within bounds", () => {
    const missed = run({ type: "typed", q: "ZZZ" }, { type: "missed", typed: "ZZZ", message: "Nothing matches" });
    expect([missed.q, missed.lookupError]).toEqual(["", "Nothing matches"]);
    const s = run({ type: "matches", hits: [item("A"), item("B")] }, { type: "moved", by: 1 }, { type: "moved", by: 1 });
    expect(s.active).toBe(1);
    expect(tillReducer(s, { type: "moved", by: -1 }).active).toBe(0);
  });

  it("quantities stay between 1 and 9999; a changed discount needs approving again; starting over keeps the cashier", () => {
    let s = run({ type: "signed_in", person: { userId: "u", name: "Cass", role: "cashier" } }, { type: "added", item: item("A") });
    s = tillReducer(s, { type: "quantity", variantId: "v-A", quantity: 0 });
    expect(s.lines[0]!.quantity).toBe(1);
    s = tillReducer(s, { type: "quantity", variantId: "v-A", quantity: 1e9 });
    expect(s.lines[0]!.quantity).toBe(9999);
    s = tillReducer(s, { type: "approved", by: { userId: "m", name: "Mia", role: "manager" } });
    s = tillReducer(s, { type: "discount", text: "30" });
    expect(s.approvedBy).toBeNull();
    s = tillReducer(s, { type: "started_over", clientRef: "ref-2" });
    expect([s.lines, s.discountText, s.clientRef, s.cashier?.name]).toEqual([[], "", "ref-2", "Cass"]);
  });

  it("locking signs the cashier out; the queue's count and the network state are named events", () => {
    let s = run({ type: "signed_in", person: { userId: "u", name: "Cass", role: "cashier" } }, { type: "went_offline" }, { type: "queue", waiting: 3 });
    expect([s.online, s.waiting]).toEqual([false, 3]);
    s = tillReducer(s, { type: "locked" });
    expect(s.cashier).toBeNull();
  });

  it("a pay asked while a scan is still looked up waits for it, and is dropped when the scan misses or needs a choice", () => {
    let s = run({ type: "looking" }, { type: "pay_waits" });
    expect([s.pending, s.payQueued]).toEqual([1, true]);
    s = tillReducer(s, { type: "looked" });
    expect([s.pending, s.payQueued]).toEqual([0, true]);
    expect(tillReducer(s, { type: "pay_goes" }).payQueued).toBe(false);
    expect(tillReducer(s, { type: "missed", typed: "X", message: "Nothing matches" }).payQueued).toBe(false);
    expect(tillReducer(s, { type: "matches", hits: [item("A"), item("B")] }).payQueued).toBe(false);
    expect(tillReducer(tillReducer(s, { type: "looked" }), { type: "looked" }).pending).toBe(0);
  });

  it("a manager's email and password are typed field by field and gone once the till starts over", () => {
    let s = run({ type: "approval", email: "m@shop.test" }, { type: "approval", password: "secret" });
    expect(s.approval).toEqual({ email: "m@shop.test", password: "secret" });
    s = tillReducer(s, { type: "approval", password: "" });
    expect(s.approval).toEqual({ email: "m@shop.test", password: "" });
    expect(tillReducer(s, { type: "started_over", clientRef: "ref-2" }).approval).toEqual({ email: "", password: "" });
  });

  it("selling more than the copy shows needs a manager's approval, for the quantities they saw; a bigger one asks again", () => {
    const mia = { userId: "u-mia", name: "Mia", role: "manager" as const };
    const three = run({ type: "added", item: item("A") }, { type: "quantity", variantId: "v-A", quantity: 3 });
    expect([shortLines(three.lines), stockApproved(three)]).toEqual([[], true]);
    const five = tillReducer(three, { type: "quantity", variantId: "v-A", quantity: 5 });
    expect(stockApproved(five)).toBe(false);
    const approved = tillReducer(five, { type: "stock_approved", by: mia });
    expect(stockApproved(approved)).toBe(true);
    // Another item within its stock leaves the approval standing; more of the short one needs the manager again.
    expect(stockApproved(tillReducer(approved, { type: "added", item: item("B") }))).toBe(true);
    expect(stockApproved(tillReducer(approved, { type: "quantity", variantId: "v-A", quantity: 6 }))).toBe(false);
    expect(tillReducer(approved, { type: "started_over", clientRef: "ref-2" }).stockApproval).toBeNull();
    expect(tillReducer(approved, { type: "locked" }).stockApproval).toBeNull();
  });

  it("parking puts the lines and discount aside and starts an empty sale; resuming brings them back into an empty cart only", () => {
    const cass = { type: "signed_in", person: { userId: "u", name: "Cass", role: "cashier" } } as const;
    let s = run(
      cass,
      { type: "added", item: item("A") },
      { type: "added", item: item("A") },
      { type: "discount", kind: "amount", text: "1" },
      { type: "cash", text: "20" },
    );
    s = tillReducer(s, { type: "parked", id: "p-1", at: "2026-12-02T14:05:00Z", by: "Cass", total: 400, clientRef: "ref-2" });
    expect([s.lines, s.discountText, s.cashText, s.clientRef, s.cashier?.name]).toEqual([[], "", "", "ref-2", "Cass"]);
    expect(s.parked).toEqual([
      expect.objectContaining({ id: "p-1", discountKind: "amount", discountText: "1", total: 400, parkedAt: "2026-12-02T14:05:00Z", by: "Cass" }),
    ]);
    expect(s.parked[0]!.lines).toEqual([expect.objectContaining({ sku: "A", quantity: 2 })]);

    // Another sale is rung up meanwhile: resuming into it changes nothing (the screen asks first).
    s = tillReducer(s, { type: "added", item: item("B") });
    expect(tillReducer(s, { type: "resumed", id: "p-1", clientRef: "ref-3" })).toBe(s);
    s = tillReducer(s, { type: "removed", variantId: "v-B" });
    s = tillReducer(s, { type: "resumed", id: "p-1", clientRef: "ref-3" });
    expect([s.lines.map((l) => [l.sku, l.quantity]), s.discountKind, s.discountText, s.parked, s.clientRef]).toEqual([[["A", 2]], "amount", "1", [], "ref-3"]);
    // An id that is not parked (resumed twice, another tab) changes nothing.
    expect(tillReducer(s, { type: "resumed", id: "p-1", clientRef: "ref-4" })).toBe(s);
  });

  it("an empty cart or a paid sale is not parked; approvals stay with the sale they were given for", () => {
    const empty = run({ type: "parked", id: "p", at: "t", by: "A", total: 0, clientRef: "ref-2" });
    expect([empty.parked, empty.clientRef]).toEqual([[], "ref-1"]);
    const receipt = {
      clientRef: "ref-1",
      receipt: 1,
      label: "2-000001",
      soldAt: "t",
      staffName: "A",
      lines: [],
      subtotal: 0,
      discount: 0,
      tax: 0,
      total: 0,
      card: 0,
      cash: 0,
      tendered: 0,
      change: 0,
    };
    const paid = run({ type: "added", item: item("A") }, { type: "paid", receipt });
    expect(tillReducer(paid, { type: "parked", id: "p", at: "t", by: "A", total: 250, clientRef: "ref-2" })).toBe(paid);
    const mia = { userId: "m", name: "Mia", role: "manager" as const };
    const approved = run({ type: "added", item: item("A") }, { type: "discount", text: "50" }, { type: "approved", by: mia });
    const back = tillReducer(tillReducer(approved, { type: "parked", id: "p", at: "t", by: "A", total: 125, clientRef: "ref-2" }), {
      type: "resumed",
      id: "p",
      clientRef: "ref-3",
    });
    expect([back.discountText, back.approvedBy]).toEqual(["50", null]);
  });

  it("the parked list loads from storage; the last receipt stays through New sale and a park", () => {
    const receipt = {
      clientRef: "ref-1",
      receipt: 7,
      label: "2-000007",
      soldAt: "t",
      staffName: "A",
      lines: [],
      subtotal: 0,
      discount: 0,
      tax: 0,
      total: 320,
      card: 0,
      cash: 320,
      tendered: 500,
      change: 180,
    };
    let s = run({ type: "added", item: item("A") }, { type: "paid", receipt }, { type: "started_over", clientRef: "ref-2" });
    expect([s.done, s.last?.label]).toEqual([null, "2-000007"]);
    s = tillReducer(tillReducer(s, { type: "added", item: item("B") }), { type: "parked", id: "p", at: "t", by: "A", total: 250, clientRef: "ref-3" });
    expect(s.last?.label).toBe("2-000007");
    expect(tillReducer(s, { type: "parked_loaded", parked: [] }).parked).toEqual([]);
    expect(tillReducer(initialTill("r"), { type: "last_loaded", receipt }).last).toBe(receipt);
  });

  it("a scan leaves the box when submitted: the next scan typed before the answer is read on its own", () => {
    // A scanner types the second code while the first is still being looked up.
    let s = run({ type: "typed", q: "CB-102" }, { type: "submitted", text: "CB-102" });
    expect(s.q).toBe("");
    s = tillReducer(s, { type: "typed", q: "CB-102" });
    s = tillReducer(s, { type: "added", item: item("CB-102"), typed: "" });
    expect([s.q, s.lines[0]?.quantity]).toEqual(["CB-102", 1]);
    s = tillReducer(tillReducer(s, { type: "submitted", text: "CB-102" }), { type: "added", item: item("CB-102"), typed: "" });
    expect([s.q, s.lines[0]?.quantity]).toEqual(["", 2]);
    // A name with several matches comes back into the box, to refine it.
    const listed = run({ type: "typed", q: "tarte" }, { type: "submitted", text: "tarte" }, { type: "matches", hits: [item("A"), item("B")], typed: "tarte" });
    expect([listed.q, listed.hits?.length]).toEqual(["tarte", 2]);
  });
});

describe("a customer on the sale", () => {
  const ann = { id: "c-1", name: "Ann Lee", email: "ann@example.test", phone: null };
  it("is attached and removed, leaves with the sale on New sale, and goes with a parked sale and back on resume", () => {
    const s = run({ type: "added", item: item("A") }, { type: "customer_attached", customer: ann });
    expect(s.customer?.name).toBe("Ann Lee");
    expect(tillReducer(s, { type: "customer_removed" }).customer).toBeNull();
    const parked = tillReducer(s, { type: "parked", id: "p1", at: "2026-12-01T10:00:00Z", by: "Cass", total: 250, clientRef: "ref-2" });
    expect(parked.customer).toBeNull();
    expect(parked.parked[0]!.customer?.name).toBe("Ann Lee");
    expect(tillReducer(parked, { type: "resumed", id: "p1", clientRef: "ref-3" }).customer?.name).toBe("Ann Lee");
    expect(tillReducer(s, { type: "started_over", clientRef: "ref-4" }).customer).toBeNull();
  });

  it("a paid sale keeps the customer it was paid with", () => {
    const receipt = { clientRef: "ref-1", receipt: 1, label: "1-000001", soldAt: "", staffName: "Cass", customer: "Ann Lee", lines: [] };
    const money = { subtotal: 0, discount: 0, tax: 0, total: 0, card: 0, cash: 0, tendered: 0, change: 0 };
    const paid = run({ type: "customer_attached", customer: ann }, { type: "paid", receipt: { ...receipt, ...money } });
    expect(tillReducer(paid, { type: "customer_removed" }).customer?.name).toBe("Ann Lee");
    expect(tillReducer(paid, { type: "customer_attached", customer: { ...ann, id: "c-2", name: "Bob" } }).customer?.name).toBe("Ann Lee");
  });
});

describe("custom amounts and a line's discount and note", () => {
  it("a custom amount is a line of its own, chosen at once, never mistaken for a variant", () => {
    const s = run({ type: "added", item: item("A") }, { type: "custom_added", id: "x1", description: "Gift wrap", unitPrice: 350, taxClass: "reduced" });
    expect(s.lines[1]).toMatchObject({ variantId: "custom:x1", custom: true, title: "Gift wrap", unitPrice: 350, quantity: 1, taxClass: "reduced" });
    expect(s.selected).toBe("custom:x1");
    expect(isCustomKey(s.lines[1]!.variantId)).toBe(true);
    expect(isCustomKey(s.lines[0]!.variantId)).toBe(false);
  });

  it("the arrows choose a line within the sale; a removed line is no longer chosen", () => {
    let s = run({ type: "added", item: item("A") }, { type: "added", item: item("B") }, { type: "line_moved", by: 1 });
    expect(s.selected).toBe("v-A");
    s = tillReducer(tillReducer(tillReducer(s, { type: "line_moved", by: 1 }), { type: "line_moved", by: 1 }), { type: "line_moved", by: 1 });
    expect(s.selected).toBe("v-B");
    expect(tillReducer(s, { type: "line_moved", by: -1 }).selected).toBe("v-A");
    expect(tillReducer(s, { type: "removed", variantId: "v-B" }).selected).toBeNull();
    expect(tillReducer(s, { type: "line_selected", variantId: "v-nope" }).selected).toBeNull();
    expect(run({ type: "line_moved", by: 1 }).selected).toBeNull();
  });

  it("a line's discount needs approving again when it changes; its note is kept to 200 characters", () => {
    let s = run({ type: "added", item: item("A") }, { type: "approved", by: { userId: "m", name: "Mia", role: "manager" } });
    s = tillReducer(s, { type: "line_discount", variantId: "v-A", kind: "amount", text: "1.50" });
    expect(s.lines[0]).toMatchObject({ discountKind: "amount", discountText: "1.50" });
    expect(s.approvedBy).toBeNull();
    s = tillReducer(s, { type: "line_note", variantId: "v-A", note: "x".repeat(300) });
    expect(s.lines[0]!.note).toHaveLength(200);
    // Parked and resumed, the line keeps its discount and note.
    const back = tillReducer(tillReducer(s, { type: "parked", id: "p", at: "2026-12-01T10:00:00Z", by: "C", total: 100, clientRef: "r2" }), {
      type: "resumed",
      id: "p",
      clientRef: "r3",
    });
    expect(back.lines[0]).toMatchObject({ discountText: "1.50", note: "x".repeat(200) });
  });
});

describe("an exchange credit on the sale", () => {
  const credit = { refundId: "r-1", amount: 650, label: "2-000017" };
  const cashier = { userId: "u", name: "Cass", role: "cashier" as const };

  it("goes on the sale being rung up, keeping its lines; after a paid sale it starts a new one", () => {
    const ringing = run({ type: "added", item: item("A") }, { type: "cash", text: "5" }, { type: "exchange_credited", credit, clientRef: "r2" });
    expect([ringing.lines.length, ringing.exchange, ringing.cashText, ringing.clientRef]).toEqual([1, credit, "", "ref-1"]);
    const receipt = { clientRef: "ref-1", receipt: 1, label: "2-000001" } as Receipt;
    const paid = run({ type: "signed_in", person: cashier }, { type: "added", item: item("A") }, { type: "paid", receipt });
    const next = tillReducer(paid, { type: "exchange_credited", credit, clientRef: "r2" });
    expect([next.lines, next.done, next.exchange, next.clientRef, next.cashier]).toEqual([[], null, credit, "r2", cashier]);
  });

  it("stays for the next sale when a sale is started over unpaid, leaves with the paid sale that spent it, and a sale with it is not parked", () => {
    const s = run({ type: "exchange_credited", credit, clientRef: "r2" }, { type: "added", item: item("A") });
    expect(tillReducer(s, { type: "started_over", clientRef: "r3" }).exchange).toEqual(credit);
    expect(tillReducer(s, { type: "parked", id: "p", at: "2026-12-01T10:00:00Z", by: "C", total: 250, clientRef: "r3" })).toBe(s);
    const paid = tillReducer(s, { type: "paid", receipt: { clientRef: "ref-1", receipt: 2, label: "2-000002" } as Receipt });
    expect(tillReducer(paid, { type: "started_over", clientRef: "r4" }).exchange).toBeNull();
    // At /pos the server's answer says it was spent.
    expect(tillReducer(s, { type: "exchange_spent" }).exchange).toBeNull();
  });

  it("pays first: the customer owes the difference, or gets what is left of the credit back in cash", () => {
    expect(creditOn(1000, credit)).toEqual({ credit: 650, creditBack: 0, owed: 350 });
    expect(creditOn(650, credit)).toEqual({ credit: 650, creditBack: 0, owed: 0 });
    expect(creditOn(400, credit)).toEqual({ credit: 400, creditBack: 250, owed: 0 });
    expect(creditOn(1000, null)).toEqual({ credit: 0, creditBack: 0, owed: 1000 });
    expect(creditFrom("2-000017")).toBe("Exchange credit from receipt 2-000017");
    expect(creditFrom("#1043")).toBe("Exchange credit from order #1043");
  });
});
