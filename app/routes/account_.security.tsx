import { translator, useT } from "../lib/i18n";
import { metaT } from "../lib/meta-i18n";
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

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("account.security.title") }];

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
  const t = translator(context.locale);
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
        return redirectWithToast(here, t("account.security.offToast"));
      case "end-session": {
        const r = await context.trpc.auth.endSession({ session: input.session });
        if ("wasCurrent" in r && r.wasCurrent) return redirect("/login");
        return redirectWithToast(here, t("account.security.endedToast"));
      }
      case "end-others": {
        const { ended } = await context.trpc.auth.endOtherSessions();
        return redirectWithToast(here, t("account.security.endedOthersToast", { count: ended }));
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
  const t = useT();
  const codeLabel = t("account.security.code");
  return (
    <main className="narrow">
      <p>
        <Link to="/account">← {t("account.home.heading")}</Link>
      </p>
      <h1>{t("account.security.heading")}</h1>
      <FormError failure={failure} />
      {codes ? <RecoveryCodes codes={codes} /> : null}

      <section aria-labelledby="tfa">
        <h2 id="tfa">{t("account.security.tfa")}</h2>
        {status.enabled ? (
          <>
            <p>
              {t.rich("account.security.onSince", {
                on: (chunks) => <span className="badge ok">{chunks}</span>,
                since: status.enabledAt ? <LocalTime date={status.enabledAt} /> : "—",
                count: status.recoveryCodesLeft,
              })}
            </p>
            <h3>{t("account.security.newCodes")}</h3>
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="intent" value="new-codes" />
              <Field label={codeLabel} name="code" failure={failure} autoComplete="one-time-code" inputMode="numeric" maxLength={40} />
              <button type="submit" className="secondary">
                {t("account.security.makeCodes")}
              </button>
            </Form>
            {status.required ? (
              <p className="hint">{status.required === "platform admin" ? t("account.security.requiredAdmin") : t("account.security.requiredShop")}</p>
            ) : (
              <>
                <h3>{t("account.security.turnOff")}</h3>
                <Form method="post" noValidate>
                  <input type="hidden" name="intent" value="disable" />
                  <Field label={t("account.field.password")} name="password" type="password" failure={failure} autoComplete="current-password" />
                  <Field label={codeLabel} name="code" failure={failure} autoComplete="one-time-code" maxLength={40} />
                  <button type="submit" className="danger">
                    {t("account.security.turnOffButton")}
                  </button>
                </Form>
              </>
            )}
          </>
        ) : setup ? (
          <>
            <p>{t("account.security.scan")}</p>
            <TotpSetup setup={setup} />
            <Form method="post" noValidate className="inline-form">
              <input type="hidden" name="intent" value="confirm-setup" />
              <Field label={codeLabel} name="code" failure={failure} autoComplete="one-time-code" inputMode="numeric" maxLength={40} autoFocus />
              <button type="submit">{t("account.security.turnOn")}</button>
            </Form>
          </>
        ) : (
          <>
            <p>
              <span className="badge">{t("account.security.off")}</span> {t("account.security.passwordAlone")}
              {status.required ? ` ${t("account.security.askedNext")}` : ""}
            </p>
            <p>
              <Link className="button" to="?setup=1">
                {t("account.security.setUp")}
              </Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="sessions">
        <h2 id="sessions">{t("account.security.sessions")}</h2>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t("account.security.device")}</th>
                <th>{t("account.security.network")}</th>
                <th>{t("account.security.signedIn")}</th>
                <th>{t("account.security.lastSeen")}</th>
                <th>
                  <span className="sr-only">{t("account.security.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <span translate="no">{s.device}</span>
                    {s.current ? (
                      <>
                        {" "}
                        <span className="badge ok">{t("account.security.thisBrowser")}</span>
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
                        title={s.current ? t("account.security.signOutThis") : t("account.security.endOn", { device: s.device })}
                        message={s.current ? undefined : t("account.security.endMessage")}
                        confirmLabel={s.current ? t("account.security.signOut") : t("account.security.endSession")}
                      >
                        {s.current ? t("account.security.signOut") : t("account.security.end")}
                      </ConfirmButton>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">{t("account.security.networkHint")}</p>
        {others > 0 ? (
          <Form method="post">
            <ConfirmButton
              name="intent"
              value="end-others"
              title={t("account.security.othersTitle")}
              message={t("account.security.othersMessage")}
              confirmLabel={t("account.security.othersConfirm")}
            >
              {t("account.security.othersButton", { count: others })}
            </ConfirmButton>
          </Form>
        ) : null}
      </section>
    </main>
  );
}
