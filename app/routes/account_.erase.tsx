import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { ConfirmButton } from "../components/ui";
import { parseForm, readForm } from "../lib/forms";
import { toResponse } from "../lib/trpc.server";
import { eraseMeSchema } from "../../server/schemas/privacy";

export const meta: MetaFunction = () => [{ title: "Erase your account · Nearshop" }];

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
  return (
    <main className="narrow">
      <h1>Erase your account</h1>
      <p>This cannot be undone. When you erase your account:</p>
      <ul>
        <li>your name, email, phone, addresses, notes and marketing consents are removed from Nearshop and from every shop you bought from;</li>
        <li>your orders stay in the shops&apos; accounts with their amounts, under the name &quot;Erased customer&quot;;</li>
        <li>you are signed out everywhere and cannot sign in again.</li>
      </ul>
      <p>
        <a href="/account/data.json" download>
          Download your data first
        </a>{" "}
        if you want a copy.
      </p>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field label="Your password" name="password" type="password" failure={failure} autoComplete="current-password" required />
        <Field label="Type ERASE to confirm" name="confirm" failure={failure} autoComplete="off" required />
        <ConfirmButton
          title="Erase your account for good?"
          message="Your personal data is removed at once. This cannot be undone."
          confirmLabel="Erase my account"
        >
          Erase my account
        </ConfirmButton>{" "}
        <Link to="/account">Keep my account</Link>
      </Form>
    </main>
  );
}
