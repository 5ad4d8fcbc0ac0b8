import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonOrError } from "../lib/json.server";
import { load } from "../lib/trpc.server";

/** JSON for the till's search box: products by barcode, SKU or name, with stock at the till. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const input = { shopSlug: params.slug ?? "", locationId: url.searchParams.get("location") ?? "", q: url.searchParams.get("q") ?? "" };
  return load(request, () => jsonOrError(() => context.trpc.pos.lookup(input)));
}
