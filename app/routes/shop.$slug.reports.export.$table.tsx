import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify";
import { load } from "../lib/trpc.server";
import { requireParams } from "../lib/url-params";
import { periodSchema, type ExportTable } from "../../server/schemas/reports";

/**
 * A dashboard table as a CSV download, streamed row by row through
 * csv-stringify (quoting, a BOM so spreadsheet apps read UTF-8).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Only the period's own fields (period, from, to); an empty one is not set.
  const period = requireParams(request, periodSchema);
  const table = await load(request, () => context.trpc.reports.export({ shopSlug: params.slug ?? "", table: (params.table ?? "") as ExportTable, ...period }));
  const csv = stringify({ header: true, columns: table.header, bom: true, escape_formulas: true });
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
