import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { parseForm, readForm } from "../lib/forms";
import { redirectWithToast } from "../lib/toast.server";
import { toResponse } from "../lib/trpc.server";
import { checkbox } from "../../server/schemas/form-fields";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { useDistance, useOpenText } from "../components/discovery";
import { translator, useFormat, useT } from "../lib/i18n";
import { ProductSearch, productQueryFrom } from "../components/product-search";
import { searchOrMessage } from "../lib/json.server";
import { shownFacets } from "../lib/shown-facets.server";
import { savedLocation } from "../lib/location.server";
import { load } from "../lib/trpc.server";
import { passRetryAfter } from "../lib/headers";

export const headers = passRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: translator("en")("store.shop.notFound") }];
  const t = translator(data.locale);
  const { shop } = data.page;
  const description = t("store.shop.description", { shop: shop.name, address: shop.addressLine1, city: shop.city });
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
  // Signed in: is this shop among their favourites (the heart's state)?
  const favourite = context.user ? await context.trpc.shopper.isFavourite({ shopSlug: page.shop.slug }) : null;
  return data({ page, result, error: answer.error, favourite, nearby: Boolean(here), locale: context.locale }, { status: answer.status });
}

const favouriteForm = z.object({ on: checkbox });

/** The heart: add to or remove from the signed-in customer's favourite shops. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const form = await readForm(request);
  if (!context.user) throw redirect(`/login?next=${encodeURIComponent(`/s/${slug}`)}`);
  const t = translator(context.locale);
  try {
    const { on } = parseForm(form, favouriteForm);
    const done = await context.trpc.shopper.setFavourite({ shopSlug: slug, on });
    return redirectWithToast(
      `/s/${slug}`,
      done.favourite ? t("store.shop.favouriteOn", { shop: done.shop }) : t("store.shop.favouriteOff", { shop: done.shop }),
    );
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function PublicShop() {
  const { page, result, error, favourite, nearby } = useLoaderData<typeof loader>();
  const { shop, locations, distanceKm, open } = page;
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const f = useFormat();
  const distance = useDistance();
  const openText = useOpenText();
  return (
    <main className="discovery">
      {shop.coverKey ? <img className="shop-cover" src={`/uploads/${shop.coverKey}-cover.webp`} alt="" width={1600} height={500} /> : null}
      <div className="shop-title">
        {shop.logoKey ? (
          <img className="shop-logo" src={`/uploads/${shop.logoKey}-logo.webp`} alt={t("store.shop.logo", { shop: shop.name })} width={72} height={72} />
        ) : (
          <span className="shop-logo shop-logo-placeholder" aria-hidden="true">
            {initials(shop.name)}
          </span>
        )}
        <h1 translate="no">{shop.name}</h1>
        {favourite === null ? (
          <Link to={`/login?next=${encodeURIComponent(`/s/${shop.slug}`)}`} className="button secondary">
            ♡ {t("store.shop.save")}
          </Link>
        ) : (
          <Form method="post">
            {favourite ? null : <input type="hidden" name="on" value="on" />}
            <button type="submit" className="secondary" aria-pressed={favourite} disabled={busy}>
              {favourite ? `♥ ${t("store.shop.saved")}` : `♡ ${t("store.shop.save")}`}
            </button>
          </Form>
        )}
      </div>
      <p className="muted">
        <span translate="no">
          {shop.addressLine1}, {shop.postalCode} {shop.city}
        </span>
        {distanceKm !== null ? ` · ${t("store.shop.fromYou", { distance: distance(distanceKm) })}` : ""}
      </p>
      {shop.phone || shop.email ? (
        <p className="shop-contact">
          {shop.phone ? <a href={`tel:${shop.phone.replace(/[^\d+]/g, "")}`}>{shop.phone}</a> : null}
          {shop.email ? <a href={`mailto:${shop.email}`}>{shop.email}</a> : null}
        </p>
      ) : null}
      {shop.description ? (
        <div className="shop-about" translate="no">
          {shop.description.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      ) : null}
      {open ? <p className={open.open ? "open-status open" : "open-status"}>{openText(open)}</p> : null}
      {locations.length ? (
        <section aria-labelledby="pickup-places">
          <h2 id="pickup-places">{t("store.shop.pickUpAt")}</h2>
          <ul className="plain-list">
            {locations.map((l) => (
              <li key={l.id}>
                <strong translate="no">{l.name}</strong>,{" "}
                <span translate="no">
                  {l.addressLine1}, {l.city}
                </span>
                {l.open ? ` · ${openText(l.open)}` : ""}
                {l.paused ? (
                  <p className="paused-notice" role="status">
                    {l.paused.note
                      ? t.rich("store.shop.pausedNote", {
                          until: f.dateTimeNamed(l.paused.until, shop.timezone),
                          note: <span translate="no">{l.paused.note}</span>,
                        })
                      : t("store.shop.paused", { until: f.dateTimeNamed(l.paused.until, shop.timezone) })}
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
      <ProductSearch results={result} showShop={false} shopId={shop.id} nearby={nearby} emptyHint={t("store.shop.empty")} />
    </main>
  );
}

/** Up to two letters for a shop without a logo: "Corner Bakery" → "CB". */
function initials(name: string) {
  const words = name.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  return (words.length > 1 ? words[0]!.charAt(0) + words[1]!.charAt(0) : (words[0] ?? "?").slice(0, 2)).toUpperCase();
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
