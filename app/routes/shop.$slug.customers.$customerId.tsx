import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { StatusBadge } from "../components/orders";
import { ConfirmButton } from "../components/ui";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { customerForm } from "../../server/schemas/orders";
import { formatShopTime } from "../lib/time";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Customer"} · Nearshop` }];

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
  try {
    const saved = await context.trpc.customers.update({ shopSlug, customerId: params.customerId ?? "", ...parseForm(form, customerForm) });
    return redirectWithToast(`/shop/${shopSlug}/customers/${saved.id}`, `${saved.name} saved.`);
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function CustomerPage() {
  const { currency, customer } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const failure = useActionData<typeof action>();
  const slug = useParams().slug ?? "";
  return (
    <>
      <p>
        <Link to={`/shop/${slug}/customers`}>← Customers</Link>
      </p>
      <h1>{customer.name}</h1>
      <p>
        {customer.orderCount} orders · {formatMoney(customer.totalSpent, currency)} spent
        {customer.lastOrderAt ? ` · last on ${formatShopTime(customer.lastOrderAt, timeZone)}` : ""}
      </p>
      <Form method="post" noValidate className="wide-form">
        <FormError failure={failure} />
        <Field label="Name" name="name" failure={failure} defaultValue={customer.name} required />
        <Field label="Email" name="email" type="email" failure={failure} defaultValue={customer.email} />
        <Field label="Phone" name="phone" failure={failure} defaultValue={customer.phone} />
        <div className="field">
          <label htmlFor="f-notes">Notes</label>
          <textarea id="f-notes" name="notes" rows={4} defaultValue={customer.notes} maxLength={2000} />
        </div>
        <label>
          <input type="checkbox" name="marketingConsent" defaultChecked={customer.marketingConsent} /> Agrees to marketing emails
          {customer.consentAt ? <small> (since {formatShopTime(customer.consentAt, timeZone)})</small> : null}
        </label>
        <button type="submit">Save</button>
      </Form>
      <h2>Data requests</h2>
      <p>
        <a href={`/shop/${slug}/customers/${customer.id}/export.json`} download>
          Export this customer&apos;s data (JSON)
        </a>
      </p>
      <Form method="post" action={`/shop/${slug}/customers/${customer.id}/erase`}>
        <ConfirmButton
          title={`Erase ${customer.name}'s personal data?`}
          message="Name, email, phone, notes and consent go, here and on their orders. The orders stay, with their amounts. This cannot be undone."
          confirmLabel="Erase personal data"
        >
          Erase personal data…
        </ConfirmButton>
      </Form>
      <h2>Orders</h2>
      {customer.orders.length === 0 ? (
        <p className="empty">No orders yet.</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Channel</th>
                <th>Status</th>
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {customer.orders.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/shop/${slug}/orders/${o.id}`}>#{o.number}</Link>
                  </td>
                  <td>{formatShopTime(o.createdAt, timeZone)}</td>
                  <td>{o.channel === "pos" ? "Till" : "Online"}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num">{formatMoney(o.total, o.currency)}</td>
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
