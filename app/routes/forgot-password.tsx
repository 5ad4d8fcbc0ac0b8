import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { forgotPasswordSchema } from "../../server/schemas/auth";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.forgot.title") }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.auth.requestPasswordReset(parseForm(form, forgotPasswordSchema));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
  return redirect("/check-inbox?for=reset");
}

export default function ForgotPassword() {
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.forgot.heading")}</h1>
      <p>{t("account.forgot.intro")}</p>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field label={t("account.field.email")} name="email" type="email" failure={failure} autoComplete="email" required autoFocus />
        <button type="submit">{t("account.forgot.submit")}</button>
      </Form>
    </main>
  );
}
