import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { load } from "../lib/trpc.server";
import { fromMinor } from "../../server/schemas/money";

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
  const csv = stringify([["date", "kind", "order", "currency", "amount", "fees", "net", "description", "stripe_transaction"], ...rows], {
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
