import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { Badge } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { LocationBar, useDistance } from "../components/discovery";
import { translator, useFormat, useT, type T } from "../lib/i18n";
import { savedLocation } from "../lib/location.server";
import { load } from "../lib/trpc.server";
import { passRetryAfter } from "../lib/headers";

export const headers = passRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: translator("en")("store.product.notFound") }];
  const t = translator(data.locale);
  const { product, shop } = data.page;
  const description = (product.description || t("store.product.description", { product: product.title, shop: shop.name, city: shop.city })).slice(0, 160);
  const image = product.images[0] ? `/uploads/${product.images[0].key}-large.webp` : undefined;
  return [
    { title: `${product.title} · ${shop.name} · Nearshop` },
    { name: "description", content: description },
    { property: "og:title", content: product.title },
    { property: "og:description", content: description },
    { property: "og:type", content: "product" },
    ...(image ? [{ property: "og:image", content: image }] : []),
  ];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const here = await savedLocation(request);
  const page = await load(request, () =>
    context.trpc.discovery.product({ slug: params.slug ?? "", handle: params.handle ?? "", near: here ? { lat: here.lat, lng: here.lng } : undefined }),
  );
  return { here, page, locale: context.locale };
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];

/**
 * The chosen item's stock in words, at the nearest pickup place: "3 left at
 * Corner Bakery, 12 Rue Oberkampf" (never a sum over every size and colour),
 * and where else it is when the nearest has none.
 */
function stockInWords(
  locations: Page["locations"],
  index: number,
  t: T,
  distance: (km: number | null) => string,
): { text: ReactNode; tone: "success" | "warning" | "danger" } | null {
  const [nearest] = locations;
  if (!nearest) return null;
  // The place's name and address are the shop's words: left as written.
  const at = (l: (typeof locations)[number]) => {
    const place = (
      <span translate="no">
        {l.name}, {l.addressLine1}
      </span>
    );
    return l.distanceKm !== null ? t.rich("store.product.placeFar", { place, distance: distance(l.distanceKm) }) : place;
  };
  const n = nearest.stock[index]?.available ?? 0;
  if (n >= 10) return { text: t.rich("store.product.inStockAt", { place: at(nearest) }), tone: "success" };
  if (n > 0) return { text: t.rich("store.product.leftAt", { count: n, place: at(nearest) }), tone: "warning" };
  const elsewhere = locations.find((l) => (l.stock[index]?.available ?? 0) > 0);
  return elsewhere
    ? {
        text: t.rich("store.product.outHereThere", { place: at(nearest), count: elsewhere.stock[index]!.available, other: at(elsewhere) }),
        tone: "warning",
      }
    : { text: t("store.stock.out"), tone: "danger" };
}

/** The product's photos: the chosen one large, every one as a thumbnail to choose; a designed placeholder when there is none. */
function Gallery({ images, title, shopName }: { images: Page["product"]["images"]; title: string; shopName: string }) {
  const [shown, setShown] = useState(0);
  const t = useT();
  const image = images[shown] ?? images[0];
  if (!image) {
    return (
      <div className="product-placeholder" role="img" aria-label={t("store.product.noPhoto", { product: title })}>
        <span aria-hidden="true">{title.trim().charAt(0).toUpperCase() || "?"}</span>
        <small aria-hidden="true" translate="no">
          {shopName}
        </small>
      </div>
    );
  }
  return (
    <div className="gallery">
      <img src={`/uploads/${image.key}-large.webp`} alt={image.alt || title} width={image.width} height={image.height} className="hero-image" />
      {images.length > 1 ? (
        <ul className="gallery-thumbs" aria-label={t("store.product.photos")}>
          {images.map((img, i) => (
            <li key={img.key}>
              <button
                type="button"
                className="thumb"
                aria-pressed={i === shown}
                aria-label={t("store.product.photoOf", { n: i + 1, count: images.length })}
                onClick={() => setShown(i)}
              >
                <img src={`/uploads/${img.key}-thumb.webp`} alt="" width={64} height={64} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export default function PublicProduct() {
  const { here, page } = useLoaderData<typeof loader>();
  const { product, shop, locations } = page;
  const [chosen, setChosen] = useState(0);
  const variant = product.variants[chosen] ?? product.variants[0];
  const t = useT();
  const f = useFormat();
  const distance = useDistance();
  const money = (n: number) => f.money(n, shop.currency);
  const onSale = variant?.compareAtPrice && variant.compareAtPrice > variant.price ? variant.compareAtPrice : null;
  const stock = stockInWords(locations, chosen, t, distance);
  return (
    <main className="discovery">
      <p className="crumbs">
        <Link to={`/s/${shop.slug}`} translate="no">
          {shop.name}
        </Link>
        {product.category ? (
          <>
            {" · "}
            <span translate="no">{product.category.path}</span>
          </>
        ) : null}
      </p>
      <h1 translate="no">{product.title}</h1>
      <LocationBar here={here} />
      <div className="product-page">
        <Gallery images={product.images} title={product.title} shopName={shop.name} />
        <div>
          {variant ? (
            <p className="price">
              {money(variant.price)}
              {onSale ? (
                <>
                  {" "}
                  <s className="muted">
                    <span className="visually-hidden">{t("store.product.was")} </span>
                    {money(onSale)}
                  </s>{" "}
                  <Badge tone="danger">{t("store.product.sale", { percent: f.number(Math.round(((onSale - variant.price) / onSale) * 100)) })}</Badge>
                </>
              ) : null}
            </p>
          ) : null}
          {product.brand ? (
            <p className="muted" translate="no">
              {product.brand}
            </p>
          ) : null}
          {product.description ? <p translate="no">{product.description}</p> : null}
          {stock ? (
            <p className="stock-words">
              <Badge tone={stock.tone}>{stock.text}</Badge>
            </p>
          ) : null}
          <Form method="post" action={`/s/${shop.slug}/cart`} className="add-to-cart">
            <input type="hidden" name="intent" value="add" />
            {product.variants.length > 1 ? (
              <label>
                {t("store.product.choose")}{" "}
                <select name="variantId" value={variant?.id} onChange={(e) => setChosen(Math.max(0, e.currentTarget.selectedIndex))}>
                  {product.variants.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.optionValues.join(" / ")} · {money(v.price)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <input type="hidden" name="variantId" value={product.variants[0]?.id} />
            )}
            <label>
              {t("store.product.quantity")} <input type="number" name="quantity" min={1} max={9999} defaultValue={1} className="qty" />
            </label>
            <button type="submit">{t("store.product.add")}</button>
            <Link to="/cart">{t("store.product.seeCart")}</Link>
          </Form>
        </div>
      </div>
      <h2>{t("store.product.stockByLocation")}</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>{product.options.length ? <span translate="no">{product.options.map((o) => o.name).join(" / ")}</span> : t("store.cart.item")}</th>
              <th>{t("store.facets.price")}</th>
              {locations.map((l) => (
                <th key={l.id}>
                  <span translate="no">{l.name}</span>
                  {l.distanceKm !== null ? <small className="muted"> · {distance(l.distanceKm)}</small> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {product.variants.map((v, i) => (
              <tr key={v.id}>
                <td translate="no">{v.optionValues.length ? v.optionValues.join(" / ") : product.title}</td>
                <td>
                  {money(v.price)}
                  {v.compareAtPrice && v.compareAtPrice > v.price ? <s className="muted"> {money(v.compareAtPrice)}</s> : null}
                </td>
                {locations.map((l) => {
                  const n = l.stock[i]?.available ?? 0;
                  return <td key={l.id}>{n > 0 ? t("store.product.inStockCount", { count: n }) : <span className="muted">{t("store.stock.out")}</span>}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
