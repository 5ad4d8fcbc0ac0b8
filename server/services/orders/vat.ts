/** One VAT rate's share of a sale or a refund: net, tax and gross in minor units. */
export type VatRow = { rate: number; net: number; tax: number; gross: number };

type Line = { taxRate: number; tax: number; total: number; quantity: number };

/**
 * The sale's tax per rate, as a receipt prints it. A line's `total` is what
 * the customer pays for it (tax inside when prices include tax, added on
 * top otherwise), so gross is its total and net is gross minus tax.
 * `share` takes part of each line (a return of some of its units): the
 * line's amounts in proportion, rounded to whole minor units.
 */
export function vatByRate(lines: readonly Line[], share: (line: Line, index: number) => number = (l) => l.quantity): VatRow[] {
  const rows = new Map<number, VatRow>();
  lines.forEach((line, i) => {
    const units = share(line, i);
    if (units <= 0 || line.quantity <= 0) return;
    const part = (n: number) => Math.round((n * Math.min(units, line.quantity)) / line.quantity);
    const gross = part(line.total);
    const tax = part(line.tax);
    const row = rows.get(line.taxRate) ?? { rate: line.taxRate, net: 0, tax: 0, gross: 0 };
    row.gross += gross;
    row.tax += tax;
    row.net += gross - tax;
    rows.set(line.taxRate, row);
  });
  return [...rows.values()].sort((a, b) => b.rate - a.rate);
}

/** 2000 → "20 %", 550 → "5.5 %". */
export function formatRate(basisPoints: number): string {
  return `${(basisPoints / 100).toLocaleString("en-GB", { maximumFractionDigits: 2 })} %`;
}
