import { formatShopTimeNamed } from "../lib/time";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { formatDistance } from "../components/discovery";
import { ProductSearch, productQueryFrom } from "../components/product-search";
import { searchOrMessage } from "../lib/json.server";
import { shownFacets } from "../lib/shown-facets.server";
import { savedLocation } from "../lib/location.server";
import { load } from "../lib/trpc.server";
import { passRetryAfter } from "../lib/headers";

export const headers = passRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Shop not found · Nearshop" }];
  const { shop } = data.page;
  const description = `${shop.name}, ${shop.addressLine1}, ${shop.city}. See what is in stock and order for pickup.`;
  return [
    { title: `${shop.name} · ${shop.city} · Nearshop` },
    { name: "description", content: description },
    { property: "og:title", content: shop.name },
    { property: "og:description", content: description },
    { property: "og:type", content: "business.business" },
  ];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  const near = here ? { lat: here.lat, lng: here.lng } : undefined;
  const page = await load(request, () => context.trpc.discovery.shop({ slug: params.slug ?? "", near }));
  const search = new URL(request.url).searchParams;
  const answer = await searchOrMessage(() => context.trpc.discovery.products({ ...productQueryFrom(search), shopIds: [page.shop.id], near }));
  const result = answer.result && shownFacets(answer.result, search.get("category"));
  return data({ page, result, error: answer.error }, { status: answer.status });
}

export default function PublicShop() {
  const { page, result, error } = useLoaderData<typeof loader>();
  const { shop, locations, distanceKm, openText } = page;
  return (
    <main className="discovery">
      <h1>{shop.name}</h1>
      <p className="muted">
        {shop.addressLine1}, {shop.postalCode} {shop.city}
        {distanceKm !== null ? ` · ${formatDistance(distanceKm)} from you` : ""}
        {shop.phone ? ` · ${shop.phone}` : ""}
      </p>
      {openText ? <p className={openText.startsWith("Open") ? "open-status open" : "open-status"}>{openText}</p> : null}
      {locations.length ? (
        <section aria-labelledby="pickup-places">
          <h2 id="pickup-places">Pick up at</h2>
          <ul className="plain-list">
            {locations.map((l) => (
              <li key={l.id}>
                <strong>{l.name}</strong>, {l.addressLine1}, {l.city}
                {l.openText ? ` · ${l.openText}` : ""}
                {l.paused ? (
                  <p className="paused-notice" role="status">
                    Not taking online orders until {formatShopTimeNamed(l.paused.until, shop.timezone)}
                    {l.paused.note ? `: ${l.paused.note}` : "."}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <ProductSearch results={result} showShop={false} shopId={shop.id} emptyHint="This shop has nothing matching that yet." />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
