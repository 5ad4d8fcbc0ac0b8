import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ProductEditor } from "../components/product-editor";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { productForm } from "../../server/schemas/product-form";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { translator, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("catalog.new.title") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const [{ shop }, categories] = await load(request, () =>
    Promise.all([context.trpc.shops.current({ shopSlug }), context.trpc.catalog.categories({ shopSlug })]),
  );
  return { currency: shop.currency, categories, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const form = await readForm(request);
  try {
    const { shop } = await context.trpc.shops.current({ shopSlug });
    const product = await context.trpc.catalog.create({ shopSlug, ...parseForm(form, productForm(shop.currency)) });
    return redirectWithToast(`/shop/${shopSlug}/products/${product.id}`, translator(context.locale)("catalog.toast.created", { title: product.title }));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function NewProduct() {
  const { currency, categories } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p className="crumbs">
        <Link to=".." relative="path">
          {t("catalog.list.heading")}
        </Link>
      </p>
      <h1>{t("catalog.new.heading")}</h1>
      <ProductEditor categories={categories} currency={currency} failure={useActionData<typeof action>()} submitLabel={t("catalog.new.submit")} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
