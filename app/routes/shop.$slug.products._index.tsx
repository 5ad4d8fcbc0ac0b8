import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Badge, Button, DataTable } from "../components/ui";
import { FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { requireParams } from "../lib/url-params";
import { load, toResponse } from "../lib/trpc.server";
import { PRODUCT_SORTS, PRODUCT_STATUSES, STOCK_STATES, bulkEditForm, productListSchema, savedFilterSchema } from "../../server/schemas/catalog";
import { idSchema } from "../../server/schemas/common";
import { formatMoney } from "../../server/schemas/money";
import { hasRole } from "../../server/schemas/roles";
import type { loader as shopLoader } from "./shop.$slug";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { z } from "zod";
import { formatShopDate } from "../lib/time";
import { useShopCurrency } from "../lib/money";

export const meta: MetaFunction = () => [{ title: "Products · Nearshop" }];

const SORT_LABELS: Record<(typeof PRODUCT_SORTS)[number], string> = {
  title: "Title A–Z",
  "-title": "Title Z–A",
  "-updated": "Recently updated",
  updated: "Least recently updated",
  "-created": "Newest",
  stock: "Least in stock",
  "-stock": "Most in stock",
};
const STOCK_LABELS: Record<(typeof STOCK_STATES)[number], string> = { in_stock: "In stock", low: "Low stock", out: "Out of stock" };

/** What the filter form sends: "Any …" sends an empty field, which means not set. */
const listParams = productListSchema.omit({ cursor: true, limit: true }).extend({ after: idSchema.optional() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after, ...filters } = requireParams(request, listParams);
  const [list, categories, saved] = await load(request, () =>
    Promise.all([
      context.trpc.catalog.list({ shopSlug, ...filters, cursor: after }),
      context.trpc.catalog.categories({ shopSlug }),
      context.trpc.catalog.savedFilters({ shopSlug }),
    ]),
  );
  return { ...list, sort: filters.sort, categories: categories.filter((c) => c.depth < 2), saved };
}

/**
 * The page's other forms (the bulk bar sends no intent): a row's Duplicate /
 * Archive and the toast's Undo, saving and removing a saved filter.
 */
const rowForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("duplicate"), productId: idSchema }),
    z.object({ intent: z.literal("setStatus"), productId: idSchema, status: z.enum(PRODUCT_STATUSES, { message: "Status: draft, active or archived" }) }),
    savedFilterSchema.extend({ intent: z.literal("saveFilter") }),
    z.object({ intent: z.literal("removeFilter"), filterId: idSchema }),
  ],
  UNKNOWN_INTENT,
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    // The bulk bar and the rows show one message line, not one per input; the saved filter's name has its own.
    const back = new URL(request.url);
    back.searchParams.delete("index");
    const here = `${back.pathname}${back.search}`;
    if (!form.has("intent")) {
      const change = parseForm(form, bulkEditForm(shop.currency), { beside: [] });
      const r = await context.trpc.catalog.bulkEdit({ shopSlug, ...change });
      return redirectWithToast(here, `${r.updated} product${r.updated === 1 ? "" : "s"} updated.`);
    }
    const input = parseForm(form, rowForm, { beside: ["name"] });
    switch (input.intent) {
      case "duplicate": {
        const copy = await context.trpc.catalog.duplicate({ shopSlug, productId: input.productId });
        return redirectWithToast(`/shop/${shopSlug}/products/${copy.id}`, `Copied as a draft: “${copy.title}”. Change what differs, then make it active.`);
      }
      case "setStatus": {
        const r = await context.trpc.catalog.setStatus({ shopSlug, productId: input.productId, status: input.status });
        if (r.status !== "archived") return redirectWithToast(here, `“${r.title}” is ${r.status} again.`);
        return redirectWithToast(here, `“${r.title}” archived.`, {
          undo: { action: here, fields: { intent: "setStatus", productId: r.id, status: r.was === "archived" ? "draft" : r.was } },
        });
      }
      case "saveFilter": {
        const f = await context.trpc.catalog.saveFilter({ shopSlug, name: input.name, query: input.query });
        return redirectWithToast(`${back.pathname}?${f.query}`, `Filters saved as “${f.name}”.`);
      }
      case "removeFilter":
        await context.trpc.catalog.removeFilter({ shopSlug, filterId: input.filterId });
        return redirectWithToast(here, "Saved filter removed.");
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Products() {
  const { items, nextCursor, categories, total, moreThan, sort, saved } = useLoaderData<typeof loader>();
  type Item = (typeof items)[number];
  const shopData = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug");
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const canEdit = hasRole(shopData?.role ?? "cashier", "manager");
  const currency = useShopCurrency();
  const timeZone = shopData?.shop.timezone ?? "UTC";
  const slug = shopData?.shop.slug ?? "";
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const allOnPage = items.length > 0 && items.every((p) => selected.has(p.id));
  const price = (min: number | null, max: number | null) =>
    min === null ? "—" : min === max ? formatMoney(min, currency) : `${formatMoney(min, currency)} – ${formatMoney(max ?? min, currency)}`;
  // The filters now, as a saved filter keeps them (no pager, no empty fields).
  const filters = new URLSearchParams([...params].filter(([k, v]) => v !== "" && k !== "after" && k !== "index"));
  const filtered = [...filters.keys()].some((k) => k !== "sort");
  const nameFailure = failure && "fieldErrors" in failure && failure.fieldErrors?.name ? failure.fieldErrors.name : null;
  const rowFailure = failure && !nameFailure ? failure : undefined;
  const count = `${moreThan ? `${total.toLocaleString("en-GB")}+` : total.toLocaleString("en-GB")} ${total === 1 && !moreThan ? "product" : "products"}`;

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
            <a href={`/shop/${slug}/products/export.csv`} className="button secondary" download>
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
        <select name="sort" key={sort} defaultValue={sort} aria-label="Sort by">
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

      <div className="saved-filters">
        <p className="result-count" role="status" aria-live="polite">
          {count}
          {filtered ? " match these filters" : ""}
        </p>
        {saved.length ? (
          <nav aria-label="Saved filters" className="chips">
            <span className="muted">Saved:</span>
            {saved.map((f) => (
              <span key={f.id} className={filters.toString() === f.query ? "chip current" : "chip"}>
                <Link to={`?${f.query}`} aria-current={filters.toString() === f.query ? "true" : undefined}>
                  {f.name}
                </Link>
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="removeFilter" />
                  <input type="hidden" name="filterId" value={f.id} />
                  <button type="submit" className="link" aria-label={`Remove saved filter ${f.name}`}>
                    ×
                  </button>
                </Form>
              </span>
            ))}
          </nav>
        ) : null}
        {filtered ? (
          <Form method="post" className="save-filter" noValidate>
            <input type="hidden" name="intent" value="saveFilter" />
            <input type="hidden" name="query" value={filters.toString()} />
            <label htmlFor="f-name" className="sr-only">
              Name for these filters
            </label>
            <input
              id="f-name"
              name="name"
              placeholder="Name these filters"
              maxLength={60}
              size={18}
              aria-invalid={nameFailure ? true : undefined}
              aria-describedby={nameFailure ? "f-name-error" : undefined}
            />
            <Button variant="secondary" match={{ intent: "saveFilter" }} pendingLabel="Saving…">
              Save filters
            </Button>
            {nameFailure ? (
              <span id="f-name-error" className="field-error" role="alert">
                {nameFailure}
              </span>
            ) : null}
          </Form>
        ) : null}
      </div>

      {/* The bulk form and the row buttons show one message line on top. */}
      <FormError
        failure={rowFailure && { formError: rowFailure.formError ?? Object.values(("fieldErrors" in rowFailure && rowFailure.fieldErrors) || {}).join(". ") }}
      />
      <Form method="post" id="bulk">
        <DataTable
          label="Products"
          rows={items}
          rowKey={(p) => p.id}
          busy={busy}
          nextCursor={nextCursor}
          sort={sort}
          sortFirst="asc"
          empty={
            <p>
              {filtered ? "No products match these filters." : "No products yet."} {canEdit ? <Link to="new">Add a product</Link> : null}
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
              cell: (p) =>
                p.thumb ? (
                  <img src={`/uploads/${p.thumb}-thumb.webp`} alt="" width={40} height={40} className="thumb" loading="lazy" />
                ) : (
                  <span className="thumb thumb-empty" aria-hidden="true" />
                ),
            },
            {
              header: "Title",
              sortKey: "title",
              cell: (p) => (
                <>
                  <Link to={p.id}>{p.title}</Link>
                  {p.brand ? <small className="muted"> · {p.brand}</small> : null}
                </>
              ),
            },
            { header: "SKU", cell: (p) => (p.sku ? <code>{p.sku}</code> : "—"), className: "sku" },
            {
              header: "Status",
              cell: (p) => (
                <Badge tone={p.status === "active" ? "success" : "neutral"} className={p.status}>
                  {p.status}
                </Badge>
              ),
            },
            { header: "Category", cell: (p) => p.category ?? "—" },
            { header: "Price", numeric: true, cell: (p) => price(p.minPrice, p.maxPrice) },
            {
              header: "Stock",
              numeric: true,
              sortKey: "stock",
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
                  {p.variants > 1 ? <small className="muted block">{p.variants} variants</small> : null}
                </>
              ),
            },
            { header: "Updated", sortKey: "updated", sortFirst: "desc", cell: (p) => formatShopDate(p.updatedAt, timeZone) },
            {
              header: "Actions",
              cell: (p) => (
                <span className="row-actions">
                  {p.status === "active" ? (
                    <a href={`/s/${slug}/${p.handle}`} target="_blank" rel="noreferrer" aria-label={`View ${p.title} in the storefront (opens a new tab)`}>
                      View in shop
                    </a>
                  ) : null}
                  {canEdit ? (
                    <>
                      <button type="button" value="duplicate" className="link" onClick={(e) => rowAction(e, p.id)}>
                        Duplicate<span className="sr-only"> {p.title}</span>
                      </button>
                      {p.status === "archived" ? (
                        <button type="button" value="setStatus" className="link" onClick={(e) => rowAction(e, p.id, "draft")}>
                          Restore<span className="sr-only"> {p.title}</span>
                        </button>
                      ) : (
                        <button type="button" value="setStatus" className="link" onClick={(e) => rowAction(e, p.id, "archived")}>
                          Archive<span className="sr-only"> {p.title}</span>
                        </button>
                      )}
                    </>
                  ) : null}
                </span>
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

  /** A row's button: the product (and status) go with the shared row form. */
  function rowAction(e: React.MouseEvent<HTMLButtonElement>, productId: string, status?: string) {
    e.preventDefault();
    const fields: Record<string, string> = { intent: e.currentTarget.value, productId };
    if (status) fields.status = status;
    submit(fields, { method: "post" });
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
