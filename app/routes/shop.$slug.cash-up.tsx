import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ConfirmButton } from "../components/ui";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { cashUpForm } from "../../server/schemas/orders";
import { z } from "zod";
import { requireParams, textParam } from "../lib/url-params";
import { formatShopTime } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction = () => [{ title: "Cash-up · Nearshop" }];

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
  return { currency: current.shop.currency, locations: locations.map((l) => ({ id: l.id, name: l.name })), registers: here, preview };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    const input = parseForm(form, cashUpForm(shop.currency));
    const done = await context.trpc.pos.cashUp({ shopSlug, ...input });
    const diff =
      done.difference === 0 ? "the till balances" : `${formatMoney(Math.abs(done.difference), shop.currency)} ${done.difference > 0 ? "over" : "short"}`;
    return redirectWithToast(
      `/shop/${shopSlug}/cash-up?location=${input.locationId}${input.registerId ? `&register=${input.registerId}` : ""}`,
      `Cash-up recorded: expected ${formatMoney(done.expected, shop.currency)}, ${diff}.`,
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
  const money = (n: number) => formatMoney(n, currency);
  return (
    <>
      <h1>Cash-up</h1>
      <label>
        Till at{" "}
        <select value={params.get("location") ?? preview.location.id} onChange={(e) => setParams({ location: e.target.value })}>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {registers.length ? (
        <label>
          {" "}
          Drawer{" "}
          <select
            value={preview.register?.id ?? ""}
            onChange={(e) => setParams(e.target.value ? { location: preview.location.id, register: e.target.value } : { location: preview.location.id })}
          >
            <option value="">Shared (sales without a register)</option>
            {registers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <p>
        Since{" "}
        {preview.periodStart.valueOf() === new Date(0).valueOf() || new Date(preview.periodStart).getTime() === 0
          ? "the first sale"
          : formatShopTime(preview.periodStart, timeZone)}
        : {preview.sales} sales.
      </p>
      <dl className="totals">
        <dt>Cash taken</dt>
        <dd data-testid="cash-sales">{money(preview.cashSales)}</dd>
        <dt>Cash refunded</dt>
        <dd>−{money(preview.cashRefunds)}</dd>
        <dt>Card terminal (not in the drawer)</dt>
        <dd>{money(preview.cardSales)}</dd>
      </dl>
      <Form method="post" noValidate className="wide-form">
        <input type="hidden" name="locationId" value={preview.location.id} />
        {preview.register ? <input type="hidden" name="registerId" value={preview.register.id} /> : null}
        <FormError failure={failure} />
        <Field label="Float at the start" name="float" inputMode="decimal" failure={failure} defaultValue="0.00" />
        <Field label="Cash counted now" name="counted" inputMode="decimal" failure={failure} required />
        <Field label="Note" name="note" failure={failure} />
        <ConfirmButton variant="primary" disabled={busy} title="Record this cash-up?" message="The next one starts from now." confirmLabel="Record cash-up">
          Record cash-up
        </ConfirmButton>
      </Form>
      <h2>Earlier cash-ups</h2>
      {preview.history.length === 0 ? (
        <p className="empty">None yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>Closed</th>
                <th className="num">Expected</th>
                <th className="num">Counted</th>
                <th className="num">Difference</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {preview.history.map((h) => (
                <tr key={h.id}>
                  <td>{formatShopTime(h.periodEnd, timeZone)}</td>
                  <td className="num">{money(h.expected)}</td>
                  <td className="num">{money(h.counted)}</td>
                  <td className="num">{money(h.difference)}</td>
                  <td>{h.note}</td>
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
