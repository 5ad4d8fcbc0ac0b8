import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonOrError } from "../lib/json.server";
import { load } from "../lib/trpc.server";
import { z } from "zod";
import { paramsOrInvalid, textParam } from "../lib/url-params";

/** JSON for the till's search box: products by barcode, SKU or name, with stock at the till. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return load(request, () =>
    jsonOrError(() => {
      const { location, q } = paramsOrInvalid(new URL(request.url), z.object({ location: textParam, q: textParam }));
      return context.trpc.pos.lookup({ shopSlug: params.slug ?? "", locationId: location ?? "", q: q ?? "" });
    }),
  );
}
