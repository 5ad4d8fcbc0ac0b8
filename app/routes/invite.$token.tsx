import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { acceptInviteSchema } from "../../server/schemas/staff";
import { unsetIfBlank } from "../../server/schemas/form-fields";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Join a shop · Nearshop" }];

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
    return redirectWithToast(r.redirectTo, "Welcome aboard!");
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Invite() {
  const { invitation, me } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { pathname } = useLocation();
  if (!invitation.usable) {
    return (
      <main className="narrow">
        <h1>This invitation is no longer valid</h1>
        <p>It was used, withdrawn or has expired. Ask the owner of {invitation.shop.name} to send a new one.</p>
      </main>
    );
  }
  const role = invitation.role === "manager" ? "a manager" : "a cashier";
  return (
    <main className="narrow">
      <h1>Join {invitation.shop.name}</h1>
      <p>
        You are invited to work at {invitation.shop.name} as {role}.
      </p>
      <FormError failure={failure} />
      {me ? (
        me.email === invitation.email ? (
          <Form method="post">
            <button type="submit">Accept and open the shop</button>
          </Form>
        ) : (
          <p>
            This invitation is for {invitation.email}, but you are logged in as {me.email}. Log out, then open the link again.
          </p>
        )
      ) : invitation.hasAccount ? (
        <p>
          <Link to={`/login?next=${encodeURIComponent(pathname)}`} className="button">
            Log in as {invitation.email} to accept
          </Link>
        </p>
      ) : (
        <Form method="post" noValidate>
          <p>Create your account for {invitation.email}:</p>
          <Field label="Your name" name="name" failure={failure} autoComplete="name" required />
          <Field
            label="Choose a password"
            name="password"
            type="password"
            failure={failure}
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters"
          />
          <button type="submit">Create my account and join</button>
        </Form>
      )}
    </main>
  );
}
