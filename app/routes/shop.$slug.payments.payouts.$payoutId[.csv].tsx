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
  const rows = lines.map((l) => [
    l.created.toISOString(),
    l.type,
    l.order ? String(l.order.number) : "",
    l.currency,
    fromMinor(l.amount, l.currency),
    fromMinor(l.fee, l.currency),
    fromMinor(l.net, l.currency),
    l.description ?? "",
    l.id,
  ]);
  const csv = stringify([["date", "kind", "order", "currency", "amount", "fees", "net", "description", "stripe_transaction"], ...rows], {
    escape_formulas: true,
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payout-${payoutId.replace(/[^A-Za-z0-9_]/g, "")}.csv"`,
    },
  });
}
