import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Pager } from "../components/pager";
import { useSubmitKey } from "../components/submit-key";
import { FormError } from "../components/form";
import { load } from "../lib/trpc.server";
import { stockAction } from "../lib/stock-actions.server";
import { ADJUST_REASONS } from "../../server/schemas/inventory";
import { hasRole } from "../../server/schemas/roles";
import { variantTitle } from "../../server/services/catalog/matrix";
import type { loader as shopLoader } from "./shop.$slug";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { formatShopTime } from "../lib/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Stock of ${data?.variant.sku ?? "variant"} · Nearshop` }];

const KIND_LABELS: Record<string, string> = {
  received: "Received",
  adjusted: "Adjusted",
  sold: "Sold",
  returned: "Returned",
  transfer_out: "Transferred out",
  transfer_in: "Transferred in",
  reserved: "Reserved",
  released: "Released",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const { after: cursor } = requireParams(request, z.object({ after: idSchema.optional() }));
  const [locations, stock, { shop }] = await load(request, () =>
    Promise.all([
      context.trpc.inventory.locations({ shopSlug }),
      context.trpc.inventory.variant({ shopSlug, variantId: params.variantId ?? "", cursor }),
      context.trpc.shops.current({ shopSlug }),
    ]),
  );
  return { locations, timezone: shop.timezone, ...stock };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return stockAction(request, context.trpc, shopSlug, `/shop/${shopSlug}/stock/${params.variantId}`);
}

export default function VariantStock() {
  const { locations, variant, movements, nextCursor, timezone } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { formError?: string } | undefined;
  const busy = useNavigation().state === "submitting";
  const adjustOnce = useSubmitKey();
  const transferOnce = useSubmitKey();
  const canEdit = hasRole(useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier", "manager");
  const level = (id: string) => variant.stockLevels.find((s) => s.locationId === id);
  const name = `${variant.product.title}${variant.optionValues.length ? ` (${variantTitle(variant.optionValues)})` : ""}`;

  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          Stock
        </Link>{" "}
        ·{" "}
        <Link to={`../../products/${variant.product.id}`} relative="path">
          Product
        </Link>
      </p>
      <h1>{name}</h1>
      <p className="muted">
        SKU {variant.sku}
        {variant.barcode ? ` · barcode ${variant.barcode}` : ""}
      </p>
      <FormError failure={failure} />

      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>Location</th>
              <th>On hand</th>
              <th>Reserved</th>
              <th>Available</th>
              <th>Low-stock alert at</th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l) => {
              const s = level(l.id);
              return (
                <tr key={l.id}>
                  <td>{l.name}</td>
                  <td>{s?.onHand ?? 0}</td>
                  <td>{s?.reserved ?? 0}</td>
                  <td>{(s?.onHand ?? 0) - (s?.reserved ?? 0)}</td>
                  <td>
                    {canEdit ? (
                      <Form method="post" className="inline-adjust">
                        <input type="hidden" name="intent" value="threshold" />
                        <input type="hidden" name="variantId" value={variant.id} />
                        <input type="hidden" name="locationId" value={l.id} />
                        <input
                          name="threshold"
                          type="number"
                          min={0}
                          defaultValue={s?.lowStockThreshold ?? ""}
                          placeholder="off"
                          aria-label={`Low-stock alert at ${l.name}`}
                          size={5}
                        />
                        <button type="submit" className="secondary" disabled={busy}>
                          Save
                        </button>
                      </Form>
                    ) : (
                      (s?.lowStockThreshold ?? "off")
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {canEdit ? (
        <div className="row forms">
          <Form method="post" className="card" ref={adjustOnce.ref}>
            <h2>Receive or adjust</h2>
            {adjustOnce.input}
            <input type="hidden" name="intent" value="adjust" />
            <input type="hidden" name="variantId" value={variant.id} />
            <label htmlFor="adj-location">Location</label>{" "}
            <select id="adj-location" name="locationId">
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
            <label htmlFor="adj-delta">Change</label> <input id="adj-delta" name="delta" type="number" step={1} required placeholder="e.g. 12 or -2" />
            <label htmlFor="adj-reason">Reason</label>{" "}
            <select id="adj-reason" name="reason">
              {ADJUST_REASONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
            <label htmlFor="adj-note">Note</label> <input id="adj-note" name="note" placeholder="Optional, e.g. delivery note 1234" />
            <button type="submit" disabled={busy}>
              Record
            </button>
          </Form>
          {locations.length > 1 ? (
            <Form method="post" className="card" ref={transferOnce.ref}>
              <h2>Transfer</h2>
              {transferOnce.input}
              <input type="hidden" name="intent" value="transfer" />
              <input type="hidden" name="variantId" value={variant.id} />
              <label htmlFor="tr-from">From</label>{" "}
              <select id="tr-from" name="fromLocationId">
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
              <label htmlFor="tr-to">To</label>{" "}
              <select id="tr-to" name="toLocationId" defaultValue={locations[1]?.id}>
                {locations.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
              <label htmlFor="tr-quantity">Quantity</label> <input id="tr-quantity" name="quantity" type="number" min={1} step={1} required />
              <label htmlFor="tr-note">Transfer note</label> <input id="tr-note" name="note" placeholder="Optional" />
              <button type="submit" disabled={busy}>
                Transfer
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <h2>History</h2>
      {movements.length === 0 ? (
        <p className="empty">No stock movements yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="ledger">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>Location</th>
                <th>On hand</th>
                <th>Reserved</th>
                <th>Why</th>
                <th>Who</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr key={m.id}>
                  <td>{formatShopTime(m.createdAt, timezone)}</td>
                  <td>{KIND_LABELS[m.kind] ?? m.kind}</td>
                  <td>{m.location.name}</td>
                  <td className={m.onHandDelta < 0 ? "neg" : "pos"}>{m.onHandDelta > 0 ? `+${m.onHandDelta}` : m.onHandDelta}</td>
                  <td>{m.reservedDelta ? (m.reservedDelta > 0 ? `+${m.reservedDelta}` : m.reservedDelta) : ""}</td>
                  <td>{m.reason ?? ""}</td>
                  <td>{m.user?.name ?? "System"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} first="Newest" next="Older" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
