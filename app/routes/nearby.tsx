import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import leafletStyles from "leaflet/dist/leaflet.css";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useMemo } from "react";
import { formatDistance, LocationBar, PageLinks } from "../components/discovery";
import { searchOrMessage } from "../lib/json.server";
import { z } from "zod";
import { paramsOrInvalid, textParam } from "../lib/url-params";
import { savedLocation } from "../lib/location.server";
import { ShopMap } from "../components/shop-map";
import { mapConfig } from "../lib/map.server";
import { passRetryAfter } from "../lib/headers";

export const headers = passRetryAfter;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction = () => [
  { title: "Shops near you · Nearshop" },
  { name: "description", content: "Independent shops near you, nearest first." },
];

const nearbyParams = z.object({ q: textParam, categoryId: textParam, page: textParam });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  const map = mapConfig();
  if (!here) return data({ here, map, result: null, error: null });
  const answer = await searchOrMessage(() => {
    const { q, categoryId, page } = paramsOrInvalid(new URL(request.url), nearbyParams);
    return context.trpc.discovery.shops({ near: { lat: here.lat, lng: here.lng }, radiusKm: here.radiusKm, q: q ?? "", categoryId, page });
  });
  return data({ here, map, result: answer.result, error: answer.error }, { status: answer.status });
}

export default function Nearby() {
  const { here, map, result, error } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  // The same array while the results are the same, so the map is not rebuilt on every render.
  const markers = useMemo(
    () =>
      (result?.hits ?? []).map((s) => ({ id: s.id, name: s.name, slug: s.slug, lat: s.latitude, lng: s.longitude, distance: formatDistance(s.distanceKm) })),
    [result],
  );
  return (
    <main className="discovery">
      <h1>Shops near you</h1>
      <LocationBar here={here} />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {here ? (
        <Form method="get" className="filters" role="search" onChange={(e) => submit(e.currentTarget, { replace: true })}>
          <label className="sr-only" htmlFor="shop-q">
            Shop name
          </label>
          <input id="shop-q" type="search" name="q" placeholder="Shop name" defaultValue={params.get("q") ?? ""} />
          <label className="sr-only" htmlFor="shop-category">
            Category
          </label>
          <select id="shop-category" name="categoryId" defaultValue={params.get("categoryId") ?? ""}>
            <option value="">All categories</option>
            {result?.facets.category.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label} ({c.count})
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit">Filter</button>
          </noscript>
        </Form>
      ) : null}
      {result ? (
        result.hits.length ? (
          <>
            <p className="muted">
              {result.total} {result.total === 1 ? "shop" : "shops"}, nearest first
            </p>
            {map && here ? <ShopMap config={map} here={here} shops={markers} /> : null}
            <ul className="cards results">
              {result.hits.map((s) => (
                <li key={s.id} className="card">
                  <Link to={`/s/${s.slug}`}>
                    <strong>{s.name}</strong>
                  </Link>
                  <span className="muted">
                    {s.city} · {formatDistance(s.distanceKm)} away · {s.productCount} {s.productCount === 1 ? "product" : "products"}
                  </span>
                  {s.openText ? <span className={s.openText.startsWith("Open") ? "open-status open" : "open-status"}>{s.openText}</span> : null}
                </li>
              ))}
            </ul>
            <PageLinks page={result.page} perPage={result.perPage} total={result.total} />
          </>
        ) : (
          <p className="empty">
            No shops within {here?.radiusKm} km{params.get("q") ? ` called “${params.get("q")}”` : ""}. Try a wider radius or another place.
          </p>
        )
      ) : null}
    </main>
  );
}
