import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { RecoveryCodes, TotpSetup } from "../components/two-factor";
import { parseForm, readForm } from "../lib/forms";
import { twoFactorPageForm } from "../../server/schemas/auth";
import { localPath } from "../lib/local-path";
import { cookieValue } from "../../server/http/cookie-value";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.twoFactor.title") }];

/** The second step's token, from its own HttpOnly cookie (never in a URL or a form). */
function challengeOf(request: Request): string | null {
  return cookieValue(request.headers.get("Cookie") ?? "", "nearshop_2fa", /^[A-Za-z0-9_-]{20,100}$/);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.user) throw redirect(localPath(new URL(request.url).searchParams.get("next")) ?? "/shops");
  const challenge = challengeOf(request);
  if (!challenge) throw redirect("/login");
  try {
    return await load(request, () => context.trpc.auth.twoFactorChallenge({ challenge }));
  } catch (error) {
    // Expired, forged, or just completed (the page that shows the new
    // recovery codes renders after the action used the challenge up).
    if (error instanceof Response && error.status === 400) return { mode: "ended" as const, email: "", setup: null };
    throw error;
  }
}

/** After the code is accepted the challenge is gone: keep this page (and its recovery codes) as it is. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "recoveryCodes" in actionResult ? false : defaultShouldRevalidate;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const challenge = challengeOf(request);
  const t = translator(context.locale);
  if (!challenge) return redirectWithToast("/login", t("account.twoFactor.expiredToast"));
  try {
    const { code, next: wanted } = parseForm(form, twoFactorPageForm);
    const result = await context.trpc.auth.completeTwoFactor({ challenge, code });
    const next = localPath(wanted) ?? result.redirectTo;
    // A new authenticator: the recovery codes are shown once, before going on.
    if (result.recoveryCodes) return data({ recoveryCodes: result.recoveryCodes, next });
    if (result.usedRecoveryCode) {
      return redirectWithToast(next, t("account.twoFactor.usedRecovery"));
    }
    return redirect(next);
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function TwoFactor() {
  const { mode, email, setup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  if (result && "recoveryCodes" in result) {
    return (
      <main className="narrow">
        <h1>{t("account.twoFactor.isOn")}</h1>
        <RecoveryCodes codes={result.recoveryCodes} />
        <p>
          <Link className="button" to={result.next}>
            {t("account.twoFactor.continue")}
          </Link>
        </p>
      </main>
    );
  }
  const failure = result && !("recoveryCodes" in result) ? result : undefined;
  if (mode === "ended") {
    return (
      <main className="narrow">
        <h1>{t("account.security.tfa")}</h1>
        <p>{t("account.twoFactor.ended")}</p>
        <p>
          <Link className="button" to="/login">
            {t("account.twoFactor.logInAgain")}
          </Link>
        </p>
      </main>
    );
  }
  return (
    <main className="narrow">
      <h1>{t("account.security.tfa")}</h1>
      {mode === "setup" && setup ? (
        <>
          <p>{t.rich("account.twoFactor.mustSetUp", { email: <span translate="no">{email}</span> })}</p>
          <TotpSetup setup={setup} />
        </>
      ) : (
        <p>{t.rich("account.twoFactor.enter", { email: <span translate="no">{email}</span> })}</p>
      )}
      <Form method="post" noValidate>
        <FormError failure={failure} />
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field
          label={mode === "setup" ? t("account.security.code") : t("account.twoFactor.code")}
          name="code"
          failure={failure}
          inputMode={mode === "setup" ? "numeric" : "text"}
          autoComplete="one-time-code"
          autoFocus
          required
          maxLength={40}
        />
        <button type="submit" disabled={busy}>
          {busy ? t("account.twoFactor.checking") : mode === "setup" ? t("account.twoFactor.turnOnSignIn") : t("account.twoFactor.signIn")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("account.twoFactor.startAgain")}</Link>
      </p>
    </main>
  );
}
