import type { ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "../lib/forms";
import { redirectWithToast } from "../lib/toast.server";
import { toResponse } from "../lib/trpc.server";
import { translator } from "../lib/i18n";

/** Erases one customer's personal data in this shop (the customer page's "Erase" button); orders keep their amounts. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const customerId = params.customerId ?? "";
  await readForm(request);
  try {
    const r = await context.trpc.privacy.eraseCustomer({ shopSlug, customerId });
    return redirectWithToast(`/shop/${shopSlug}/customers/${customerId}`, translator(context.locale)("customers.toast.erased", { count: r.ordersKept }));
  } catch (error) {
    return toResponse(error, request);
  }
}
