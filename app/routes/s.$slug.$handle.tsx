import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { formatMoney } from "../../server/schemas/money";
import { Badge } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { formatDistance, LocationBar } from "../components/discovery";
import { savedLocation } from "../lib/location.server";
import { load } from "../lib/trpc.server";
import { passRetryAfter } from "../lib/headers";

export const headers = passRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Product not found · Nearshop" }];
  const { product, shop } = data.page;
  const description = (product.description || `${product.title} at ${shop.name}, ${shop.city}.`).slice(0, 160);
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
  return { here, page };
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];

/**
 * The chosen item's stock in words, at the nearest pickup place: "3 left at
 * Corner Bakery, 12 Rue Oberkampf" (never a sum over every size and colour),
 * and where else it is when the nearest has none.
 */
function stockInWords(locations: Page["locations"], index: number): { text: string; tone: "success" | "warning" | "danger" } | null {
  const [nearest] = locations;
  if (!nearest) return null;
  const at = (l: (typeof locations)[number]) => `${l.name}, ${l.addressLine1}${l.distanceKm !== null ? ` (${formatDistance(l.distanceKm)})` : ""}`;
  const n = nearest.stock[index]?.available ?? 0;
  if (n >= 10) return { text: `In stock at ${at(nearest)}`, tone: "success" };
  if (n > 0) return { text: `${n} left at ${at(nearest)}`, tone: "warning" };
  const elsewhere = locations.find((l) => (l.stock[index]?.available ?? 0) > 0);
  return elsewhere
    ? { text: `Out of stock at ${at(nearest)}; ${elsewhere.stock[index]!.available} at ${at(elsewhere)}`, tone: "warning" }
    : { text: "Out of stock", tone: "danger" };
}

/** The product's photos: the chosen one large, every one as a thumbnail to choose; a designed placeholder when there is none. */
function Gallery({ images, title, shopName }: { images: Page["product"]["images"]; title: string; shopName: string }) {
  const [shown, setShown] = useState(0);
  const image = images[shown] ?? images[0];
  if (!image) {
    return (
      <div className="product-placeholder" role="img" aria-label={`${title}: no photo yet`}>
        <span aria-hidden="true">{title.trim().charAt(0).toUpperCase() || "?"}</span>
        <small aria-hidden="true">{shopName}</small>
      </div>
    );
  }
  return (
    <div className="gallery">
      <img src={`/uploads/${image.key}-large.webp`} alt={image.alt || title} width={image.width} height={image.height} className="hero-image" />
      {images.length > 1 ? (
        <ul className="gallery-thumbs" aria-label="Photos">
          {images.map((img, i) => (
            <li key={img.key}>
              <button type="button" className="thumb" aria-pressed={i === shown} aria-label={`Photo ${i + 1} of ${images.length}`} onClick={() => setShown(i)}>
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
  const money = (n: number) => formatMoney(n, shop.currency);
  const onSale = variant?.compareAtPrice && variant.compareAtPrice > variant.price ? variant.compareAtPrice : null;
  const stock = stockInWords(locations, chosen);
  return (
    <main className="discovery">
      <p className="crumbs">
        <Link to={`/s/${shop.slug}`}>{shop.name}</Link>
        {product.category ? ` · ${product.category.path}` : ""}
      </p>
      <h1>{product.title}</h1>
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
                    <span className="visually-hidden">was </span>
                    {money(onSale)}
                  </s>{" "}
                  <Badge tone="danger">Sale −{Math.round(((onSale - variant.price) / onSale) * 100)} %</Badge>
                </>
              ) : null}
            </p>
          ) : null}
          {product.brand ? <p className="muted">{product.brand}</p> : null}
          {product.description ? <p>{product.description}</p> : null}
          {stock ? (
            <p className="stock-words">
              <Badge tone={stock.tone}>{stock.text}</Badge>
            </p>
          ) : null}
          <Form method="post" action={`/s/${shop.slug}/cart`} className="add-to-cart">
            <input type="hidden" name="intent" value="add" />
            {product.variants.length > 1 ? (
              <label>
                Choose{" "}
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
              Quantity <input type="number" name="quantity" min={1} max={9999} defaultValue={1} className="qty" />
            </label>
            <button type="submit">Add to cart</button>
            <Link to="/cart">See cart</Link>
          </Form>
        </div>
      </div>
      <h2>Stock by location</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>{product.options.length ? product.options.map((o) => o.name).join(" / ") : "Item"}</th>
              <th>Price</th>
              {locations.map((l) => (
                <th key={l.id}>
                  {l.name}
                  {l.distanceKm !== null ? <small className="muted"> · {formatDistance(l.distanceKm)}</small> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {product.variants.map((v, i) => (
              <tr key={v.id}>
                <td>{v.optionValues.length ? v.optionValues.join(" / ") : product.title}</td>
                <td>
                  {formatMoney(v.price, shop.currency)}
                  {v.compareAtPrice && v.compareAtPrice > v.price ? <s className="muted"> {formatMoney(v.compareAtPrice, shop.currency)}</s> : null}
                </td>
                {locations.map((l) => {
                  const n = l.stock[i]?.available ?? 0;
                  return <td key={l.id}>{n > 0 ? `${n} in stock` : <span className="muted">Out of stock</span>}</td>;
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
