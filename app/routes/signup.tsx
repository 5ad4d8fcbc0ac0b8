import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { ShopFields, shopFieldLabels } from "../components/shop-form";
import { ErrorSummary } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { signUpSchema } from "../../server/schemas/auth";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.signup.title") }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.auth.signUp(parseForm(form, signUpSchema));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
  return redirect("/check-inbox?for=signup");
}

export default function SignUp() {
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("common.nav.openShop")}</h1>
      <Form method="post" noValidate>
        <ErrorSummary
          failure={failure}
          labels={{
            name: t("store.checkout.name"),
            email: t("account.field.email"),
            password: t("account.field.password"),
            ...shopFieldLabels("shop."),
          }}
        />
        <FormError failure={failure} />
        <fieldset>
          <legend>{t("account.signup.you")}</legend>
          <Field label={t("store.checkout.name")} name="name" failure={failure} autoComplete="name" required />
          <Field label={t("account.field.email")} name="email" type="email" failure={failure} autoComplete="email" required />
          <Field
            label={t("account.field.password")}
            name="password"
            type="password"
            failure={failure}
            autoComplete="new-password"
            required
            minLength={10}
            hint={t("account.field.passwordHint")}
          />
        </fieldset>
        <fieldset>
          <legend>{t("account.signup.yourShop")}</legend>
          <ShopFields failure={failure} prefix="shop." />
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? t("account.join.busy") : t("account.signup.submit")}
        </button>
      </Form>
      <p>{t.rich("account.signup.haveAccount", { login: (chunks) => <Link to="/login">{chunks}</Link> })}</p>
    </main>
  );
}
