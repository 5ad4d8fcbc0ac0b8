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
import { hasRole } from "../../server/schemas/roles";
import type { loader as shopLoader } from "./shop.$slug";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { UNKNOWN_INTENT } from "../../server/schemas/form-fields";
import { z } from "zod";
import { translator, useFormat, useT, type WebKey } from "../lib/i18n";
import { PRODUCT_STATUS_KEYS } from "../components/product-status";
import { useShopCurrency } from "../lib/money";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("catalog.list.title") }];

const SORT_LABELS: Record<(typeof PRODUCT_SORTS)[number], WebKey> = {
  title: "catalog.sort.titleAsc",
  "-title": "catalog.sort.titleDesc",
  "-updated": "catalog.sort.updatedDesc",
  updated: "catalog.sort.updatedAsc",
  "-created": "catalog.sort.newest",
  stock: "catalog.sort.stockAsc",
  "-stock": "catalog.sort.stockDesc",
};
const STOCK_LABELS: Record<(typeof STOCK_STATES)[number], WebKey> = {
  in_stock: "catalog.stock.inStock",
  low: "catalog.stock.low",
  out: "catalog.stock.out",
};

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
  return { ...list, sort: filters.sort, categories: categories.filter((c) => c.depth < 2), saved, locale: context.locale };
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
  const t = translator(context.locale);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    // The bulk bar and the rows show one message line, not one per input; the saved filter's name has its own.
    const back = new URL(request.url);
    back.searchParams.delete("index");
    const here = `${back.pathname}${back.search}`;
    if (!form.has("intent")) {
      const change = parseForm(form, bulkEditForm(shop.currency), { beside: [] });
      const r = await context.trpc.catalog.bulkEdit({ shopSlug, ...change });
      return redirectWithToast(here, t("catalog.toast.bulk", { count: r.updated }));
    }
    const input = parseForm(form, rowForm, { beside: ["name"] });
    switch (input.intent) {
      case "duplicate": {
        const copy = await context.trpc.catalog.duplicate({ shopSlug, productId: input.productId });
        return redirectWithToast(`/shop/${shopSlug}/products/${copy.id}`, t("catalog.toast.duplicated", { title: copy.title }));
      }
      case "setStatus": {
        const r = await context.trpc.catalog.setStatus({ shopSlug, productId: input.productId, status: input.status });
        if (r.status !== "archived") return redirectWithToast(here, t("catalog.toast.again", { title: r.title, status: r.status }));
        return redirectWithToast(here, t("catalog.toast.archived", { title: r.title }), {
          undo: { action: here, fields: { intent: "setStatus", productId: r.id, status: r.was === "archived" ? "draft" : r.was } },
        });
      }
      case "saveFilter": {
        const f = await context.trpc.catalog.saveFilter({ shopSlug, name: input.name, query: input.query });
        return redirectWithToast(`${back.pathname}?${f.query}`, t("catalog.toast.filterSaved", { name: f.name }));
      }
      case "removeFilter":
        await context.trpc.catalog.removeFilter({ shopSlug, filterId: input.filterId });
        return redirectWithToast(here, t("catalog.toast.filterRemoved"));
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
  const t = useT();
  const f = useFormat();
  const timeZone = shopData?.shop.timezone ?? "UTC";
  const slug = shopData?.shop.slug ?? "";
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const allOnPage = items.length > 0 && items.every((p) => selected.has(p.id));
  const price = (min: number | null, max: number | null) =>
    min === null ? "—" : min === max ? f.money(min, currency) : `${f.money(min, currency)} – ${f.money(max ?? min, currency)}`;
  // The filters now, as a saved filter keeps them (no pager, no empty fields).
  const filters = new URLSearchParams([...params].filter(([k, v]) => v !== "" && k !== "after" && k !== "index"));
  const filtered = [...filters.keys()].some((k) => k !== "sort");
  const nameFailure = failure && "fieldErrors" in failure && failure.fieldErrors?.name ? failure.fieldErrors.name : null;
  const rowFailure = failure && !nameFailure ? failure : undefined;
  const count = moreThan
    ? t(filtered ? "catalog.list.countMoreMatching" : "catalog.list.countMore", { count: f.number(total) })
    : t(filtered ? "catalog.list.countMatching" : "catalog.list.count", { count: total });

  return (
    <>
      <div className="page-head">
        <h1>{t("catalog.list.heading")}</h1>
        {canEdit ? (
          <p className="actions">
            <Link to="new" className="button">
              {t("catalog.list.new")}
            </Link>
            <Link to="import" className="button secondary">
              {t("catalog.list.import")}
            </Link>
            <a href={`/shop/${slug}/products/export.csv`} className="button secondary" download>
              {t("catalog.list.export")}
            </a>
          </p>
        ) : null}
      </div>

      <Form method="get" className="filters" role="search" onChange={(e) => submit(e.currentTarget, { replace: true })}>
        <input
          type="search"
          name="q"
          defaultValue={params.get("q") ?? ""}
          placeholder={t("catalog.list.searchPlaceholder")}
          aria-label={t("catalog.list.search")}
        />
        <select name="status" defaultValue={params.get("status") ?? ""} aria-label={t("catalog.list.status")}>
          <option value="">{t("catalog.list.anyStatus")}</option>
          {PRODUCT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(PRODUCT_STATUS_KEYS[s])}
            </option>
          ))}
        </select>
        <select name="categoryId" defaultValue={params.get("categoryId") ?? ""} aria-label={t("catalog.list.category")}>
          <option value="">{t("catalog.list.anyCategory")}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path}
            </option>
          ))}
        </select>
        <select name="stock" defaultValue={params.get("stock") ?? ""} aria-label={t("catalog.list.stock")}>
          <option value="">{t("catalog.list.anyStock")}</option>
          {STOCK_STATES.map((s) => (
            <option key={s} value={s}>
              {t(STOCK_LABELS[s])}
            </option>
          ))}
        </select>
        <select name="sort" key={sort} defaultValue={sort} aria-label={t("catalog.list.sortBy")}>
          {PRODUCT_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(SORT_LABELS[s])}
            </option>
          ))}
        </select>
        <noscript>
          <button type="submit">{t("catalog.list.apply")}</button>
        </noscript>
      </Form>

      <div className="saved-filters">
        <p className="result-count" role="status" aria-live="polite">
          {count}
        </p>
        {saved.length ? (
          <nav aria-label={t("catalog.list.savedFilters")} className="chips">
            <span className="muted">{t("catalog.list.saved")}</span>
            {saved.map((f) => (
              <span key={f.id} className={filters.toString() === f.query ? "chip current" : "chip"}>
                <Link to={`?${f.query}`} aria-current={filters.toString() === f.query ? "true" : undefined}>
                  {f.name}
                </Link>
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="removeFilter" />
                  <input type="hidden" name="filterId" value={f.id} />
                  <button type="submit" className="link" aria-label={t("catalog.list.removeFilter", { name: f.name })}>
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
              {t("catalog.list.filterName")}
            </label>
            <input
              id="f-name"
              name="name"
              placeholder={t("catalog.list.filterNamePlaceholder")}
              maxLength={60}
              size={18}
              aria-invalid={nameFailure ? true : undefined}
              aria-describedby={nameFailure ? "f-name-error" : undefined}
            />
            <Button variant="secondary" match={{ intent: "saveFilter" }} pendingLabel={t("common.saving")}>
              {t("catalog.list.saveFilters")}
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
          label={t("catalog.list.heading")}
          rows={items}
          rowKey={(p) => p.id}
          busy={busy}
          nextCursor={nextCursor}
          sort={sort}
          sortFirst="asc"
          empty={
            <p>
              {filtered ? t("catalog.list.emptyFiltered") : t("catalog.list.empty")} {canEdit ? <Link to="new">{t("catalog.list.add")}</Link> : null}
            </p>
          }
          columns={[
            ...(canEdit
              ? [
                  {
                    header: t("catalog.col.select"),
                    headerCell: (
                      <input
                        type="checkbox"
                        aria-label={t("catalog.list.selectAll")}
                        checked={allOnPage}
                        onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((p) => p.id)))}
                      />
                    ),
                    cell: (p: Item) => (
                      <input
                        type="checkbox"
                        name="productId"
                        value={p.id}
                        aria-label={t("catalog.list.selectOne", { title: p.title })}
                        checked={selected.has(p.id)}
                        onChange={() => toggle(p.id)}
                      />
                    ),
                  },
                ]
              : []),
            {
              header: t("catalog.col.image"),
              hideHeader: true,
              cell: (p) =>
                p.thumb ? (
                  <img src={`/uploads/${p.thumb}-thumb.webp`} alt="" width={40} height={40} className="thumb" loading="lazy" />
                ) : (
                  <span className="thumb thumb-empty" aria-hidden="true" />
                ),
            },
            {
              header: t("catalog.col.title"),
              sortKey: "title",
              cell: (p) => (
                <>
                  <Link to={p.id} translate="no">
                    {p.title}
                  </Link>
                  {p.brand ? (
                    <small className="muted">
                      {" "}
                      · <span translate="no">{p.brand}</span>
                    </small>
                  ) : null}
                </>
              ),
            },
            { header: t("catalog.col.sku"), cell: (p) => (p.sku ? <code translate="no">{p.sku}</code> : "—"), className: "sku" },
            {
              header: t("catalog.col.status"),
              cell: (p) => (
                <Badge tone={p.status === "active" ? "success" : "neutral"} className={p.status}>
                  {t(PRODUCT_STATUS_KEYS[p.status])}
                </Badge>
              ),
            },
            { header: t("catalog.col.category"), cell: (p) => (p.category ? <span translate="no">{p.category}</span> : "—") },
            { header: t("catalog.col.price"), numeric: true, cell: (p) => price(p.minPrice, p.maxPrice) },
            {
              header: t("catalog.col.stock"),
              numeric: true,
              sortKey: "stock",
              cell: (p) => (
                <>
                  {p.available}
                  {p.available <= 0 ? (
                    <>
                      {" "}
                      <Badge tone="danger">{t("catalog.badge.out")}</Badge>
                    </>
                  ) : p.low ? (
                    <>
                      {" "}
                      <Badge tone="warning">{t("catalog.badge.low")}</Badge>
                    </>
                  ) : null}
                  {p.variants > 1 ? <small className="muted block">{t("catalog.list.variants", { count: p.variants })}</small> : null}
                </>
              ),
            },
            { header: t("catalog.col.updated"), sortKey: "updated", sortFirst: "desc", cell: (p) => f.date(p.updatedAt, timeZone) },
            {
              header: t("catalog.col.actions"),
              cell: (p) => (
                <span className="row-actions">
                  {p.status === "active" ? (
                    <a href={`/s/${slug}/${p.handle}`} target="_blank" rel="noreferrer" aria-label={t("catalog.list.viewLabel", { title: p.title })}>
                      {t("catalog.list.view")}
                    </a>
                  ) : null}
                  {canEdit ? (
                    <>
                      <button type="button" value="duplicate" className="link" onClick={(e) => rowAction(e, p.id)}>
                        {t("catalog.list.duplicate")}
                        <span className="sr-only"> {p.title}</span>
                      </button>
                      {p.status === "archived" ? (
                        <button type="button" value="setStatus" className="link" onClick={(e) => rowAction(e, p.id, "draft")}>
                          {t("catalog.list.restore")}
                          <span className="sr-only"> {p.title}</span>
                        </button>
                      ) : (
                        <button type="button" value="setStatus" className="link" onClick={(e) => rowAction(e, p.id, "archived")}>
                          {t("catalog.list.archive")}
                          <span className="sr-only"> {p.title}</span>
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
            <legend>{selected.size ? t("catalog.bulk.selected", { count: selected.size }) : t("catalog.bulk.none")}</legend>
            <select name="status" aria-label={t("catalog.bulk.setStatus")} defaultValue="">
              <option value="">{t("catalog.bulk.keepStatus")}</option>
              {PRODUCT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t("catalog.bulk.set", { status: s })}
                </option>
              ))}
            </select>
            <input name="price" inputMode="decimal" placeholder={t("catalog.bulk.price", { currency })} aria-label={t("catalog.bulk.priceLabel")} size={14} />
            <input name="pricePercent" inputMode="decimal" placeholder={t("catalog.bulk.percent")} aria-label={t("catalog.bulk.percentLabel")} size={18} />
            <Button pendingLabel={t("catalog.bulk.applying")}>{t("catalog.bulk.apply")}</Button>
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
