import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { load } from "../lib/trpc.server";
import { columnIn } from "../../server/services/imports/format";

/**
 * A cell starting with = + - @ (or a tab or carriage return) would run as a
 * formula in a spreadsheet: csv-stringify prefixes it with a quote. The
 * import takes that quote off again, so an exported file goes back in as it was.
 */
const CSV_OPTIONS = { escape_formulas: true };

/**
 * The catalog with stock as CSV, streamed page by page (1,000 variants per
 * page), so a large catalog starts downloading at once and never sits in
 * memory whole. The columns are the import's, named in the person's
 * language (the import reads French and English names), so the file can go back in.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const first = await load(request, () => context.trpc.catalog.exportPage({ shopSlug }));
  const encoder = new TextEncoder();
  let after = first.next;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([first.header.map((h) => columnIn(context.locale, h)), ...first.rows], CSV_OPTIONS)));
      if (!after) controller.close();
    },
    async pull(controller) {
      if (!after) return;
      try {
        const page = await context.trpc.catalog.exportPage({ shopSlug, after });
        controller.enqueue(encoder.encode(stringify(page.rows, CSV_OPTIONS)));
        after = page.next;
        if (!after) controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
    cancel() {
      after = undefined;
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${shopSlug}-catalog-${date}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
