import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ProductEditor } from "../components/product-editor";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { productForm } from "../../server/schemas/product-form";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "New product · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [{ shop }, categories] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.catalog.categories({ shopSlug })]),
  );
  return { currency: shop.currency, categories };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    const product = await context.trpc.catalog.create({ shopSlug, ...parseForm(form, productForm(shop.currency)) });
    return redirectWithToast(`/shop/${shopSlug}/products/${product.id}`, `${product.title} created.`);
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function NewProduct() {
  const { currency, categories } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          Products
        </Link>
      </p>
      <h1>New product</h1>
      <ProductEditor categories={categories} currency={currency} failure={useActionData<typeof action>()} submitLabel="Create product" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
