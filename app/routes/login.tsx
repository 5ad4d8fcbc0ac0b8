import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { z } from "zod";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { logInSchema } from "../../server/schemas/auth";
import { localPath } from "../lib/local-path";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.login.title") }];

/** Only same-site paths, so ?next= cannot send anyone elsewhere. */
const safeNext = localPath;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeNext(new URL(request.url).searchParams.get("next")) ?? "/shops");
  return null;
}

/** The log-in form: the procedure's input, and where to go after. */
const logInForm = logInSchema.extend({ next: z.string().max(2000).optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const { next: rawNext, ...input } = parseForm(form, logInForm);
    const result = await context.trpc.auth.logIn(input);
    // The session cookie (or the second step's) is put on the response by the procedure, never in a body.
    const next = safeNext(rawNext);
    if (result.twoFactor) return redirect(`/login/two-factor${next ? `?next=${encodeURIComponent(next)}` : ""}`);
    return redirect(next ?? result.redirectTo);
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function LogIn() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("common.nav.logIn")}</h1>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field label={t("account.field.email")} name="email" type="email" failure={failure} autoComplete="email" required autoFocus />
        <Field label={t("account.field.password")} name="password" type="password" failure={failure} autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {busy ? t("account.login.busy") : t("common.nav.logIn")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("account.forgot.heading")}</Link> · <Link to="/signup">{t("account.login.openShop")}</Link>
      </p>
    </main>
  );
}
