import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonOrError } from "../lib/json.server";
import { savedLocation } from "../lib/location.server";

/** JSON for as-you-type suggestions: GET /suggest?q=cro[&shopId=...] */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const here = await savedLocation(request);
  return jsonOrError(
    () =>
      context.trpc.discovery.suggest({
        q: params.get("q") ?? "",
        near: here ? { lat: here.lat, lng: here.lng } : undefined,
        radiusKm: here?.radiusKm,
        shopIds: params.getAll("shopId"),
      }),
    { "Cache-Control": "private, max-age=30" },
  );
}
