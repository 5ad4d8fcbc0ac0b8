import { Form, Link, useFetcher, useSearchParams, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { PRODUCT_SORTS, productSearchSchema } from "../../server/schemas/search";
import { paramsOrInvalid, textParam } from "../lib/url-params";
import type { ProductResults } from "../../server/services/search/types";
import { formatDistance, PageLinks, priceRange } from "./discovery";

/** Reads the product search of a results page from its URL. */
const searchParams = z.object({
  q: textParam,
  category: textParam,
  brand: productSearchSchema.shape.brands,
  price: productSearchSchema.shape.priceBands,
  shop: productSearchSchema.shape.shopIds,
  attr: productSearchSchema.shape.attributes,
  instock: textParam,
  sort: productSearchSchema.shape.sort.unwrap().optional(),
  page: textParam,
});
export function productQueryFrom(params: URLSearchParams) {
  const p = paramsOrInvalid(params, searchParams, { price: "Price", sort: "Sort", shop: "Shop" });
  return {
    q: p.q ?? "",
    categoryId: p.category,
    brands: p.brand,
    priceBands: p.price,
    shopIds: p.shop,
    attributes: p.attr,
    inStock: p.instock === "1",
    sort: p.sort,
    page: p.page,
  };
}

const SORT_LABELS: Record<(typeof PRODUCT_SORTS)[number], string> = {
  relevance: "Best match",
  distance: "Nearest",
  price: "Price, low to high",
  "-price": "Price, high to low",
};

function useToggle() {
  const [params] = useSearchParams();
  return (name: string, value: string, single = false) => {
    const p = new URLSearchParams(params);
    p.delete("page");
    const on = p.getAll(name).includes(value);
    if (single) {
      if (on) p.delete(name);
      else p.set(name, value);
    } else {
      const rest = p.getAll(name).filter((v) => v !== value);
      p.delete(name);
      for (const v of on ? rest : [...rest, value]) p.append(name, v);
    }
    return { to: `?${p}`, on };
  };
}

function FacetList({
  title,
  name,
  values,
  single,
}: {
  title: string;
  name: string;
  values: { value: string; label: string; count: number }[];
  single?: boolean;
}) {
  const toggle = useToggle();
  if (!values.length) return null;
  return (
    <section className="facet" aria-label={title}>
      <h2>{title}</h2>
      <ul>
        {values.map((v) => {
          const t = toggle(name, v.value, single);
          return (
            <li key={v.value}>
              <Link to={t.to} replace aria-pressed={t.on} className={t.on ? "on" : undefined} preventScrollReset>
                <span aria-hidden>{t.on ? "☑" : "☐"}</span> {v.label} <span className="muted">({v.count})</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Search box with as-you-type suggestions, sort, facets and results. */
export function ProductSearch({
  results,
  showShop,
  shopId,
  emptyHint,
  nearby = true,
}: {
  results: ProductResults | null;
  showShop: boolean;
  shopId?: string;
  emptyHint: string;
  /** False when searching every shop (no location): nothing is "near you". */
  nearby?: boolean;
}) {
  const [params] = useSearchParams();
  const submit = useSubmit();
  const suggestions = useFetcher<string[] | { error: string }>();
  const toggle = useToggle();
  const selectedCategory = params.get("category");
  const categories = results?.facets.category ?? [];
  const shownCategories = categories.filter((c) => (selectedCategory ? c.parentId === selectedCategory : c.depth === 0));
  const current = categories.find((c) => c.value === selectedCategory);
  const options = Array.isArray(suggestions.data) ? suggestions.data : [];
  return (
    <>
      <Form method="get" className="search-box" role="search">
        {[...params]
          .filter(([k]) => !["q", "page", "sort"].includes(k))
          .map(([k, v], i) => (
            <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
          ))}
        <label className="sr-only" htmlFor="q">
          Search products
        </label>
        <input
          id="q"
          type="search"
          name="q"
          list="q-suggestions"
          autoComplete="off"
          placeholder="Search products"
          defaultValue={params.get("q") ?? ""}
          onChange={(e) => {
            const q = e.currentTarget.value.trim();
            if (q.length >= 2) suggestions.load(`/suggest?q=${encodeURIComponent(q)}${shopId ? `&shopId=${shopId}` : ""}`);
          }}
        />
        <datalist id="q-suggestions">
          {options.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <label className="sr-only" htmlFor="sort">
          Sort
        </label>
        <select id="sort" name="sort" defaultValue={params.get("sort") ?? "relevance"} onChange={(e) => submit(e.currentTarget.form, { replace: true })}>
          {PRODUCT_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <button type="submit">Search</button>
      </Form>
      {results?.correctedQuery ? (
        <p className="muted">
          Showing results for <strong>{results.correctedQuery}</strong>
        </p>
      ) : null}
      {results ? (
        <div className="results-layout">
          <aside className="facets">
            <section className="facet" aria-label="Category">
              <h2>Category</h2>
              {current ? (
                <p>
                  <Link to={toggle("category", current.value, true).to} replace>
                    ‹ All categories
                  </Link>{" "}
                  · <strong>{current.label}</strong> ({current.count})
                </p>
              ) : null}
              <ul>
                {shownCategories.map((c) => (
                  <li key={c.value}>
                    <Link to={toggle("category", c.value, true).to} replace preventScrollReset>
                      {c.label} <span className="muted">({c.count})</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
            <section className="facet" aria-label="Availability">
              <h2>Availability</h2>
              <Link to={toggle("instock", "1", true).to} replace aria-pressed={params.get("instock") === "1"} preventScrollReset>
                <span aria-hidden>{params.get("instock") === "1" ? "☑" : "☐"}</span> {nearby ? "In stock near you" : "In stock"}{" "}
                <span className="muted">({results.facets.inStock})</span>
              </Link>
            </section>
            <FacetList title="Price" name="price" values={results.facets.priceBand} />
            <FacetList title="Brand" name="brand" values={results.facets.brand} />
            {showShop ? <FacetList title="Shop" name="shop" values={results.facets.shop} /> : null}
            <FacetList title="Options" name="attr" values={results.facets.attributes} />
          </aside>
          <section aria-label="Results">
            <p className="muted">
              {results.total} {results.total === 1 ? "product" : "products"}
            </p>
            {results.hits.length ? (
              <ul className="cards results">
                {results.hits.map((h) => (
                  <li key={h.id} className="card result">
                    {h.thumb ? <img src={`/uploads/${h.thumb}-thumb.webp`} alt="" width={64} height={64} className="thumb" /> : null}
                    <div>
                      <Link to={`/s/${h.shop.slug}/${h.handle}`}>
                        <strong>{h.title}</strong>
                      </Link>
                      {h.brand ? <span className="muted"> · {h.brand}</span> : null}
                      <div>{priceRange(h.minPrice, h.maxPrice, h.currency)}</div>
                      <div className="muted">
                        {h.shop.name}
                        {h.distanceKm !== null ? ` · ${formatDistance(h.distanceKm)}` : ""} ·{" "}
                        {h.inStock ? <span className="badge">In stock</span> : <span className="badge out">Out of stock</span>}
                      </div>
                      {h.shop.openText ? <div className="muted">{h.shop.openText}</div> : null}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="empty">{emptyHint}</p>
            )}
            <PageLinks page={results.page} perPage={results.perPage} total={results.total} />
          </section>
        </div>
      ) : null}
    </>
  );
}
