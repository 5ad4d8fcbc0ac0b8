import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function action({ context }: ActionFunctionArgs) {
  if (!context.user) return redirect("/");
  const { cookie } = await context.trpc.auth.logOut();
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
