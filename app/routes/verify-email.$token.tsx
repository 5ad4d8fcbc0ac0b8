import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { toResponse } from "../lib/trpc.server";
import { readForm } from "../lib/forms";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.verify.title") }];

// A button, not a GET: mail scanners that open links must not use up the token.
export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request); // a hostile form is refused like on every other page
  try {
    const r = await context.trpc.auth.verifyEmail({ token: params.token ?? "" });
    return redirectWithToast(r.redirectTo, translator(context.locale)("account.verify.done"));
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function VerifyEmail() {
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.verify.heading")}</h1>
      <FormError failure={failure} />
      {failure ? (
        <p>{t.rich("account.verify.fresh", { login: (chunks) => <Link to="/login">{chunks}</Link> })}</p>
      ) : (
        <Form method="post">
          <button type="submit">{t("account.verify.submit")}</button>
        </Form>
      )}
    </main>
  );
}
