import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { ShopFields, shopFieldLabels } from "../components/shop-form";
import { ErrorSummary } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { signUpSchema } from "../../server/schemas/auth";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Open your shop · Nearshop" }];

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
  return (
    <main className="narrow">
      <h1>Open your shop</h1>
      <Form method="post" noValidate>
        <ErrorSummary failure={failure} labels={{ name: "Your name", email: "Email", password: "Password", ...shopFieldLabels("shop.") }} />
        <FormError failure={failure} />
        <fieldset>
          <legend>You</legend>
          <Field label="Your name" name="name" failure={failure} autoComplete="name" required />
          <Field label="Email" name="email" type="email" failure={failure} autoComplete="email" required />
          <Field
            label="Password"
            name="password"
            type="password"
            failure={failure}
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters"
          />
        </fieldset>
        <fieldset>
          <legend>Your shop</legend>
          <ShopFields failure={failure} prefix="shop." />
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create my shop"}
        </button>
      </Form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </main>
  );
}
