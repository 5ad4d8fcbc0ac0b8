import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readForm } from "../lib/forms";

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request); // a hostile form is refused like on every other page
  if (!context.user) return redirect("/");
  await context.trpc.auth.logOut(); // sets the blank session cookie on the response
  return redirect("/");
}

export function loader() {
  return redirect("/");
}
