import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { ErrorSummary } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { signUpShopperSchema } from "../../server/schemas/auth";
import { toResponse } from "../lib/trpc.server";
import { GeneralErrorBoundary } from "../components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Create your account · Nearshop" }];

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
  return (
    <main className="narrow">
      <h1>Create your account</h1>
      <p>Follow your orders from every shop in one place. Orders you placed as a guest with this email join your account once you confirm it.</p>
      <Form method="post" noValidate>
        <ErrorSummary failure={failure} labels={{ name: "Your name", email: "Email", password: "Password" }} />
        <FormError failure={failure} />
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
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create my account"}
        </button>
      </Form>
      <p>
        Already have an account? <Link to="/login">Log in</Link>. Selling? <Link to="/signup">Open your shop</Link>.
      </p>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
