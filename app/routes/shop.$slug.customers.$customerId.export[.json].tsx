import type { LoaderFunctionArgs } from "@remix-run/node";
import { load } from "../lib/trpc.server";

/** One customer's record and orders in this shop as JSON, for a data-access request (recorded in the audit log). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const shopSlug = params.slug ?? "";
  const customerId = params.customerId ?? "";
  const data = await load(request, () => context.trpc.privacy.exportCustomer({ shopSlug, customerId }));
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-${customerId.replace(/[^0-9a-f-]/g, "")}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
