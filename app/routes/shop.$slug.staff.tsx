import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { Field, FormError } from "../components/form";
import { useSubmitKey } from "../components/submit-key";
import { Badge, Button, ConfirmButton, DataTable, Select } from "../components/ui";
import { keepValues, parseForm, readForm } from "../lib/forms";
import { staffPageForm } from "../../server/schemas/staff";
import { redirectWithToast } from "../lib/toast.server";
import { load, toResponse } from "../lib/trpc.server";
import type { loader as shopLoader } from "./shop.$slug";
import { idSchema } from "../../server/schemas/common";
import { oncePerSubmitKey } from "../lib/submit-key.server";
import { requireParams } from "../lib/url-params";
import { z } from "zod";
import { translator, useFormat, useT } from "../lib/i18n";
import { ROLE_LABELS } from "../lib/role-labels";
import { useShopTimeZone } from "../lib/use-shop-time-zone";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translator(data?.locale ?? "en")("staff.meta") }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { after } = requireParams(request, z.object({ after: idSchema.optional() }));
  const list = await load(request, () => context.trpc.staff.list({ shopSlug: params.slug ?? "", cursor: after }));
  return { ...list, locale: context.locale };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const shopSlug = params.slug ?? "";
  const here = `/shop/${shopSlug}/staff`;
  const t = translator(context.locale);
  try {
    const input = parseForm(form, staffPageForm, { beside: ["email"] });
    switch (input.intent) {
      case "invite": {
        // Sent twice (double click, resent POST): one invitation, the same answer.
        const email = await oncePerSubmitKey(
          form,
          `invite:${shopSlug}`,
          async () => (await context.trpc.staff.invite({ shopSlug, email: input.email, role: input.role })).email,
        );
        return redirectWithToast(here, t("staff.invited", { email }));
      }
      case "change-role":
        await context.trpc.staff.changeRole({ shopSlug, membershipId: input.membershipId, role: input.role });
        return redirectWithToast(here, t("staff.roleChanged"));
      case "remove":
        await context.trpc.staff.remove({ shopSlug, membershipId: input.membershipId });
        return redirectWithToast(here, t("staff.removed"));
      case "revoke":
        await context.trpc.staff.revokeInvitation({ shopSlug, invitationId: input.invitationId });
        return redirectWithToast(here, t("staff.withdrawn"));
    }
  } catch (error) {
    return toResponse(error, request, keepValues(form));
  }
}

export default function Staff() {
  const { members, invitations, nextCursor } = useLoaderData<typeof loader>();
  const timeZone = useShopTimeZone();
  const shopData = useRouteLoaderData<typeof shopLoader>("routes/shop.$slug");
  const failure = useActionData<typeof action>();
  const isOwner = shopData?.role === "owner";
  const inviteOnce = useSubmitKey();
  const t = useT();
  const f = useFormat();
  const inviteRoles = [
    { value: "cashier", label: t("staff.invite.cashier") },
    { value: "manager", label: t("staff.invite.manager") },
  ];
  return (
    <>
      <h1>{t("staff.title")}</h1>
      {isOwner ? (
        <p>
          <Link to="security">{t("staff.securityLink")}</Link>
        </p>
      ) : null}
      <FormError failure={failure} />
      <DataTable
        label={t("staff.title")}
        rows={members}
        rowKey={(m) => m.id}
        nextCursor={nextCursor}
        empty={<p>{t("staff.nobody")}</p>}
        columns={[
          { header: t("staff.col.name"), cell: (m) => <span translate="no">{m.user.name}</span> },
          { header: t("staff.col.email"), cell: (m) => <span translate="no">{m.user.email}</span>, className: "break" },
          {
            header: t("staff.col.role"),
            cell: (m) =>
              isOwner && m.role !== "owner" ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="change-role" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <select name="role" defaultValue={m.role} aria-label={t("staff.roleOf", { name: m.user.name })}>
                    <option value="manager">{t(ROLE_LABELS.manager)}</option>
                    <option value="cashier">{t(ROLE_LABELS.cashier)}</option>
                  </select>
                  <Button variant="secondary" match={{ intent: "change-role", membershipId: m.id }}>
                    {t("staff.change")}
                  </Button>
                </Form>
              ) : (
                <Badge tone="accent">{t(ROLE_LABELS[m.role])}</Badge>
              ),
          },
          ...(isOwner
            ? [
                {
                  header: t("staff.col.actions"),
                  hideHeader: true,
                  cell: (m: (typeof members)[number]) =>
                    m.role !== "owner" ? (
                      <Form method="post">
                        <input type="hidden" name="membershipId" value={m.id} />
                        <ConfirmButton
                          name="intent"
                          value="remove"
                          title={t("staff.removeTitle", { name: m.user.name })}
                          message={t("staff.removeMessage")}
                          confirmLabel={t("staff.remove")}
                        >
                          {t("staff.remove")}
                        </ConfirmButton>
                      </Form>
                    ) : null,
                },
              ]
            : []),
        ]}
      />

      <h2>{t("staff.pending")}</h2>
      {invitations.length === 0 ? (
        <p className="empty-state">{t("staff.noPending")}</p>
      ) : (
        <ul className="list">
          {invitations.map((i) => (
            <li key={i.id}>
              <span translate="no">{i.email}</span> · {t("staff.invitation", { role: t(ROLE_LABELS[i.role]), time: f.dateTime(i.expiresAt, timeZone) })}{" "}
              {isOwner ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="invitationId" value={i.id} />
                  <ConfirmButton
                    name="intent"
                    value="revoke"
                    variant="link"
                    title={t("staff.withdrawTitle", { email: i.email })}
                    message={t("staff.withdrawMessage")}
                    confirmLabel={t("staff.withdrawInvitation")}
                  >
                    {t("staff.withdraw")}
                  </ConfirmButton>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {isOwner ? (
        <>
          <h2>{t("staff.inviteTitle")}</h2>
          <Form method="post" noValidate className="inline-form" ref={inviteOnce.ref}>
            <input type="hidden" name="intent" value="invite" />
            {inviteOnce.input}
            <Field label={t("staff.email")} name="email" type="email" failure={failure} required />
            <Select label={t("staff.role")} name="role" id="invite-role" defaultValue="cashier" failure={failure} options={inviteRoles} />
            <Button pendingLabel={t("staff.sending")}>{t("staff.send")}</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}
