import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { Pager } from "../components/pager";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { translator, useFormat, useT } from "../lib/i18n";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { customerForm, customerListSchema } from "../../server/schemas/orders";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("customers.list.title") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  // The pager sends `after`; an empty search box means no search.
  const { q, after } = requireParams(request, customerListSchema.omit({ cursor: true }).extend({ after: idSchema.optional() }));
  const [current, list] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.customers.list({ shopSlug, q, cursor: after })]),
  );
  return { currency: current.shop.currency, list, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const made = await context.trpc.customers.create({ shopSlug, ...parseForm(form, customerForm) });
    return redirectWithToast(`/shop/${shopSlug}/customers/${made.id}`, translator(context.locale)("customers.toast.added", { name: made.name }));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Customers() {
  const { currency, list } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const slug = useParams().slug ?? "";
  const [params] = useSearchParams();
  const t = useT();
  const f = useFormat();
  return (
    <>
      <h1>{t("customers.list.heading")}</h1>
      <Form method="get" className="filters">
        <label>
          {t("customers.list.search")} <input name="q" defaultValue={params.get("q") ?? ""} placeholder={t("customers.list.searchPlaceholder")} />
        </label>
        <button type="submit">{t("customers.list.search")}</button>
      </Form>
      {list.items.length === 0 ? (
        <p className="empty">{params.get("q") ? t("customers.list.noMatch") : t("customers.list.empty")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>{t("customers.field.name")}</th>
                <th>{t("customers.field.email")}</th>
                <th>{t("customers.field.phone")}</th>
                <th className="num">{t("customers.col.orders")}</th>
                <th className="num">{t("customers.col.spent")}</th>
                <th>{t("customers.col.marketing")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/shop/${slug}/customers/${c.id}`} translate="no">
                      {c.name}
                    </Link>
                  </td>
                  <td translate="no">{c.email}</td>
                  <td translate="no">{c.phone}</td>
                  <td className="num">{c.orderCount}</td>
                  <td className="num">{f.money(c.totalSpent, currency)}</td>
                  <td>{c.marketingConsent ? t("common.yes") : t("customers.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={list.nextCursor} />
      <details open={Boolean(failure)}>
        <summary>{t("customers.list.add")}</summary>
        <Form method="post" noValidate className="wide-form">
          <FormError failure={failure} />
          <Field label={t("customers.field.name")} name="name" failure={failure} required />
          <Field label={t("customers.field.email")} name="email" type="email" failure={failure} />
          <Field label={t("customers.field.phone")} name="phone" failure={failure} />
          <label>
            <input type="checkbox" name="marketingConsent" /> {t("customers.field.consent")}
          </label>
          <button type="submit">{t("customers.list.addButton")}</button>
        </Form>
      </details>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
