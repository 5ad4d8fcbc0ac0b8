import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { toResponse } from "../lib/trpc.server";
import { cartIntentForm } from "../../server/schemas/orders";
import { slugSchema } from "../../server/schemas/shop";
import { badRequest } from "../../server/services/errors";
import { changeLine } from "./cart";

/** One cart across shops (issue 25): a shop's cart page is the whole cart now. */
export function loader() {
  return redirect("/cart");
}

/** The product page's "Add to cart" (and old pages' line forms) post here, for this shop. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const slug = slugSchema.safeParse(params.slug);
    if (!slug.success) throw badRequest("No such shop");
    const { intent } = parseForm(form, cartIntentForm, { beside: [] });
    if (intent === "checkout") return redirect("/cart");
    return await changeLine(request, context, form, intent, slug.data);
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
