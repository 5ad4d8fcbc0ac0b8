import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "../components/form";
import { ShopFields } from "../components/shop-form";
import { formInput, keepValues } from "../lib/forms";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Shop settings · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return load(request, () => context.trpc.shops.settings({ shopSlug: params.slug ?? "" }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    type Input = Parameters<typeof context.trpc.shops.updateSettings>[0];
    const shop = await context.trpc.shops.updateSettings({ ...formInput<Input>(form), shopSlug: params.slug ?? "" });
    return redirectWithToast(`/shop/${shop.slug}/settings`, "Settings saved.");
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function ShopSettings() {
  const shop = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Shop settings</h1>
      <Form method="post" noValidate className="wide-form">
        <FormError failure={failure} />
        <ShopFields failure={failure} shop={shop} />
        <button type="submit" disabled={busy}>{busy ? "Saving…" : "Save settings"}</button>
      </Form>
    </>
  );
}
