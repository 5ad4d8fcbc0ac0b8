import { Form, Link, useFetcher, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { attributeLabel, priceBandLabel, soleCurrency } from "../lib/facet-labels";
import { PRODUCT_SORTS, productSearchSchema } from "../../server/schemas/search";
import { paramsOrInvalid, textParam } from "../lib/url-params";
import type { ProductResults } from "../../server/services/search/types";
import { PageLinks, priceRange, useDistance, useOpenText } from "./discovery";
import { useFormat, useT, type WebKey } from "../lib/i18n";

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

const SORT_LABELS: Record<(typeof PRODUCT_SORTS)[number], WebKey> = {
  relevance: "store.sort.relevance",
  distance: "store.sort.distance",
  price: "store.sort.priceUp",
  "-price": "store.sort.priceDown",
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

/** The facets ticked with checkboxes: the form carries every other parameter as it is. */
const CHECKBOX_FILTERS = ["brand", "price", "shop", "attr", "instock", "page"];

function FacetChecks({
  title,
  name,
  values,
  chosen,
  written = false,
}: {
  title: string;
  name: string;
  values: { value: string; label: string; count: number }[];
  chosen: string[];
  /** The labels are the shops' own words (brands, shop names, options): left as written. */
  written?: boolean;
}) {
  const f = useFormat();
  if (!values.length) return null;
  return (
    <section className="facet" aria-label={title}>
      <h2>{title}</h2>
      <ul role="group" aria-label={title}>
        {values.map((v) => {
          const on = chosen.includes(v.value);
          return (
            <li key={`${v.value}-${on}`}>
              <label className={on ? "on" : undefined}>
                <input type="checkbox" name={name} value={v.value} defaultChecked={on} /> <span translate={written ? "no" : undefined}>{v.label}</span>{" "}
                <span className="muted">({f.number(v.count)})</span>
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The title's first letter on a tinted tile, as on the product page, for a product without a photo. */
function CardImage({ title, thumb }: { title: string; thumb: string | null }) {
  if (thumb) return <img src={`/uploads/${thumb}-thumb.webp`} alt="" width={320} height={240} loading="lazy" className="product-card-photo" />;
  return (
    <div className="product-placeholder product-card-photo" aria-hidden>
      <span>{Array.from(title.trim())[0]?.toUpperCase() ?? "?"}</span>
    </div>
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
  const t = useT();
  const f = useFormat();
  const distance = useDistance();
  const openText = useOpenText();
  const submit = useSubmit();
  const suggestions = useFetcher<string[] | { error: string }>();
  const toggle = useToggle();
  const selectedCategory = params.get("category");
  const categories = results?.facets.category ?? [];
  const shownCategories = categories.filter((c) => (selectedCategory ? c.parentId === selectedCategory : c.depth === 0));
  const current = categories.find((c) => c.value === selectedCategory);
  const options = Array.isArray(suggestions.data) ? suggestions.data : [];
  const currency = results ? soleCurrency(results.hits) : null;
  const chosenCount = CHECKBOX_FILTERS.filter((k) => k !== "page").reduce((n, k) => n + params.getAll(k).length, 0);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <>
      <Form method="get" className="search-box" role="search">
        {[...params]
          .filter(([k]) => !["q", "page", "sort"].includes(k))
          .map(([k, v], i) => (
            <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
          ))}
        <label className="sr-only" htmlFor="q">
          {t("store.search.label")}
        </label>
        <input
          id="q"
          type="search"
          name="q"
          list="q-suggestions"
          autoComplete="off"
          placeholder={t("store.search.label")}
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
          {t("store.sort.label")}
        </label>
        <select id="sort" name="sort" defaultValue={params.get("sort") ?? "relevance"} onChange={(e) => submit(e.currentTarget.form, { replace: true })}>
          {PRODUCT_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(SORT_LABELS[s])}
            </option>
          ))}
        </select>
        <button type="submit">{t("common.nav.search")}</button>
      </Form>
      {results?.correctedQuery ? (
        <p className="muted">{t.rich("store.search.corrected", { query: <strong translate="no">{results.correctedQuery}</strong> })}</p>
      ) : null}
      {results ? (
        <div className="results-layout">
          <details className="filters">
            <summary>{t("store.facets.summary", { count: chosenCount })}</summary>
            <Form
              method="get"
              className="facets"
              replace
              preventScrollReset
              onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
            >
              {[...params]
                .filter(([k]) => !CHECKBOX_FILTERS.includes(k))
                .map(([k, v], i) => (
                  <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
                ))}
              {current || shownCategories.length ? (
                <section className="facet" aria-label={t("store.facets.category")}>
                  <h2>{t("store.facets.category")}</h2>
                  {current ? (
                    <p>
                      <Link to={toggle("category", current.value, true).to} replace>
                        ‹ {t("store.facets.allCategories")}
                      </Link>{" "}
                      · <strong translate="no">{current.label}</strong> ({f.number(current.count)})
                    </p>
                  ) : null}
                  <ul>
                    {shownCategories.map((c) => (
                      <li key={c.value}>
                        <Link to={toggle("category", c.value, true).to} replace preventScrollReset>
                          <span translate="no">{c.label}</span> <span className="muted">({f.number(c.count)})</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : null}
              <FacetChecks
                title={t("store.facets.availability")}
                name="instock"
                values={[{ value: "1", label: nearby ? t("store.facets.inStockNear") : t("store.stock.in"), count: results.facets.inStock }]}
                chosen={params.getAll("instock")}
              />
              <FacetChecks
                title={t("store.facets.price")}
                name="price"
                values={results.facets.priceBand.map((b) => ({ ...b, label: priceBandLabel(b.value, currency, t.locale) }))}
                chosen={params.getAll("price")}
              />
              <FacetChecks title={t("store.facets.brand")} name="brand" values={results.facets.brand} chosen={params.getAll("brand")} written />
              {showShop ? <FacetChecks title={t("store.facets.shop")} name="shop" values={results.facets.shop} chosen={params.getAll("shop")} written /> : null}
              <FacetChecks
                title={t("store.facets.options")}
                name="attr"
                values={results.facets.attributes.map((a) => ({ ...a, label: attributeLabel(a.value, t.locale) }))}
                chosen={params.getAll("attr")}
                written
              />
              {/* With JavaScript a tick applies at once; without it, this button does. */}
              {hydrated ? null : <button type="submit">{t("store.facets.apply")}</button>}
            </Form>
          </details>
          <section aria-label={t("store.search.results")}>
            <p className="muted">{t("store.search.count", { count: results.total })}</p>
            {results.hits.length ? (
              <ul className="product-grid">
                {results.hits.map((h) => (
                  <li key={h.id} className="product-card">
                    <CardImage title={h.title} thumb={h.thumb} />
                    <h3 className="product-card-title">
                      <Link to={`/s/${h.shop.slug}/${h.handle}`} translate="no">
                        {h.title}
                      </Link>
                    </h3>
                    {h.brand ? (
                      <p className="muted" translate="no">
                        {h.brand}
                      </p>
                    ) : null}
                    <p className="product-card-price">{priceRange(h.minPrice, h.maxPrice, h.currency, f)}</p>
                    {showShop || h.distanceKm !== null ? (
                      <p className="muted">
                        {showShop ? <span translate="no">{h.shop.name}</span> : null}
                        {showShop && h.distanceKm !== null ? " · " : null}
                        {h.distanceKm !== null ? distance(h.distanceKm) : null}
                      </p>
                    ) : null}
                    {h.shop.open ? <p className="muted">{openText(h.shop.open)}</p> : null}
                    <p className={h.inStock ? "stock-word in" : "stock-word out"}>{h.inStock ? t("store.stock.in") : t("store.stock.out")}</p>
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
