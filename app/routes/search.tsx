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
import { translator, useT } from "../lib/i18n";

export const headers = passRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator(data?.locale ?? "en");
  return [
    { title: data?.q ? t(data.here ? "store.search.titleNear" : "store.search.titleEverywhere", { q: data.q }) : t("store.search.title") },
    { name: "description", content: t("store.search.description") },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  const params = new URL(request.url).searchParams;
  const q = params.get("q") ?? "";
  // No location yet: words search every shop (the query is kept when a location is set); no words, nothing to list.
  if (!here && !queryWords(q).length) return data({ here, q, result: null, error: null, locale: context.locale }, { status: 200 });
  const answer = await searchOrMessage(() =>
    context.trpc.discovery.products({
      ...productQueryFrom(params),
      ...(here ? { near: { lat: here.lat, lng: here.lng }, radiusKm: here.radiusKm } : {}),
    }),
  );
  const result = answer.result && shownFacets(answer.result, params.get("category"));
  return data({ here, q, result, error: answer.error, locale: context.locale }, { status: answer.status });
}

export default function Search() {
  const { here, result, error } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="discovery">
      <h1>{here ? t("store.search.headingNear") : t("store.search.headingEverywhere")}</h1>
      <LocationBar here={here} />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <ProductSearch results={result} showShop nearby={Boolean(here)} emptyHint={here ? t("store.search.emptyNear") : t("store.search.emptyEverywhere")} />
    </main>
  );
}
