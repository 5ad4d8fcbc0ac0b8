import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { ConfirmButton } from "../components/ui";
import { FormError } from "../components/form";
import { parseForm, readForm } from "../lib/forms";
import { staffSecurityForm } from "../../server/schemas/staff";
import { translator, useFormat, useT } from "../lib/i18n";
import { ROLE_LABELS } from "../lib/role-labels";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("staff.security.meta") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const security = await load(request, () => context.trpc.staff.security({ shopSlug: params.slug ?? "" }));
  return { ...security, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const shopSlug = params.slug ?? "";
  const here = `/shop/${shopSlug}/staff/security`;
  const t = translator(context.locale);
  try {
    const input = parseForm(form, staffSecurityForm);
    switch (input.intent) {
      case "require": {
        const { required } = input;
        await context.trpc.staff.requireTwoFactor({ shopSlug, required });
        return redirectWithToast(here, required ? t("staff.security.required") : t("staff.security.notRequired"));
      }
      case "sign-out": {
        const { ended } = await context.trpc.staff.signOutEverywhere({ shopSlug, membershipId: input.membershipId });
        return redirectWithToast(here, ended === 0 ? t("staff.security.notSignedIn") : t("staff.security.signedOut", { count: ended }));
      }
    }
  } catch (error) {
    return toResponse(error, request);
  }
}

export default function StaffSecurity() {
  const { requireTwoFactor, members } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const timeZone = useShopTimeZone();
  const without = members.filter((m) => !m.twoFactor).length;
  const { slug } = useParams();
  const t = useT();
  const f = useFormat();
  return (
    <>
      <p>
        <Link to={`/shop/${slug}/staff`}>{t("staff.security.back")}</Link>
      </p>
      <h1>{t("staff.security.title")}</h1>
      <FormError failure={failure} />
      <Form method="post">
        <input type="hidden" name="intent" value="require" />
        <label>
          <input type="checkbox" name="required" defaultChecked={requireTwoFactor} aria-describedby="require-hint" /> {t("staff.security.require")}
        </label>
        <p className="hint" id="require-hint">
          {t("staff.security.hint")} {without > 0 ? t("staff.security.without", { without, total: members.length }) : t("staff.security.everyone")}
        </p>
        <button type="submit">{t("common.save")}</button>
      </Form>

      <h2>{t("staff.security.people")}</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={t("staff.security.title")}>
        <table>
          <thead>
            <tr>
              <th>{t("staff.col.name")}</th>
              <th>{t("staff.col.role")}</th>
              <th>{t("staff.security.twoFactor")}</th>
              <th>{t("staff.security.signedIn")}</th>
              <th>{t("staff.security.lastSeen")}</th>
              <th>
                <span className="sr-only">{t("staff.col.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>
                  <span translate="no">{m.name}</span>
                  <br />
                  <small className="hint" translate="no">
                    {m.email}
                  </small>
                </td>
                <td>
                  <span className="badge">{t(ROLE_LABELS[m.role])}</span>
                </td>
                <td>{m.twoFactor ? <span className="badge">{t("staff.security.on")}</span> : <span className="badge low">{t("staff.security.off")}</span>}</td>
                <td className="num">{m.sessions}</td>
                <td>{m.lastSeenAt ? f.dateTime(m.lastSeenAt, timeZone) : "—"}</td>
                <td>
                  {m.role !== "owner" && m.sessions > 0 ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="membershipId" value={m.id} />
                      <ConfirmButton
                        name="intent"
                        value="sign-out"
                        variant="link"
                        title={t("staff.security.signOutTitle", { name: m.name })}
                        message={t("staff.security.signOutMessage")}
                        confirmLabel={t("staff.security.signOut")}
                      >
                        {t("staff.security.signOut")}
                      </ConfirmButton>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
