import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { StatusBadge } from "../components/orders";
import { ConfirmButton } from "../components/ui";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { customerForm } from "../../server/schemas/orders";
import { translator, useFormat, useT } from "../lib/i18n";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Nearshop"} · Nearshop` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [current, customer] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.customers.get({ shopSlug, customerId: params.customerId ?? "" })]),
  );
  return { currency: current.shop.currency, customer };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  const t = translator(context.locale);
  try {
    const saved = await context.trpc.customers.update({ shopSlug, customerId: params.customerId ?? "", ...parseForm(form, customerForm) });
    return redirectWithToast(`/shop/${shopSlug}/customers/${saved.id}`, t("customers.toast.saved", { name: saved.name }));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function CustomerPage() {
  const { currency, customer } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const failure = useActionData<typeof action>();
  const slug = useParams().slug ?? "";
  const t = useT();
  const f = useFormat();
  return (
    <>
      <p>
        <Link to={`/shop/${slug}/customers`}>{t("customers.page.back")}</Link>
      </p>
      <h1 translate="no">{customer.name}</h1>
      <p>
        {t("customers.page.summary", { count: customer.orderCount, spent: f.money(customer.totalSpent, currency) })}
        {customer.lastOrderAt ? ` · ${t("customers.page.lastOn", { time: f.dateTime(customer.lastOrderAt, timeZone) })}` : ""}
      </p>
      <Form method="post" noValidate className="wide-form">
        <FormError failure={failure} />
        <Field label={t("customers.field.name")} name="name" failure={failure} defaultValue={customer.name} required />
        <Field label={t("customers.field.email")} name="email" type="email" failure={failure} defaultValue={customer.email} />
        <Field label={t("customers.field.phone")} name="phone" failure={failure} defaultValue={customer.phone} />
        <div className="field">
          <label htmlFor="f-notes">{t("customers.field.notes")}</label>
          <textarea id="f-notes" name="notes" rows={4} defaultValue={customer.notes} maxLength={2000} />
        </div>
        <label>
          <input type="checkbox" name="marketingConsent" defaultChecked={customer.marketingConsent} /> {t("customers.field.consent")}
          {customer.consentAt ? <small> {t("customers.page.since", { time: f.dateTime(customer.consentAt, timeZone) })}</small> : null}
        </label>
        <button type="submit">{t("common.save")}</button>
      </Form>
      <h2>{t("customers.page.dataRequests")}</h2>
      <p>
        <a href={`/shop/${slug}/customers/${customer.id}/export.json`} download>
          {t("customers.page.export")}
        </a>
      </p>
      <Form method="post" action={`/shop/${slug}/customers/${customer.id}/erase`}>
        <ConfirmButton
          title={t("customers.erase.title", { name: customer.name })}
          message={t("customers.erase.message")}
          confirmLabel={t("customers.erase.confirm")}
        >
          {t("customers.erase.button")}
        </ConfirmButton>
      </Form>
      <h2>{t("customers.col.orders")}</h2>
      {customer.orders.length === 0 ? (
        <p className="empty">{t("customers.page.noOrders")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t("orders.col.when")}</th>
                <th>{t("orders.col.channel")}</th>
                <th>{t("orders.col.status")}</th>
                <th className="num">{t("orders.col.total")}</th>
              </tr>
            </thead>
            <tbody>
              {customer.orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/shop/${slug}/orders/${o.id}`}>#{o.number}</Link>
                  </td>
                  <td>{f.dateTime(o.createdAt, timeZone)}</td>
                  <td>{o.channel === "pos" ? t("orders.channel.pos") : t("orders.channel.online")}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num">{f.money(o.total, o.currency)}</td>
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
