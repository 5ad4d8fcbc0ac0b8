import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager } from "../components/pager";
import { load } from "../lib/trpc.server";
import { z } from "zod";
import { requireParams, textParam } from "../lib/url-params";
import { variantTitle } from "../../server/services/catalog/matrix";
import { translator, useFormat, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("stock.sold.title") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { location, after } = requireParams(request, z.object({ location: textParam, after: textParam }));
  const [current, locations, list] = await load(request, () =>
    Promise.all([
      context.trpc.shops.current({ shopSlug }),
      context.trpc.inventory.locations({ shopSlug }),
      context.trpc.inventory.soldBeyondStock({ shopSlug, locationId: location, cursor: after }),
    ]),
  );
  return {
    timezone: current.shop.timezone,
    locations: locations.map((l) => ({ id: l.id, name: l.name })),
    location: location ?? "",
    ...list,
    locale: context.locale,
  };
}

/** Till sales of items the ledger said were not there, for a manager to recount. */
export default function SoldWithoutStock() {
  const { timezone, locations, location, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/shop/${useParams().slug ?? ""}`;
  const t = useT();
  const f = useFormat();
  return (
    <>
      <p>
        <Link to={`${base}/stock`}>{t("stock.sold.back")}</Link>
      </p>
      <h1>{t("stock.sold.heading")}</h1>
      <p className="hint">{t("stock.sold.hint")}</p>
      <Form method="get" className="filters">
        <select name="location" defaultValue={location} aria-label={t("stock.col.location")} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
          <option value="">{t("stock.sold.allLocations")}</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id} translate="no">
              {l.name}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          {t("stock.sold.show")}
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t("stock.sold.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-label={t("stock.sold.heading")}>
            <thead>
              <tr>
                <th>{t("stock.col.when")}</th>
                <th>{t("stock.sold.item")}</th>
                <th>{t("stock.col.location")}</th>
                <th className="num">{t("stock.sold.sold")}</th>
                <th className="num">{t("stock.sold.notInStock")}</th>
                <th className="num">{t("stock.sold.onHandNow")}</th>
                <th>{t("stock.sold.sale")}</th>
                <th>{t("stock.sold.by")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.movementId}>
                  <td>{f.dateTime(r.createdAt, timezone)}</td>
                  <td>
                    <Link to={`${base}/stock/${r.variantId}`} translate="no">
                      {r.title}
                      {r.optionValues.length ? ` (${variantTitle(r.optionValues)})` : ""}
                    </Link>
                    <br />
                    <small translate="no">{r.sku}</small>
                  </td>
                  <td translate="no">{r.locationName}</td>
                  <td className="num">{r.sold}</td>
                  <td className="num">
                    <strong>{r.beyondStock}</strong>
                  </td>
                  <td className="num">{r.onHandNow}</td>
                  <td>{r.orderNumber ? <Link to={`${base}/receipts/${r.orderNumber}`}>#{r.orderNumber}</Link> : "—"}</td>
                  <td>{r.staffName ? <span translate="no">{r.staffName}</span> : "—"}</td>
                </tr>
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
