import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager } from "../components/pager";
import { load } from "../lib/trpc.server";
import { z } from "zod";
import { requireParams, textParam } from "../lib/url-params";
import { variantTitle } from "../../server/services/catalog/matrix";
import { formatShopTime } from "../lib/time";

export const meta: MetaFunction = () => [{ title: "Sold without recorded stock · Nearshop" }];

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
  return { timezone: current.shop.timezone, locations: locations.map((l) => ({ id: l.id, name: l.name })), location: location ?? "", ...list };
}

/** Till sales of items the ledger said were not there, for a manager to recount. */
export default function SoldWithoutStock() {
  const { timezone, locations, location, items, nextCursor } = useLoaderData<typeof loader>();
  const base = `/shop/${useParams().slug ?? ""}`;
  return (
    <>
      <p>
        <Link to={`${base}/stock`}>← Stock</Link>
      </p>
      <h1>Sold without recorded stock</h1>
      <p className="hint">
        The till sold these though the recorded stock was short (the shop&apos;s selling setting allows it: the item was in the customer&apos;s hand). Count the
        shelf, then correct the level from the item&apos;s stock page.
      </p>
      <Form method="get" className="filters">
        <select name="location" defaultValue={location} aria-label="Location" onChange={(e) => e.currentTarget.form?.requestSubmit()}>
          <option value="">All locations</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <button type="submit" className="secondary">
          Show
        </button>
      </Form>
      {items.length === 0 ? (
        <p className="empty">Nothing sold without recorded stock.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table aria-label="Sold without recorded stock">
            <thead>
              <tr>
                <th>When</th>
                <th>Item</th>
                <th>Location</th>
                <th className="num">Sold</th>
                <th className="num">Not in stock</th>
                <th className="num">On hand now</th>
                <th>Sale</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.movementId}>
                  <td>{formatShopTime(r.createdAt, timezone)}</td>
                  <td>
                    <Link to={`${base}/stock/${r.variantId}`}>
                      {r.title}
                      {r.optionValues.length ? ` (${variantTitle(r.optionValues)})` : ""}
                    </Link>
                    <br />
                    <small>{r.sku}</small>
                  </td>
                  <td>{r.locationName}</td>
                  <td className="num">{r.sold}</td>
                  <td className="num">
                    <strong>{r.beyondStock}</strong>
                  </td>
                  <td className="num">{r.onHandNow}</td>
                  <td>{r.orderNumber ? <Link to={`${base}/receipts/${r.orderNumber}`}>#{r.orderNumber}</Link> : "—"}</td>
                  <td>{r.staffName ?? "—"}</td>
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
