import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { load } from "../lib/trpc.server";

/** Everything Nearshop holds about the signed-in person, as a JSON file (recorded in the audit log). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/login?next=/account");
  const data = await load(request, () => context.trpc.privacy.myData());
  const date = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="nearshop-my-data-${date}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
