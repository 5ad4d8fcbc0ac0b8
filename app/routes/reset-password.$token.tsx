import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { parseForm, readForm } from "../lib/forms";
import { resetPasswordSchema } from "../../server/schemas/auth";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.reset.title") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const usable = await load(request, () => context.trpc.auth.resetTokenUsable({ token: params.token ?? "" }));
  return { usable };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const r = await context.trpc.auth.resetPassword({ token: params.token ?? "", ...parseForm(form, resetPasswordSchema.omit({ token: true })) });
    return redirectWithToast(r.redirectTo, translator(context.locale)("account.reset.done"));
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  if (!usable) {
    return (
      <main className="narrow">
        <h1>{t("account.reset.expired")}</h1>
        <p>{t.rich("account.reset.expiredText", { link: (chunks) => <Link to="/forgot-password">{chunks}</Link> })}</p>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>{t("account.reset.heading")}</h1>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field
          label={t("account.password.new")}
          name="password"
          type="password"
          failure={failure}
          autoComplete="new-password"
          required
          minLength={10}
          hint={t("account.reset.hint")}
        />
        <button type="submit">{t("account.reset.submit")}</button>
      </Form>
    </main>
  );
}
