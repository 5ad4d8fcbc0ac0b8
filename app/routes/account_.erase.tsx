import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { ConfirmButton } from "../components/ui";
import { parseForm, readForm } from "../lib/forms";
import { toResponse } from "../lib/trpc.server";
import { eraseMeSchema } from "../../server/schemas/privacy";
import { useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.erase.title") }];

export function loader({ context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/login?next=/account/erase");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    // Every session ends with the account; the procedure clears this browser's cookie.
    await context.trpc.privacy.eraseMe(parseForm(form, eraseMeSchema));
    return redirect("/account/erased");
  } catch (error) {
    return toResponse(error, request);
  }
}

/** The confirm step: what erasing does, the password, the word typed, then a last question. */
export default function EraseAccount() {
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="narrow">
      <h1>{t("account.erase.heading")}</h1>
      <p>{t("account.erase.intro")}</p>
      <ul>
        <li>{t("account.erase.data")}</li>
        <li>{t("account.erase.orders")}</li>
        <li>{t("account.erase.signedOut")}</li>
      </ul>
      <p>
        {t.rich("account.erase.download", {
          link: (chunks) => (
            <a href="/account/data.json" download>
              {chunks}
            </a>
          ),
        })}
      </p>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field label={t("account.erase.password")} name="password" type="password" failure={failure} autoComplete="current-password" required />
        <Field label={t("account.erase.confirm")} name="confirm" failure={failure} autoComplete="off" required />
        <ConfirmButton title={t("account.erase.confirmTitle")} message={t("account.erase.confirmMessage")} confirmLabel={t("account.erase.button")}>
          {t("account.erase.button")}
        </ConfirmButton>{" "}
        <Link to="/account">{t("account.erase.keep")}</Link>
      </Form>
    </main>
  );
}
