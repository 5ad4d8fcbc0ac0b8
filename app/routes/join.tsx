import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { ErrorSummary } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { signUpShopperSchema } from "../../server/schemas/auth";
import { toResponse } from "../lib/trpc.server";
import { GeneralErrorBoundary } from "../components/error-boundary";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.join.title") }];

export function loader({ context }: LoaderFunctionArgs) {
  // Already signed in: their orders are a click away.
  if (context.user) throw redirect("/account/orders");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.auth.signUpShopper(parseForm(form, signUpShopperSchema));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
  return redirect("/check-inbox?for=join");
}

/** A customer's account: order from any shop, every order in one list. No shop is opened. */
export default function Join() {
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.join.heading")}</h1>
      <p>{t("account.join.intro")}</p>
      <Form method="post" noValidate>
        <ErrorSummary failure={failure} labels={{ name: t("store.checkout.name"), email: t("account.field.email"), password: t("account.field.password") }} />
        <FormError failure={failure} />
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
        <button type="submit" disabled={busy}>
          {busy ? t("account.join.busy") : t("account.join.submit")}
        </button>
      </Form>
      <p>
        {t.rich("account.join.others", {
          login: (chunks) => <Link to="/login">{chunks}</Link>,
          signup: (chunks) => <Link to="/signup">{chunks}</Link>,
        })}
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
