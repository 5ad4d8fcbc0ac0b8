import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { periodSchema, type ExportTable } from "../../server/schemas/reports";
import { translator, type WebKey } from "../lib/i18n";

/**
 * Each table's columns in the person's language, in the order
 * server/services/reports/export.ts writes them; "{unit}" is the currency or
 * zone that export puts in brackets ("revenue (EUR)").
 */
const COLUMNS: Record<ExportTable, WebKey[]> = {
  products: ["reports.csv.product", "reports.csv.unitsSold", "reports.csv.revenue"],
  "low-stock": ["reports.csv.sku", "reports.csv.product", "reports.csv.location", "reports.csv.available", "reports.csv.threshold"],
  daily: ["reports.csv.day", "reports.csv.orders", "reports.csv.revenue"],
  hourly: ["reports.csv.hour", "reports.csv.orders", "reports.csv.revenue"],
  payments: ["reports.csv.method", "reports.csv.payments", "reports.csv.amount"],
  channels: ["reports.csv.channel", "reports.csv.orders", "reports.csv.revenue"],
  locations: ["reports.csv.location", "reports.csv.orders", "reports.csv.revenue"],
  staff: ["reports.csv.staff", "reports.csv.orders", "reports.csv.revenue"],
};

/**
 * A dashboard table as a CSV download, streamed row by row through
 * csv-stringify (quoting, a BOM so spreadsheet apps read UTF-8).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Only the period's own fields (period, from, to); an empty one is not set.
  const period = requireParams(request, periodSchema);
  const table = await load(request, () => context.trpc.reports.export({ shopSlug: params.slug ?? "", table: (params.table ?? "") as ExportTable, ...period }));
  const t = translator(context.locale);
  const keys = COLUMNS[(params.table ?? "") as ExportTable] as WebKey[] | undefined;
  // A column this list does not know (the export grew one) keeps the export's own name.
  const header = table.header.map((h, i) => {
    const key = keys?.length === table.header.length ? keys[i] : undefined;
    return key ? t(key, { unit: /\(([^)]*)\)$/.exec(h)?.[1] ?? "" }) : h;
  });
  const csv = stringify({ header: true, columns: header, bom: true, escape_formulas: true });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder();
      csv.on("data", (chunk: Buffer | string) => controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk)));
      csv.on("end", () => controller.close());
      csv.on("error", (error) => controller.error(error));
      void (async () => {
        for (const row of table.rows) {
          // Respect back-pressure: wait for the stream to drain when its buffer is full.
          if (!csv.write(row)) await new Promise((resolve) => csv.once("drain", resolve));
        }
        csv.end();
      })();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${table.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
