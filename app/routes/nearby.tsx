import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import leafletStyles from "leaflet/dist/leaflet.css";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useMemo } from "react";
import { formatDistance, LocationBar, PageLinks, useOpenText } from "../components/discovery";
import { translator, useFormat, useT } from "../lib/i18n";
import { searchOrMessage } from "../lib/json.server";
import { z } from "zod";
import { paramsOrInvalid, textParam } from "../lib/url-params";
import { savedLocation } from "../lib/location.server";
import { ShopMap } from "../components/shop-map";
import { mapConfig } from "../lib/map.server";
import { passRetryAfter } from "../lib/headers";

export const headers = passRetryAfter;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = translator(data?.locale ?? "en");
  return [{ title: t("store.nearby.title") }, { name: "description", content: t("store.nearby.description") }];
};

const nearbyParams = z.object({ q: textParam, categoryId: textParam, page: textParam });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  const map = mapConfig();
  const locale = context.locale;
  if (!here) return data({ here, map, result: null, error: null, locale });
  const answer = await searchOrMessage(() => {
    const { q, categoryId, page } = paramsOrInvalid(new URL(request.url), nearbyParams);
    return context.trpc.discovery.shops({ near: { lat: here.lat, lng: here.lng }, radiusKm: here.radiusKm, q: q ?? "", categoryId, page });
  });
  return data({ here, map, result: answer.result, error: answer.error, locale }, { status: answer.status });
}

export default function Nearby() {
  const { here, map, result, error, locale } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const f = useFormat();
  const openText = useOpenText();
  const submit = useSubmit();
  // The same array while the results are the same, so the map is not rebuilt on every render.
  const markers = useMemo(
    () =>
      (result?.hits ?? []).map((s) => ({
        id: s.id,
        name: s.name,
        slug: s.slug,
        lat: s.latitude,
        lng: s.longitude,
        distance: formatDistance(s.distanceKm, locale),
      })),
    [result, locale],
  );
  return (
    <main className="discovery">
      <h1>{t("store.nearby.heading")}</h1>
      <LocationBar here={here} />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {here ? (
        <Form method="get" className="filters" role="search" onChange={(e) => submit(e.currentTarget, { replace: true })}>
          <label className="sr-only" htmlFor="shop-q">
            {t("store.nearby.shopName")}
          </label>
          <input id="shop-q" type="search" name="q" placeholder={t("store.nearby.shopName")} defaultValue={params.get("q") ?? ""} />
          <label className="sr-only" htmlFor="shop-category">
            {t("store.facets.category")}
          </label>
          <select id="shop-category" name="categoryId" defaultValue={params.get("categoryId") ?? ""}>
            <option value="">{t("store.facets.allCategories")}</option>
            {result?.facets.category.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label} ({f.number(c.count)})
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit">{t("store.nearby.filter")}</button>
          </noscript>
        </Form>
      ) : null}
      {result ? (
        result.hits.length ? (
          <>
            <p className="muted">{t("store.nearby.count", { count: result.total })}</p>
            {map && here ? <ShopMap config={map} here={here} shops={markers} /> : null}
            <ul className="cards results">
              {result.hits.map((s) => (
                <li key={s.id} className="card">
                  <Link to={`/s/${s.slug}`}>
                    <strong translate="no">{s.name}</strong>
                  </Link>
                  <span className="muted">
                    <span translate="no">{s.city}</span> · {t("store.nearby.away", { distance: formatDistance(s.distanceKm, locale), count: s.productCount })}
                  </span>
                  {s.open ? <span className={s.open.open ? "open-status open" : "open-status"}>{openText(s.open)}</span> : null}
                </li>
              ))}
            </ul>
            <PageLinks page={result.page} perPage={result.perPage} total={result.total} />
          </>
        ) : (
          <p className="empty">
            {params.get("q")
              ? t("store.nearby.noneCalled", { radius: f.number(here?.radiusKm ?? 0), name: params.get("q") ?? "" })
              : t("store.nearby.none", { radius: f.number(here?.radiusKm ?? 0) })}
          </p>
        )
      ) : null}
    </main>
  );
}
