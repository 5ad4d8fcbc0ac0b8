import type { TaxClass } from "../../db/generated/client.ts";

/** The shop's selling settings that price a sale. Rates in basis points. */
export type TaxSettings = { taxInclusive: boolean; taxStandard: number; taxReduced: number };

export type Discount = { kind: "percent"; basisPoints: number } | { kind: "amount"; amount: number };

/** A line to price; `lineDiscount` is given on this line alone (at the till), before the order's discount. */
export type PricedInput = { unitPrice: number; quantity: number; taxClass: TaxClass; lineDiscount?: Discount };
/** `discount` is all the line's discount: its own (`lineDiscount`, in minor units) and its share of the order's. */
export type PricedLine = { unitPrice: number; quantity: number; discount: number; lineDiscount: number; taxRate: number; tax: number; total: number };
export type Priced<L> = {
  lines: (L & PricedLine)[];
  subtotal: number;
  discount: number;
  tax: number;
  deliveryFee: number;
  total: number;
};

export function taxRate(settings: TaxSettings, taxClass: TaxClass): number {
  if (taxClass === "standard") return settings.taxStandard;
  if (taxClass === "reduced") return settings.taxReduced;
  return 0;
}

/** The discount in minor units, never more than the subtotal. */
export function discountAmount(subtotal: number, discount: Discount | undefined): number {
  if (!discount) return 0;
  const raw = discount.kind === "percent" ? Math.round((subtotal * discount.basisPoints) / 10_000) : discount.amount;
  return Math.min(Math.max(raw, 0), subtotal);
}

/**
 * Shares `amount` across `weights` in proportion, in whole minor units that
 * add up exactly (largest remainder first).
 */
export function allocate(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || amount === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (amount * w) / total);
  const shares = exact.map(Math.floor);
  let left = amount - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

/** The tax in `amount` at `rate` (basis points): inside it when prices include tax, on top of it otherwise. */
function taxOn(amount: number, rate: number, inclusive: boolean): number {
  return inclusive ? Math.round((amount * rate) / (10_000 + rate)) : Math.round((amount * rate) / 10_000);
}

/**
 * Prices a sale: line totals, the order discount spread over the lines in
 * proportion, tax per line at its class's rate (extracted from the price
 * when prices include tax, added on top otherwise), and the total.
 *
 * The delivery fee is priced like the shop's other prices (tax included or
 * not) and taxed like the goods it delivers, as EU VAT treats an ancillary
 * charge: shared over the lines in proportion to their net amounts, each
 * share at its line's rate. With nothing to share it over (every line
 * discounted to zero) it takes the standard rate. Its tax is part of `tax`.
 */
export function priceSale<L extends PricedInput>(
  items: L[],
  settings: TaxSettings,
  options: { discount?: Discount; deliveryFee?: number } = {},
): Priced<Omit<L, "lineDiscount">> {
  const gross = items.map((l) => l.unitPrice * l.quantity);
  const subtotal = gross.reduce((a, b) => a + b, 0);
  // Each line's own discount first (never more than the line), then the order's over what is left, in proportion.
  const own = items.map((l, i) => discountAmount(gross[i] ?? 0, l.lineDiscount));
  const afterOwn = gross.map((g, i) => g - (own[i] ?? 0));
  const orderDiscount = discountAmount(
    afterOwn.reduce((a, b) => a + b, 0),
    options.discount,
  );
  const shares = allocate(orderDiscount, afterOwn);
  const lines = items.map(({ lineDiscount: _, ...item }, i) => {
    const lineDiscount = own[i] ?? 0;
    const discount = lineDiscount + (shares[i] ?? 0);
    const net = (gross[i] ?? 0) - discount;
    const rate = taxRate(settings, item.taxClass);
    const tax = taxOn(net, rate, settings.taxInclusive);
    return { ...item, discount, lineDiscount, taxRate: rate, tax, total: settings.taxInclusive ? net : net + tax };
  });
  const discount = lines.reduce((a, l) => a + l.discount, 0);
  const deliveryFee = options.deliveryFee ?? 0;
  const nets = lines.map((l, i) => (gross[i] ?? 0) - l.discount);
  const feeTax = nets.some((n) => n > 0)
    ? allocate(deliveryFee, nets).reduce((a, share, i) => a + taxOn(share, lines[i]!.taxRate, settings.taxInclusive), 0)
    : taxOn(deliveryFee, settings.taxStandard, settings.taxInclusive);
  const tax = lines.reduce((a, l) => a + l.tax, 0) + feeTax;
  const total = lines.reduce((a, l) => a + l.total, 0) + deliveryFee + (settings.taxInclusive ? 0 : feeTax);
  return { lines, subtotal, discount, tax, deliveryFee, total };
}

/** Does this discount need a manager? (share of the subtotal above the shop's limit) */
export function needsApproval(subtotal: number, discount: number, limitBasisPoints: number): boolean {
  return discount > 0 && discount * 10_000 > subtotal * limitBasisPoints;
}

/** The largest amount an order's money columns hold (PostgreSQL integer, minor units). */
export const MAX_ORDER_AMOUNT = 2_147_483_647;

/** Does any amount of this sale (a line, the subtotal, the total) not fit the order's columns? */
export function tooLargeToRecord(priced: { subtotal: number; total: number; lines: { total: number }[] }): boolean {
  return [priced.subtotal, priced.total, ...priced.lines.map((l) => l.total)].some((a) => !Number.isSafeInteger(a) || a > MAX_ORDER_AMOUNT);
}
