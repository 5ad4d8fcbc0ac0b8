import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { forgotPasswordSchema } from "../../server/schemas/auth";
import { toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Forgot your password · Nearshop" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    await context.trpc.auth.requestPasswordReset(parseForm(form, forgotPasswordSchema));
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
  return redirect("/check-inbox?for=reset");
}

export default function ForgotPassword() {
  const failure = useActionData<typeof action>();
  return (
    <main className="narrow">
      <h1>Forgot your password?</h1>
      <p>Enter your email and we will send you a link to choose a new one.</p>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field label="Email" name="email" type="email" failure={failure} autoComplete="email" required autoFocus />
        <button type="submit">Send the link</button>
      </Form>
    </main>
  );
}
