import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LocationBar } from "../components/discovery";
import { ProductSearch, productQueryFrom } from "../components/product-search";
import { searchOrMessage } from "../lib/json.server";
import { shownFacets } from "../lib/shown-facets.server";
import { savedLocation } from "../lib/location.server";
import { passRetryAfter } from "../lib/headers";
import { queryWords } from "../../server/services/search/words";

export const headers = passRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.q ? `${data.q} ${data.here ? "near you" : "in every shop"} · Nearshop` : "Search products near you · Nearshop" },
  { name: "description", content: "Find products in stock at independent shops near you." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  const params = new URL(request.url).searchParams;
  const q = params.get("q") ?? "";
  // No location yet: words search every shop (the query is kept when a location is set); no words, nothing to list.
  if (!here && !queryWords(q).length) return data({ here, q, result: null, error: null }, { status: 200 });
  const answer = await searchOrMessage(() =>
    context.trpc.discovery.products({
      ...productQueryFrom(params),
      ...(here ? { near: { lat: here.lat, lng: here.lng }, radiusKm: here.radiusKm } : {}),
    }),
  );
  const result = answer.result && shownFacets(answer.result, params.get("category"));
  return data({ here, q, result, error: answer.error }, { status: answer.status });
}

export default function Search() {
  const { here, result, error } = useLoaderData<typeof loader>();
  return (
    <main className="discovery">
      <h1>{here ? "Search shops near you" : "Search every shop"}</h1>
      <LocationBar here={here} />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <ProductSearch
        results={result}
        showShop
        nearby={Boolean(here)}
        emptyHint={
          here
            ? "Nothing found near you. Check the spelling, remove a filter, or widen the radius."
            : "Nothing found in any shop. Check the spelling or remove a filter."
        }
      />
    </main>
  );
}
