import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Badge } from "../components/ui";
import { Form, Link, useFetcher, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager } from "../components/pager";
import { load } from "../lib/trpc.server";
import { stockAction } from "../lib/stock-actions.server";
import { ADJUST_REASONS, stockListSchema } from "../../server/schemas/inventory";
import { hasRole } from "../../server/schemas/roles";
import { variantTitle } from "../../server/services/catalog/matrix";
import type { loader as shopLoader } from "./shop.$slug";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { translator, useT } from "../lib/i18n";
import { reasonLabel } from "../components/stock-reasons";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("stock.list.title") }];

/** What the filter form and the pager send; an empty field means "not set". */
const listParams = z.object({ location: idSchema.optional(), q: stockListSchema.shape.q, after: stockListSchema.shape.cursor });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const filters = requireParams(request, listParams);
  const locations = await load(request, () => context.trpc.inventory.locations({ shopSlug }));
  const locationId = filters.location ?? locations[0]?.id ?? "";
  const stock = await load(request, () => context.trpc.inventory.stock({ shopSlug, locationId, q: filters.q, cursor: filters.after }));
  return { locations, ...stock, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return stockAction(request, context.trpc, params.slug ?? "", context.locale);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** One variant's stock here, with an inline adjustment that keeps the page in place. */
function StockRow({ row, locationId, canEdit }: { row: Row; locationId: string; canEdit: boolean }) {
  const fetcher = useFetcher<{ ok?: true; message?: string; formError?: string }>();
  const t = useT();
  const available = row.onHand - row.reserved;
  const low = row.lowStockThreshold !== null && available <= row.lowStockThreshold;
  const label = `${row.title}${row.optionValues.length ? ` (${variantTitle(row.optionValues)})` : ""}`;
  return (
    <tr className={low ? "low" : undefined}>
      <td>
        <Link to={row.variantId} translate="no">
          {label}
        </Link>
      </td>
      <td translate="no">{row.sku}</td>
      <td>{row.onHand}</td>
      <td>{row.reserved}</td>
      <td>
        {available}
        {low ? (
          <>
            {" "}
            <Badge tone="warning">{t("catalog.badge.low")}</Badge>
          </>
        ) : null}
      </td>
      {canEdit ? (
        <td>
          <fetcher.Form method="post" className="inline-adjust">
            <input type="hidden" name="intent" value="adjust" />
            <input type="hidden" name="variantId" value={row.variantId} />
            <input type="hidden" name="locationId" value={locationId} />
            <input name="delta" type="number" step={1} required placeholder="±0" aria-label={t("stock.list.changeFor", { sku: row.sku })} size={5} />
            <select name="reason" aria-label={t("stock.list.reasonFor", { sku: row.sku })} defaultValue="Stock count correction">
              {ADJUST_REASONS.map((r) => (
                <option key={r} value={r}>
                  {reasonLabel(t, r)}
                </option>
              ))}
            </select>
            <button type="submit" disabled={fetcher.state !== "idle"}>
              {fetcher.state !== "idle" ? "…" : t("stock.list.apply")}
            </button>
            {fetcher.data?.formError ? (
              <span className="field-error" role="alert">
                {fetcher.data.formError}
              </span>
            ) : null}
            {fetcher.data?.ok ? (
              <span className="ok" role="status">
                {fetcher.data.message}
              </span>
            ) : null}
          </fetcher.Form>
        </td>
      ) : null}
    </tr>
  );
}

export default function Stock() {
  const { locations, location, items, nextCursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const canEdit = hasRole(useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier", "manager");
  const t = useT();
  return (
    <>
      <h1>{t.rich("stock.list.heading", { location: <span translate="no">{location.name}</span> })}</h1>
      {canEdit ? (
        <p>
          <Link to="sold-without-stock">{t("stock.list.soldWithout")}</Link>
        </p>
      ) : null}
      <Form method="get" className="filters" role="search">
        <select name="location" defaultValue={location.id} aria-label={t("stock.col.location")} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
          {locations.map((l) => (
            <option key={l.id} value={l.id} translate="no">
              {l.name}
            </option>
          ))}
        </select>
        <input
          type="search"
          name="q"
          defaultValue={params.get("q") ?? ""}
          placeholder={t("stock.list.searchPlaceholder")}
          aria-label={t("stock.list.search")}
        />
        <button type="submit" className="secondary">
          {t("stock.list.searchButton")}
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="empty">{params.get("q") ? t("stock.list.noMatch") : t("catalog.list.empty")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{t("stock.col.product")}</th>
                <th>{t("catalog.col.sku")}</th>
                <th>{t("stock.col.onHand")}</th>
                <th>{t("stock.col.reserved")}</th>
                <th>{t("stock.col.available")}</th>
                {canEdit ? <th>{t("stock.col.adjust")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((row) => (
                <StockRow key={row.variantId} row={row} locationId={location.id} canEdit={canEdit} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
