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
import { translator, useFormat, useT, type T, type WebKey } from "../lib/i18n";
import { ledgerReason, reasonLabel } from "../components/stock-reasons";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "en")("stock.variant.title", { sku: data?.variant.sku ?? "" }) },
];

/** What a stock movement did, as staff read it. */
const KIND_KEYS: Record<string, WebKey> = {
  received: "stock.kind.received",
  adjusted: "stock.kind.adjusted",
  sold: "stock.kind.sold",
  returned: "stock.kind.returned",
  transfer_out: "stock.kind.transferOut",
  transfer_in: "stock.kind.transferIn",
  reserved: "stock.kind.reserved",
  released: "stock.kind.released",
};
const kindLabel = (t: T, kind: string) => {
  const key = KIND_KEYS[kind];
  return key ? t(key) : kind;
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
  return { locations, timezone: shop.timezone, ...stock, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  return stockAction(request, context.trpc, shopSlug, context.locale, `/shop/${shopSlug}/stock/${params.variantId}`);
}

export default function VariantStock() {
  const { locations, variant, movements, nextCursor, timezone } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as { formError?: string } | undefined;
  const busy = useNavigation().state === "submitting";
  const adjustOnce = useSubmitKey();
  const transferOnce = useSubmitKey();
  const canEdit = hasRole(useRouteLoaderData<typeof shopLoader>("routes/shop.$slug")?.role ?? "cashier", "manager");
  const t = useT();
  const f = useFormat();
  const level = (id: string) => variant.stockLevels.find((s) => s.locationId === id);
  const name = `${variant.product.title}${variant.optionValues.length ? ` (${variantTitle(variant.optionValues)})` : ""}`;

  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          {t("office.nav.stock")}
        </Link>{" "}
        ·{" "}
        <Link to={`../../products/${variant.product.id}`} relative="path">
          {t("stock.variant.product")}
        </Link>
      </p>
      <h1 translate="no">{name}</h1>
      <p className="muted">
        {t.rich("stock.variant.sku", { sku: <span translate="no">{variant.sku}</span> })}
        {variant.barcode ? <> · {t.rich("stock.variant.barcode", { barcode: <span translate="no">{variant.barcode}</span> })}</> : null}
      </p>
      <FormError failure={failure} />

      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>{t("stock.col.location")}</th>
              <th>{t("stock.col.onHand")}</th>
              <th>{t("stock.col.reserved")}</th>
              <th>{t("stock.col.available")}</th>
              <th>{t("stock.col.alertAt")}</th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l) => {
              const s = level(l.id);
              return (
                <tr key={l.id}>
                  <td translate="no">{l.name}</td>
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
                          placeholder={t("stock.variant.off")}
                          aria-label={t("stock.variant.alertAt", { location: l.name })}
                          size={5}
                        />
                        <button type="submit" className="secondary" disabled={busy}>
                          {t("common.save")}
                        </button>
                      </Form>
                    ) : (
                      (s?.lowStockThreshold ?? t("stock.variant.off"))
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
            <h2>{t("stock.variant.adjust")}</h2>
            {adjustOnce.input}
            <input type="hidden" name="intent" value="adjust" />
            <input type="hidden" name="variantId" value={variant.id} />
            <label htmlFor="adj-location">{t("stock.col.location")}</label>{" "}
            <select id="adj-location" name="locationId">
              {locations.map((l) => (
                <option key={l.id} value={l.id} translate="no">
                  {l.name}
                </option>
              ))}
            </select>
            <label htmlFor="adj-delta">{t("stock.variant.change")}</label>{" "}
            <input id="adj-delta" name="delta" type="number" step={1} required placeholder={t("stock.variant.changePlaceholder")} />
            <label htmlFor="adj-reason">{t("stock.variant.reason")}</label>{" "}
            <select id="adj-reason" name="reason">
              {ADJUST_REASONS.map((r) => (
                <option key={r} value={r}>
                  {reasonLabel(t, r)}
                </option>
              ))}
            </select>
            <label htmlFor="adj-note">{t("stock.variant.note")}</label> <input id="adj-note" name="note" placeholder={t("stock.variant.notePlaceholder")} />
            <button type="submit" disabled={busy}>
              {t("stock.variant.record")}
            </button>
          </Form>
          {locations.length > 1 ? (
            <Form method="post" className="card" ref={transferOnce.ref}>
              <h2>{t("stock.variant.transfer")}</h2>
              {transferOnce.input}
              <input type="hidden" name="intent" value="transfer" />
              <input type="hidden" name="variantId" value={variant.id} />
              <label htmlFor="tr-from">{t("stock.variant.from")}</label>{" "}
              <select id="tr-from" name="fromLocationId">
                {locations.map((l) => (
                  <option key={l.id} value={l.id} translate="no">
                    {l.name}
                  </option>
                ))}
              </select>
              <label htmlFor="tr-to">{t("stock.variant.to")}</label>{" "}
              <select id="tr-to" name="toLocationId" defaultValue={locations[1]?.id}>
                {locations.map((l) => (
                  <option key={l.id} value={l.id} translate="no">
                    {l.name}
                  </option>
                ))}
              </select>
              <label htmlFor="tr-quantity">{t("stock.variant.quantity")}</label>{" "}
              <input id="tr-quantity" name="quantity" type="number" min={1} step={1} required />
              <label htmlFor="tr-note">{t("stock.variant.transferNote")}</label> <input id="tr-note" name="note" placeholder={t("stock.variant.optional")} />
              <button type="submit" disabled={busy}>
                {t("stock.variant.transfer")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <h2>{t("stock.variant.history")}</h2>
      {movements.length === 0 ? (
        <p className="empty">{t("stock.variant.noMovements")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="ledger">
            <thead>
              <tr>
                <th>{t("stock.col.when")}</th>
                <th>{t("stock.col.what")}</th>
                <th>{t("stock.col.location")}</th>
                <th>{t("stock.col.onHand")}</th>
                <th>{t("stock.col.reserved")}</th>
                <th>{t("stock.col.why")}</th>
                <th>{t("stock.col.who")}</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr key={m.id}>
                  <td>{f.dateTime(m.createdAt, timezone)}</td>
                  <td>{kindLabel(t, m.kind)}</td>
                  <td translate="no">{m.location.name}</td>
                  <td className={m.onHandDelta < 0 ? "neg" : "pos"}>{m.onHandDelta > 0 ? `+${m.onHandDelta}` : m.onHandDelta}</td>
                  <td>{m.reservedDelta ? (m.reservedDelta > 0 ? `+${m.reservedDelta}` : m.reservedDelta) : ""}</td>
                  <td>
                    <Why reason={m.reason} />
                  </td>
                  <td>{m.user?.name ? <span translate="no">{m.user.name}</span> : t("stock.variant.system")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={nextCursor} first={t("stock.variant.newest")} next={t("stock.variant.older")} />
    </>
  );
}

/** A movement's reason: the chosen one translated, the typed note as written. */
function Why({ reason }: { reason: string | null }) {
  const t = useT();
  const r = ledgerReason(t, reason);
  return (
    <>
      {r.reason}
      {r.reason && r.note ? ": " : ""}
      {r.note ? <span translate="no">{r.note}</span> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
