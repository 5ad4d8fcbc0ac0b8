import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ConfirmButton } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { formatsFor, translator, useFormat, useT } from "../lib/i18n";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { cashUpForm } from "../../server/schemas/orders";
import { z } from "zod";
import { requireParams, textParam } from "../lib/url-params";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("till.cashUp.meta") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, locations, registers] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.inventory.locations({ shopSlug }), context.trpc.registers.list({ shopSlug })]),
  );
  const wanted = requireParams(request, z.object({ location: textParam, register: textParam }));
  const locationId = wanted.location ?? locations[0]?.id ?? "";
  // A register's own drawer, or the location's shared one (sales made without a register).
  const registerId = wanted.register;
  const preview = await load(request, () => context.trpc.pos.cashUpPreview({ shopSlug, locationId, registerId }));
  const here = registers.filter((r) => r.locationId === locationId).map((r) => ({ id: r.id, name: r.name }));
  return { currency: current.shop.currency, locations: locations.map((l) => ({ id: l.id, name: l.name })), registers: here, preview, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, cashUpForm(shop.currency));
    const done = await context.trpc.pos.cashUp({ shopSlug, ...input });
    const t = translator(context.locale);
    const f = formatsFor(context.locale);
    const diff = t("till.cashUp.diff", {
      kind: done.difference === 0 ? "even" : done.difference > 0 ? "over" : "short",
      amount: f.money(Math.abs(done.difference), shop.currency),
    });
    return redirectWithToast(
      `/shop/${shopSlug}/cash-up?location=${input.locationId}${input.registerId ? `&register=${input.registerId}` : ""}`,
      t("till.cashUp.recorded", { expected: f.money(done.expected, shop.currency), diff }),
    );
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

/** End of day: expected cash (float + cash sales − cash refunds) against the count. */
export default function CashUp() {
  const { currency, locations, registers, preview } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [params, setParams] = useSearchParams();
  const t = useT();
  const f = useFormat();
  const money = (n: number) => f.money(n, currency);
  return (
    <>
      <h1>{t("till.cashUp.title")}</h1>
      <label>
        {t("till.at")}{" "}
        <select value={params.get("location") ?? preview.location.id} onChange={(e) => setParams({ location: e.target.value })}>
          {locations.map((l) => (
            <option key={l.id} value={l.id} translate="no">
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {registers.length ? (
        <label>
          {" "}
          {t("till.cashUp.drawer")}{" "}
          <select
            value={preview.register?.id ?? ""}
            onChange={(e) => setParams(e.target.value ? { location: preview.location.id, register: e.target.value } : { location: preview.location.id })}
          >
            <option value="">{t("till.cashUp.shared")}</option>
            {registers.map((r) => (
              <option key={r.id} value={r.id} translate="no">
                {r.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <p>
        {preview.periodStart.valueOf() === new Date(0).valueOf() || new Date(preview.periodStart).getTime() === 0
          ? t("till.cashUp.sinceFirst", { count: preview.sales })
          : t("till.cashUp.since", { time: f.dateTime(preview.periodStart, timeZone), count: preview.sales })}
      </p>
      <dl className="totals">
        <dt>{t("till.cashUp.cashTaken")}</dt>
        <dd data-testid="cash-sales">{money(preview.cashSales)}</dd>
        <dt>{t("till.cashUp.cashRefunded")}</dt>
        <dd>−{money(preview.cashRefunds)}</dd>
        <dt>{t("till.cashUp.card")}</dt>
        <dd>{money(preview.cardSales)}</dd>
      </dl>
      <Form method="post" noValidate className="wide-form">
        <input type="hidden" name="locationId" value={preview.location.id} />
        {preview.register ? <input type="hidden" name="registerId" value={preview.register.id} /> : null}
        <FormError failure={failure} />
        <Field label={t("till.cashUp.float")} name="float" inputMode="decimal" failure={failure} defaultValue={t("till.amount.placeholder")} />
        <Field label={t("till.cashUp.counted")} name="counted" inputMode="decimal" failure={failure} required />
        <Field label={t("till.cashUp.note")} name="note" failure={failure} />
        <ConfirmButton
          variant="primary"
          disabled={busy}
          title={t("till.cashUp.confirmTitle")}
          message={t("till.cashUp.confirmMessage")}
          confirmLabel={t("till.cashUp.record")}
        >
          {t("till.cashUp.record")}
        </ConfirmButton>
      </Form>
      <h2>{t("till.cashUp.earlier")}</h2>
      {preview.history.length === 0 ? (
        <p className="empty">{t("till.cashUp.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{t("till.cashUp.closed")}</th>
                <th className="num">{t("till.cashUp.expected")}</th>
                <th className="num">{t("till.cashUp.countedCol")}</th>
                <th className="num">{t("till.cashUp.difference")}</th>
                <th>{t("till.cashUp.note")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.history.map((h) => (
                <tr key={h.id}>
                  <td>{f.dateTime(h.periodEnd, timeZone)}</td>
                  <td className="num">{money(h.expected)}</td>
                  <td className="num">{money(h.counted)}</td>
                  <td className="num">{money(h.difference)}</td>
                  <td translate="no">{h.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
