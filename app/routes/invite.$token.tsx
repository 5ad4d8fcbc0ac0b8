import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { acceptInviteSchema } from "../../server/schemas/staff";
import { unsetIfBlank } from "../../server/schemas/form-fields";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.invite.title") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const invitation = await load(request, () => context.trpc.staff.describeInvitation({ token: params.token ?? "" }));
  return { invitation, me: context.user ? { email: context.user.email } : null };
}

/** Name and password only when the invitee has no account yet: left empty, they are not set. */
const acceptForm = acceptInviteSchema.pick({ name: true, password: true }).extend({
  name: unsetIfBlank(acceptInviteSchema.shape.name.unwrap()),
  password: unsetIfBlank(acceptInviteSchema.shape.password.unwrap()),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const r = await context.trpc.staff.acceptInvitation({ token: params.token ?? "", ...parseForm(form, acceptForm) });
    return redirectWithToast(r.redirectTo, translator(context.locale)("account.invite.welcome"));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Invite() {
  const { invitation, me } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { pathname } = useLocation();
  const t = useT();
  const shop = <span translate="no">{invitation.shop.name}</span>;
  const email = <span translate="no">{invitation.email}</span>;
  if (!invitation.usable) {
    return (
      <main className="narrow">
        <h1>{t("account.invite.invalid")}</h1>
        <p>{t.rich("account.invite.invalidText", { shop })}</p>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>{t.rich("account.invite.heading", { shop })}</h1>
      <p>{t.rich("account.invite.text", { shop, role: invitation.role === "manager" ? "manager" : "cashier" })}</p>
      <FormError failure={failure} />
      {me ? (
        me.email === invitation.email ? (
          <Form method="post">
            <button type="submit">{t("account.invite.accept")}</button>
          </Form>
        ) : (
          <p>{t.rich("account.invite.otherAccount", { email, me: <span translate="no">{me.email}</span> })}</p>
        )
      ) : invitation.hasAccount ? (
        <p>
          <Link to={`/login?next=${encodeURIComponent(pathname)}`} className="button">
            {t.rich("account.invite.logIn", { email })}
          </Link>
        </p>
      ) : (
        <Form method="post" noValidate>
          <p>{t.rich("account.invite.create", { email })}</p>
          <Field label={t("store.checkout.name")} name="name" failure={failure} autoComplete="name" required />
          <Field
            label={t("account.invite.password")}
            name="password"
            type="password"
            failure={failure}
            autoComplete="new-password"
            required
            minLength={10}
            hint={t("account.field.passwordHint")}
          />
          <button type="submit">{t("account.invite.createJoin")}</button>
        </Form>
      )}
    </main>
  );
}
