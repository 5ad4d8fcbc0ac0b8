import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { jsonOrError } from "../lib/json.server";
import { load } from "../lib/trpc.server";
import { paramsOrInvalid, textParam } from "../lib/url-params";
import { tillCustomerCreateSchema } from "../../server/schemas/till";
import { CUSTOMER_ADD_KEYS, inputMessages } from "../../server/schemas/till-messages";
import { translate } from "../i18n/web/translate";

/** JSON for the till's customer box (F3): the shop's customers by name, email or phone. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return load(request, () =>
    jsonOrError(() => {
      const { q } = paramsOrInvalid(new URL(request.url), z.object({ q: textParam }));
      return context.trpc.pos.customers({ shopSlug: params.slug ?? "", q: q ?? undefined });
    }),
  );
}

/** A customer added at the till, sent as JSON ({ name, email, phone }); the answer is the customer, or `{ error }`. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: translate(context.locale, "till.input.unreadable") }, { status: 400 });
  }
  const input = tillCustomerCreateSchema.safeParse(body);
  if (!input.success) {
    const said = Object.values(inputMessages(context.locale, input.error.issues, CUSTOMER_ADD_KEYS))[0];
    return Response.json({ error: said ?? translate(context.locale, "till.input.unreadable") }, { status: 400 });
  }
  return load(request, () => jsonOrError(() => context.trpc.pos.addCustomer({ ...input.data, shopSlug: params.slug ?? "" })));
}
