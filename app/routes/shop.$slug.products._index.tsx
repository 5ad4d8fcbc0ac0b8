import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Badge, Button, DataTable } from "../components/ui";
import { FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { requireParams } from "../lib/url-params";
import { load, toResponse } from "../lib/trpc.server";
import { PRODUCT_SORTS, PRODUCT_STATUSES, STOCK_STATES, bulkEditForm, productListSchema } from "../../server/schemas/catalog";
import { idSchema } from "../../server/schemas/common";
import { formatMoney } from "../../server/schemas/money";
import { hasRole } from "../../server/schemas/roles";
import type { loader as shopLoader } from "./shop.$slug";
import { parseForm, readForm } from "../lib/forms";
import { useShopCurrency } from "../lib/money";

export const meta: MetaFunction = () => [{ title: "Products · Nearshop" }];

const SORT_LABELS: Record<(typeof PRODUCT_SORTS)[number], string> = {
  title: "Title A–Z",
  "-title": "Title Z–A",
  "-updated": "Recently updated",
  "-created": "Newest",
};
const STOCK_LABELS: Record<(typeof STOCK_STATES)[number], string> = { in_stock: "In stock", low: "Low stock", out: "Out of stock" };

/** What the filter form sends: "Any …" sends an empty field, which means not set. */
const listParams = productListSchema.omit({ cursor: true, limit: true }).extend({ after: idSchema.optional() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after, ...filters } = requireParams(request, listParams);
  const [list, categories] = await load(request, () =>
    Promise.all([context.trpc.catalog.list({ shopSlug, ...filters, cursor: after }), context.trpc.catalog.categories({ shopSlug })]),
  );
  return { ...list, categories: categories.filter((c) => c.depth < 2) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    // The bulk bar shows one message line, not one per input.
    const change = parseForm(form, bulkEditForm(shop.currency), { beside: [] });
    const r = await context.trpc.catalog.bulkEdit({ shopSlug, ...change });
    const back = new URL(request.url);
    back.searchParams.delete("index");
    return redirectWithToast(`${back.pathname}${back.search}`, `${r.updated} product${r.updated === 1 ? "" : "s"} updated.`);
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function Products() {
  const { items, nextCursor, categories } = useLoaderData<typeof loader>();
  type Item = (typeof items)[number];
  const shopData = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug");
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const canEdit = hasRole(shopData?.role ?? "cashier", "manager");
  const currency = useShopCurrency();
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const allOnPage = items.length > 0 && items.every((p) => selected.has(p.id));
  const price = (min: number | null, max: number | null) =>
    min === null ? "—" : min === max ? formatMoney(min, currency) : `${formatMoney(min, currency)} – ${formatMoney(max ?? min, currency)}`;

  return (
    <>
      <div className="page-head">
        <h1>Products</h1>
        {canEdit ? (
          <p className="actions">
            <Link to="new" className="button">
              New product
            </Link>
            <Link to="import" className="button secondary">
              Import CSV
            </Link>
            <a href={`/shop/${shopData?.shop.slug}/products/export.csv`} className="button secondary" download>
              Export CSV
            </a>
          </p>
        ) : null}
      </div>

      <Form method="get" className="filters" role="search" onChange={(e) => submit(e.currentTarget, { replace: true })}>
        <input type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder="Title, SKU or barcode" aria-label="Search products" />
        <select name="status" defaultValue={params.get("status") ?? ""} aria-label="Status">
          <option value="">Any status</option>
          {PRODUCT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select name="categoryId" defaultValue={params.get("categoryId") ?? ""} aria-label="Category">
          <option value="">Any category</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path}
            </option>
          ))}
        </select>
        <select name="stock" defaultValue={params.get("stock") ?? ""} aria-label="Stock">
          <option value="">Any stock</option>
          {STOCK_STATES.map((s) => (
            <option key={s} value={s}>
              {STOCK_LABELS[s]}
            </option>
          ))}
        </select>
        <select name="sort" defaultValue={params.get("sort") ?? "title"} aria-label="Sort by">
          {PRODUCT_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
        <noscript>
          <button type="submit">Apply</button>
        </noscript>
      </Form>

      {/* The bulk form is one row of controls: its field errors go on top too. */}
      <FormError failure={failure && { formError: failure.formError ?? Object.values(("fieldErrors" in failure && failure.fieldErrors) || {}).join(". ") }} />
      <Form method="post" id="bulk">
        <DataTable
          label="Products"
          rows={items}
          rowKey={(p) => p.id}
          busy={busy}
          nextCursor={nextCursor}
          empty={
            <p>
              {params.toString() ? "No products match these filters." : "No products yet."} {canEdit ? <Link to="new">Add a product</Link> : null}
            </p>
          }
          columns={[
            ...(canEdit
              ? [
                  {
                    header: "Select",
                    headerCell: (
                      <input
                        type="checkbox"
                        aria-label="Select all on this page"
                        checked={allOnPage}
                        onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((p) => p.id)))}
                      />
                    ),
                    cell: (p: Item) => (
                      <input
                        type="checkbox"
                        name="productId"
                        value={p.id}
                        aria-label={`Select ${p.title}`}
                        checked={selected.has(p.id)}
                        onChange={() => toggle(p.id)}
                      />
                    ),
                  },
                ]
              : []),
            {
              header: "Image",
              hideHeader: true,
              cell: (p) => (p.thumb ? <img src={`/uploads/${p.thumb}-thumb.webp`} alt="" width={40} height={40} className="thumb" /> : null),
            },
            {
              header: "Title",
              cell: (p) => (
                <>
                  <Link to={p.id}>{p.title}</Link>
                  {p.brand ? <small className="muted"> · {p.brand}</small> : null}
                </>
              ),
            },
            {
              header: "Status",
              cell: (p) => (
                <Badge tone={p.status === "active" ? "success" : "neutral"} className={p.status}>
                  {p.status}
                </Badge>
              ),
            },
            { header: "Category", cell: (p) => p.category ?? "—" },
            { header: "Variants", numeric: true, cell: (p) => p.variants },
            { header: "Price", numeric: true, cell: (p) => price(p.minPrice, p.maxPrice) },
            {
              header: "Available",
              numeric: true,
              cell: (p) => (
                <>
                  {p.available}
                  {p.available <= 0 ? (
                    <>
                      {" "}
                      <Badge tone="danger">out</Badge>
                    </>
                  ) : p.low ? (
                    <>
                      {" "}
                      <Badge tone="warning">low</Badge>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
        {canEdit && items.length ? (
          <fieldset className="bulk" disabled={selected.size === 0}>
            <legend>{selected.size ? `Bulk edit ${selected.size} selected` : "Select products to edit them together"}</legend>
            <select name="status" aria-label="Set status" defaultValue="">
              <option value="">Keep status</option>
              {PRODUCT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  Set {s}
                </option>
              ))}
            </select>
            <input name="price" inputMode="decimal" placeholder={`Set price (${currency})`} aria-label="Set every variant's price" size={14} />
            <input name="pricePercent" inputMode="decimal" placeholder="or change price by %" aria-label="Change prices by percent" size={18} />
            <Button pendingLabel="Applying…">Apply to selected</Button>
          </fieldset>
        ) : null}
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
