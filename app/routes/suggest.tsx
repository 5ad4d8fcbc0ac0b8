import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonOrError } from "../lib/json.server";
import { savedLocation } from "../lib/location.server";
import { z } from "zod";
import { paramsOrInvalid, textParam } from "../lib/url-params";

const suggestParams = z.object({ q: textParam, shopId: z.array(z.string()).default([]) });

/** JSON for as-you-type suggestions: GET /suggest?q=cro[&shopId=...] */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  return jsonOrError(
    () => {
      const { q, shopId } = paramsOrInvalid(new URL(request.url), suggestParams);
      return context.trpc.discovery.suggest({
        q: q ?? "",
        near: here ? { lat: here.lat, lng: here.lng } : undefined,
        radiusKm: here?.radiusKm,
        shopIds: shopId,
      });
    },
    { "Cache-Control": "private, max-age=30" },
  );
}
