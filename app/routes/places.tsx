import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonOrError } from "../lib/json.server";
import { z } from "zod";
import { paramsOrInvalid, textParam } from "../lib/url-params";

/** JSON for the location typeahead: GET /places?q=par */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return jsonOrError(() => context.trpc.discovery.places({ q: paramsOrInvalid(new URL(request.url), z.object({ q: textParam })).q ?? "" }), {
    "Cache-Control": "public, max-age=3600",
  });
}
