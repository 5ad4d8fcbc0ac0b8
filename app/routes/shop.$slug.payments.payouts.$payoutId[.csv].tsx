import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { load } from "../lib/trpc.server";
import { fromMinor } from "../../server/schemas/money";
import { translator, type WebKey } from "../lib/i18n";

/** The columns in the person's language (as the reports' CSVs), in the order the rows below write them. */
const COLUMNS: WebKey[] = [
  "payments.csv.date",
  "payments.csv.kind",
  "payments.csv.order",
  "payments.csv.currency",
  "payments.csv.amount",
  "payments.csv.fees",
  "payments.csv.net",
  "payments.csv.description",
  "payments.csv.transaction",
];

/**
 * What one payout settled, as CSV: one row per balance transaction with the
 * order it came from. Cells that would run as formulas in a spreadsheet are
 * escaped (csv-stringify's escape_formulas), as in every export.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const payoutId = params.payoutId ?? "";
  const lines = await load(request, () => context.trpc.payments.payout({ shopSlug, payoutId }));
  // Amounts go in as numbers: escape_formulas leaves a number's minus sign
  // alone (a refund's "-5.00" stays a number in the spreadsheet, not the
  // text "'-5.00"), and `cast` writes each with its currency's decimals.
  // Every line of one payout is in the payout's currency (Stripe pays out
  // one balance currency at a time).
  const digits = fromMinor(0, lines[0]?.currency ?? "EUR").split(".")[1]?.length ?? 0;
  const amount = (minor: number, currency: string) => Number(fromMinor(minor, currency));
  const rows = lines.map((l) => [
    l.created.toISOString(),
    l.type,
    l.order ? String(l.order.number) : "",
    l.currency,
    amount(l.amount, l.currency),
    amount(l.fee, l.currency),
    amount(l.net, l.currency),
    l.description ?? "",
    l.id,
  ]);
  const t = translator(context.locale);
  const csv = stringify([COLUMNS.map((key) => t(key)), ...rows], {
    escape_formulas: true,
    cast: { number: (n) => n.toFixed(digits) },
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payout-${payoutId.replace(/[^A-Za-z0-9_]/g, "")}.csv"`,
    },
  });
}
