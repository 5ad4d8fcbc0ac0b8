import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Field, FormError } from "../components/form";
import { Pager } from "../components/pager";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { formatMoney } from "../../server/schemas/money";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { customerForm, customerListSchema } from "../../server/schemas/orders";
import { idSchema } from "../../server/schemas/common";
import { requireParams } from "../lib/url-params";

export const meta: MetaFunction = () => [{ title: "Customers · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  // The pager sends `after`; an empty search box means no search.
  const { q, after } = requireParams(request, customerListSchema.omit({ cursor: true }).extend({ after: idSchema.optional() }));
  const [current, list] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.customers.list({ shopSlug, q, cursor: after })]),
  );
  return { currency: current.shop.currency, list };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const made = await context.trpc.customers.create({ shopSlug, ...parseForm(form, customerForm) });
    return redirectWithToast(`/shop/${shopSlug}/customers/${made.id}`, `${made.name} added.`);
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Customers() {
  const { currency, list } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const slug = useParams().slug ?? "";
  const [params] = useSearchParams();
  return (
    <>
      <h1>Customers</h1>
      <Form method="get" className="filters">
        <label>
          Search <input name="q" defaultValue={params.get("q") ?? ""} placeholder="Name, email or phone" />
        </label>
        <button type="submit">Search</button>
      </Form>
      {list.items.length === 0 ? (
        <p className="empty">{params.get("q") ? "No customer matches." : "No customers yet: they are added with online orders, or here."}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Phone</th>
                <th className="num">Orders</th>
                <th className="num">Spent</th>
                <th>Marketing</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/shop/${slug}/customers/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{c.email}</td>
                  <td>{c.phone}</td>
                  <td className="num">{c.orderCount}</td>
                  <td className="num">{formatMoney(c.totalSpent, currency)}</td>
                  <td>{c.marketingConsent ? "Yes" : "No"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={list.nextCursor} />
      <details open={Boolean(failure)}>
        <summary>Add a customer</summary>
        <Form method="post" noValidate className="wide-form">
          <FormError failure={failure} />
          <Field label="Name" name="name" failure={failure} required />
          <Field label="Email" name="email" type="email" failure={failure} />
          <Field label="Phone" name="phone" failure={failure} />
          <label>
            <input type="checkbox" name="marketingConsent" /> Agrees to marketing emails
          </label>
          <button type="submit">Add customer</button>
        </Form>
      </details>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
