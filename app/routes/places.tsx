import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonOrError } from "../lib/json.server";

/** JSON for the location typeahead: GET /places?q=par */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  return jsonOrError(() => context.trpc.discovery.places({ q }), { "Cache-Control": "public, max-age=3600" });
}
