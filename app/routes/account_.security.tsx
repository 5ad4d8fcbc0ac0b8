import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmButton } from "../components/ui";
import { Field, FormError } from "../components/form";
import { LocalTime } from "../components/local-time";
import { RecoveryCodes, TotpSetup } from "../components/two-factor";
import { parseForm, readForm } from "../lib/forms";
import { securityPageForm } from "../../server/schemas/auth";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = () => [{ title: "Security · Your account · Nearshop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.user) throw redirect("/login?next=/account/security");
  const [status, sessions] = await Promise.all([load(request, () => context.trpc.auth.twoFactorStatus()), load(request, () => context.trpc.auth.sessions())]);
  const setup =
    new URL(request.url).searchParams.get("setup") === "1" && !status.enabled
      ? await load(request, () => context.trpc.auth.beginTwoFactorSetup({ fresh: false }))
      : null;
  return { status, sessions, setup };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const here = "/account/security";
  try {
    const input = parseForm(form, securityPageForm);
    switch (input.intent) {
      case "confirm-setup": {
        const { recoveryCodes } = await context.trpc.auth.confirmTwoFactorSetup({ code: input.code });
        return data({ recoveryCodes, intent: "confirm-setup" as const });
      }
      case "new-codes": {
        const { recoveryCodes } = await context.trpc.auth.newRecoveryCodes({ code: input.code });
        return data({ recoveryCodes, intent: "new-codes" as const });
      }
      case "disable":
        await context.trpc.auth.disableTwoFactor({ password: input.password, code: input.code });
        return redirectWithToast(here, "Two-factor sign-in is off.");
      case "end-session": {
        const r = await context.trpc.auth.endSession({ session: input.session });
        if ("wasCurrent" in r && r.wasCurrent) return redirect("/login");
        return redirectWithToast(here, "That session has ended: the browser is signed out.");
      }
      case "end-others": {
        const { ended } = await context.trpc.auth.endOtherSessions();
        return redirectWithToast(here, ended === 0 ? "No other sessions were open." : `Signed out of ${ended} other session${ended === 1 ? "" : "s"}.`);
      }
    }
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function Security() {
  const { status, sessions, setup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const codes = result && "recoveryCodes" in result ? result.recoveryCodes : null;
  const failure = result && !("recoveryCodes" in result) ? result : undefined;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <main className="narrow">
      <p>
        <Link to="/account">← Your account</Link>
      </p>
      <h1>Security</h1>
      <FormError failure={failure} />
      {codes ? <RecoveryCodes codes={codes} /> : null}

      <section aria-labelledby="tfa">
        <h2 id="tfa">Two-factor sign-in</h2>
        {status.enabled ? (
          <>
            <p>
              <span className="badge ok">On</span> since {status.enabledAt ? <LocalTime date={status.enabledAt} /> : "—"}. Signing in asks for a code from your
              authenticator app. {status.recoveryCodesLeft} unused recovery code{status.recoveryCodesLeft === 1 ? "" : "s"} left.
            </p>
            <h3>New recovery codes</h3>
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="intent" value="new-codes" />
              <Field label="Code from your app" name="code" failure={failure} autoComplete="one-time-code" inputMode="numeric" maxLength={40} />
              <button type="submit" className="secondary">
                Make new codes
              </button>
            </Form>
            {status.required ? (
              <p className="hint">
                {status.required === "platform admin"
                  ? "Platform admins must keep two-factor sign-in on."
                  : "A shop you work in requires two-factor sign-in, so it stays on."}
              </p>
            ) : (
              <>
                <h3>Turn off</h3>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="disable" />
                  <Field label="Password" name="password" type="password" failure={failure} autoComplete="current-password" />
                  <Field label="Code from your app" name="code" failure={failure} autoComplete="one-time-code" maxLength={40} />
                  <button type="submit" className="danger">
                    Turn off two-factor sign-in
                  </button>
                </Form>
              </>
            )}
          </>
        ) : setup ? (
          <>
            <p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
            <TotpSetup setup={setup} />
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="intent" value="confirm-setup" />
              <Field label="Code from your app" name="code" failure={failure} autoComplete="one-time-code" inputMode="numeric" maxLength={40} autoFocus />
              <button type="submit">Turn on</button>
            </Form>
          </>
        ) : (
          <>
            <p>
              <span className="badge">Off</span> A password alone signs you in.
              {status.required ? " You will be asked to set up a second factor at your next sign-in." : ""}
            </p>
            <p>
              <Link className="button" to="?setup=1">
                Set up two-factor sign-in
              </Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="sessions">
        <h2 id="sessions">Where you are signed in</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Device</th>
                <th>Network</th>
                <th>Signed in</th>
                <th>Last seen</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.device}
                    {s.current ? (
                      <>
                        {" "}
                        <span className="badge ok">This browser</span>
                      </>
                    ) : null}
                  </td>
                  <td>{s.ip ?? "—"}</td>
                  <td>
                    <LocalTime date={s.createdAt} />
                  </td>
                  <td>
                    <LocalTime date={s.lastSeenAt} />
                  </td>
                  <td>
                    <Form method="post" className="inline">
                      <input type="hidden" name="session" value={s.id} />
                      <ConfirmButton
                        name="intent"
                        value="end-session"
                        variant="link"
                        title={s.current ? "Sign out of this browser?" : `End the session on ${s.device}?`}
                        message={s.current ? undefined : "That browser is signed out at once."}
                        confirmLabel={s.current ? "Sign out" : "End session"}
                      >
                        {s.current ? "Sign out" : "End"}
                      </ConfirmButton>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">The network is the first part of the address the browser came from; no place is looked up.</p>
        {others > 0 ? (
          <Form method="post">
            <ConfirmButton
              name="intent"
              value="end-others"
              title="Sign out of every other browser and device?"
              message="Each of them has to sign in again."
              confirmLabel="Sign out everywhere else"
            >
              {`Sign out everywhere else (${others})`}
            </ConfirmButton>
          </Form>
        ) : null}
      </section>
    </main>
  );
}
