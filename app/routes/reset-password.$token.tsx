import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { parseForm, readForm } from "../lib/forms";
import { resetPasswordSchema } from "../../server/schemas/auth";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Nearshop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const usable = await load(request, () => context.trpc.auth.resetTokenUsable({ token: params.token ?? "" }));
  return { usable };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  try {
    const r = await context.trpc.auth.resetPassword({ token: params.token ?? "", ...parseForm(form, resetPasswordSchema.omit({ token: true })) });
    return redirectWithToast(r.redirectTo, "Your password has been changed.");
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  if (!usable) {
    return (
      <main className="narrow">
        <h1>This link has expired</h1>
        <p>
          Reset links work once, for one hour. <Link to="/forgot-password">Ask for a new one</Link>.
        </p>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>Choose a new password</h1>
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <Field
          label="New password"
          name="password"
          type="password"
          failure={failure}
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters. You will be logged out everywhere else."
        />
        <button type="submit">Save the new password</button>
      </Form>
    </main>
  );
}
