import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatMoney } from "../../server/schemas/money";
import { Badge } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { formatDistance, LocationBar, priceRange } from "../components/discovery";
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

export default function PublicProduct() {
  const { here, page } = useLoaderData<typeof loader>();
  const { product, shop, locations } = page;
  const prices = product.variants.map((v) => v.price);
  const nearest = locations[0];
  return (
    <main className="discovery">
      <p className="crumbs">
        <Link to={`/s/${shop.slug}`}>{shop.name}</Link>
        {product.category ? ` · ${product.category.path}` : ""}
      </p>
      <h1>{product.title}</h1>
      <LocationBar here={here} />
      <div className="product-page">
        {product.images[0] ? (
          <img
            src={`/uploads/${product.images[0].key}-large.webp`}
            alt={product.images[0].alt || product.title}
            width={product.images[0].width}
            height={product.images[0].height}
            className="hero-image"
          />
        ) : null}
        <div>
          <p className="price">{priceRange(Math.min(...prices), Math.max(...prices), shop.currency)}</p>
          {product.brand ? <p className="muted">{product.brand}</p> : null}
          {product.description ? <p>{product.description}</p> : null}
          {nearest ? (
            <p>
              Nearest: <strong>{nearest.name}</strong>, {nearest.addressLine1}, {nearest.city}
              {nearest.distanceKm !== null ? ` (${formatDistance(nearest.distanceKm)})` : ""}:{" "}
              {nearest.stock.reduce((n, s) => n + s.available, 0) > 0 ? (
                <Badge tone="success">{nearest.stock.reduce((n, s) => n + s.available, 0)} in stock</Badge>
              ) : (
                <Badge tone="danger">Out of stock here</Badge>
              )}
            </p>
          ) : null}
          <Form method="post" action={`/s/${shop.slug}/cart`} className="add-to-cart">
            <input type="hidden" name="intent" value="add" />
            {product.variants.length > 1 ? (
              <label>
                Choose{" "}
                <select name="variantId">
                  {product.variants.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.optionValues.join(" / ")} · {formatMoney(v.price, shop.currency)}
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
