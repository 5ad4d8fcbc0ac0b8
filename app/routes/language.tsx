import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { FormRejected, parseForm, readForm } from "../lib/forms";
import { localPath } from "../lib/local-path";
import { localeCookie } from "../lib/locale.server";

const languageForm = z.object({
  locale: z.enum(["en", "fr"], { message: "Choose English or French" }),
  redirectTo: z.string().max(2000).optional(),
});

/**
 * The language switcher (in every page's menu): kept in a cookie for
 * everyone, and on the account when signed in, so it follows the person to
 * their other devices. Back to the page it was used on.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  let input: z.output<typeof languageForm>;
  try {
    input = parseForm(form, languageForm);
  } catch (error) {
    // Only a hand-made request gets here (the switcher sends one of two values); a page-less route answers in plain text.
    if (error instanceof FormRejected) return new Response(`${error.message}.`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
  if (context.user) await context.trpc.shopper.setLocale({ locale: input.locale });
  return redirect(localPath(input.redirectTo) ?? "/", { headers: { "Set-Cookie": localeCookie(input.locale) } });
}

export function loader() {
  return redirect("/");
}
