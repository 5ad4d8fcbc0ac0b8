import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { parseForm, readForm } from "../lib/forms";
import { changePasswordSchema } from "../../server/schemas/auth";
import { redirectWithToast } from "../lib/toast.server";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Your account · Nearshop" }];

export function loader({ context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/login?next=/account");
  return { name: context.user.name, email: context.user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    // The new session's cookie is put on the response by the procedure.
    await context.trpc.auth.changePassword(parseForm(form, changePasswordSchema));
    return redirectWithToast("/account", "Password changed. Your other sessions have been logged out.");
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function Account() {
  const me = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <main className="narrow">
      <h1>Your account</h1>
      <p>
        {me.name} · {me.email}
      </p>
      <p>
        <Link to="/account/security">Security: two-factor sign-in and where you are signed in →</Link>
      </p>
      <h2>Change your password</h2>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field label="Current password" name="currentPassword" type="password" failure={failure} autoComplete="current-password" required />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          failure={failure}
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters. This logs you out on your other devices."
        />
        <button type="submit">Change password</button>
      </Form>
      <h2>Your data</h2>
      <p>
        <a href="/account/data.json" download>
          Download all your data
        </a>{" "}
        (account, orders in every shop, what shops keep on you, consents, messages) as a JSON file.
      </p>
      <p>
        <Link to="/account/erase">Erase your account…</Link>
      </p>
    </main>
  );
}
