import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/trpc.server";

/** The rows an import skipped, with why, as a CSV to fix and import again (its header in the person's language). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const report = await load(request, () =>
    context.trpc.imports.errorReport({ shopSlug: params.slug ?? "", importId: params.importId ?? "", locale: context.locale }),
  );
  return new Response(report.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.fileName.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
