import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { toResponse } from "../lib/trpc.server";
import { readForm } from "../lib/forms";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Nearshop" }];

// A button, not a GET: mail scanners that open links must not use up the token.
export async function action({ request, params, context }: ActionFunctionArgs) {
  await readForm(request); // a hostile form is refused like on every other page
  try {
    const r = await context.trpc.auth.verifyEmail({ token: params.token ?? "" });
    return redirectWithToast(r.redirectTo, "Your email is confirmed. Welcome to Nearshop!");
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function VerifyEmail() {
  const failure = useActionData<typeof action>();
  return (
    <main className="narrow">
      <h1>Confirm your email</h1>
      <FormError failure={failure} />
      {failure ? (
        <p>
          <Link to="/login">Log in</Link> and we will send you a fresh link.
        </p>
      ) : (
        <Form method="post">
          <button type="submit">Confirm my email</button>
        </Form>
      )}
    </main>
  );
}
